"""The one way a click changes data.

Every button and form hands its work to `run` (or to `callback`, which wraps `run` for
``on_click``). For each click the runner:

1. re-resolves the current user on the server (the account may have been deactivated, logged
   out elsewhere or lost a role since the page was drawn; callbacks run before the entry
   script's gate, so nothing else checks this);
2. runs the service in one transaction (`db()`), passing it that fresh user;
3. leaves one kind of feedback for the area, shown once by `feedback(area)`, escaped;
4. resets the widget state it owns: the keys in `reset`, or every key made by `key(area, ...)`
   when `renew=True` (a new generation of keys gives every widget of the area its default).

Pages never wrap services in try/except: a `DialogueDeskError` becomes the area's error
message and the form keeps what the user typed.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional, TypeVar, Union

import streamlit as st
from sqlalchemy.orm import Session

from db.codes import ROLES
from dashboard import auth
from dashboard.auth import CurrentUser
from dashboard.runtime import db
from dashboard.i18n import N_
from dashboard.interface_language import _
from dashboard.services.errors import DialogueDeskError
from dashboard.textfmt import escape_md

T = TypeVar("T")
Work = Callable[[Session, CurrentUser], T]
Message = Union[str, Callable[[Any], Optional[str]], None]

_FEEDBACK = "dd_feedback"
_GENERATION = "dd_generation"
_BROWSER = "dd_actions_browser"  # a name for this browser session (Streamlit's own id is one constant under AppTest)
_DONE_LIMIT = 200  # named presses remembered per browser session
_BROWSERS_LIMIT = 2000

NOT_ALLOWED = N_("Only {wanted} may do this; you are logged in as {roles}. Nothing was saved.")
LOGIN_ENDED = N_("Your login has ended (logged out, deactivated or changed elsewhere): nothing was saved. Log in again.")


@dataclass(frozen=True)
class Feedback:
    kind: str  # "success" | "error" | "info"
    text: str


def key(area: str, name: str, *record: object) -> str:
    """A widget key owned by `area`, tied to the record it edits; renewed by `run(..., renew=True)`."""
    generation = st.session_state.get(_GENERATION, {}).get(area, 0)
    suffix = ".".join(str(r) for r in record)
    return f"{area}.{generation}.{name}" + (f".{suffix}" if suffix else "")


def value(area: str, name: str, *record: object, default: Any = None) -> Any:
    """The current value of the widget made with `key(area, name, *record)`."""
    return st.session_state.get(key(area, name, *record), default)


def renew(area: str) -> None:
    """Give every widget keyed by `key(area, ...)` a fresh key, so it shows its default again."""
    generations = dict(st.session_state.get(_GENERATION, {}))
    generations[area] = generations.get(area, 0) + 1
    st.session_state[_GENERATION] = generations


def _t(message: str) -> str:
    """Our message in the reader's language."""
    return _(message)


def _error(exc: DialogueDeskError) -> str:
    return exc.render(_t)


def say(area: str, kind: str, text: str) -> None:
    """Leave a message for `feedback(area)` (used by the runner; also for page-level notices)."""
    st.session_state.setdefault(_FEEDBACK, {})[area] = Feedback(kind, text)


def feedback(area: str) -> None:
    """Show, once, what the last action of `area` left: success, or the error that stopped it."""
    message: Optional[Feedback] = st.session_state.get(_FEEDBACK, {}).pop(area, None)
    if message is None:
        return
    text = escape_md(message.text)
    if message.kind == "error":
        st.error(text, icon=":material/error:")
    elif message.kind == "info":
        st.info(text, icon=":material/info:")
    else:
        st.success(text, icon=":material/check_circle:")


@dataclass
class _Press:
    """A named press (`once`): being saved, or saved with the result and success message it left."""

    result: Any = None
    text: Optional[str] = None
    done: bool = False
    settled: bool = False  # its form was reset and its message left
    finished: threading.Event = field(default_factory=threading.Event)


# Named presses live outside st.session_state on purpose. A double click sends two reruns, and
# Streamlit runs their callbacks in two threads at once; it also stops the first one at its next
# st.session_state access, which can come right after the service committed. So a press is
# claimed before the service runs, here, where nothing interrupts it: the second rerun waits for
# the first, then either finds the press saved (and finishes resetting the form) or saves it.
# The first run may be stopped anywhere after the commit, even before it words its message, so a
# press keeps its result and whichever run settles it words the message from that.
_PRESSES: OrderedDict[str, OrderedDict[str, _Press]] = OrderedDict()
_PRESSES_LOCK = threading.Lock()
_PRESS_WAIT_S = 30.0


def _claim(browser: str, once: str) -> tuple[_Press, bool]:
    """The press named `once`, and whether this run must do it (False: it was done, or is stuck)."""
    while True:
        with _PRESSES_LOCK:
            presses = _PRESSES.pop(browser, OrderedDict())
            _PRESSES[browser] = presses
            while len(_PRESSES) > _BROWSERS_LIMIT:
                _PRESSES.popitem(last=False)
            press = presses.get(once)
            if press is None:
                press = presses[once] = _Press()
                while len(presses) > _DONE_LIMIT:
                    presses.popitem(last=False)
                return press, True
        if press.done or not press.finished.wait(_PRESS_WAIT_S):
            return press, False
        # The other run gave up before saving (an error, or Streamlit stopped it): try again.


def _release(browser: str, once: str, press: _Press) -> None:
    with _PRESSES_LOCK:
        presses = _PRESSES.get(browser, {})
        if presses.get(once) is press:
            del presses[once]


def _settle(area: str, press: _Press, success: Message, reset: Iterable[str], renew_keys: bool) -> None:
    if press.text is None:
        press.text = success(press.result) if callable(success) else success
    for name in reset:
        st.session_state.pop(name, None)
    if renew_keys:
        renew(area)
    if press.text:
        say(area, "success", press.text)
    press.settled = True


def _allowed(roles: Sequence[str]) -> Optional[CurrentUser]:
    user = auth.current_user()
    if user is None:
        return None
    if roles and not user.has(*roles):
        return None
    return user


def run(area: str, work: Work[T], *, roles: Sequence[str], success: Message = None,
        reset: Iterable[str] = (), renew_keys: bool = False, once: Optional[str] = None) -> bool:
    """Run `work(session, user)` for a user re-checked now; True when it was saved.

    `success` is a message, or a function of the result returning one. `once` names this
    exact press (e.g. "next-question from 12"): a second run with the same name is ignored,
    so a double click or a repeated shortcut acts once.
    """
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise ValueError(f"actions.run needs known roles, got {list(roles)}")
    press, mine, browser = _Press(), True, ""
    if once is not None:
        browser = st.session_state.setdefault(_BROWSER, uuid.uuid4().hex)
        press, mine = _claim(browser, once)
        if not mine:
            if press.done:
                # Saved by another run of this press (a double click): let that run end first, then
                # finish what it could not (it may be stopped mid-way) and say the message again,
                # since that run may be cut short by this one after drawing it.
                press.finished.wait(_PRESS_WAIT_S)
                if not press.settled:
                    _settle(area, press, success, reset, renew_keys)
                elif press.text:
                    say(area, "success", press.text)
            return False
    try:
        user = _allowed(roles)
        if user is None:
            still = auth.current_user()
            if still is None:
                say(area, "error", _t(LOGIN_ENDED))
            else:
                wanted = ", ".join(_t(ROLES[r]) for r in roles)
                held = ", ".join(_t(ROLES[r]) for r in still.roles if r in ROLES)
                say(area, "error", _t(NOT_ALLOWED).format(wanted=wanted, roles=held))
            return False
        try:
            with db() as session:
                result = work(session, user)
        except DialogueDeskError as exc:
            say(area, "error", _error(exc))
            return False
        press.result = result
        press.done = True  # committed: from here on this press is never run again
        _settle(area, press, success, reset, renew_keys)
        return True
    finally:
        if once is not None:
            if not press.done:
                _release(browser, once, press)
            press.finished.set()


def callback(area: str, work: Work[Any], *, roles: Sequence[str], success: Message = None,
             reset: Iterable[str] = (), renew_keys: bool = False, once: Optional[str] = None) -> Callable[[], None]:
    """`run(...)` packaged for a widget's ``on_click`` / ``on_change``."""
    reset = tuple(reset)

    def _on_event() -> None:
        run(area, work, roles=roles, success=success, reset=reset, renew_keys=renew_keys, once=once)

    return _on_event


def run_anonymous(area: str, work: Callable[[Session], T]) -> Optional[T]:
    """The runner for the one thing done before logging in (joining with a share code): no user to re-check.

    Runs `work(session)` in one transaction; a DialogueDeskError becomes the area's error message.
    """
    try:
        with db() as session:
            return work(session)
    except DialogueDeskError as exc:
        say(area, "error", _error(exc))
        return None


def guard(*roles: str) -> CurrentUser:
    """First line of a fragment: fragment reruns skip the entry script, so re-check the user here."""
    return auth.require_role(*roles)


def load(area: str, fn: Callable[[Session], T]) -> Optional[T]:
    """Read something for display in one transaction; None (and the area's error) when a DialogueDeskError stops it.

    Show the message with `feedback(area)` after this call.
    """
    try:
        with db() as session:
            return fn(session)
    except DialogueDeskError as exc:
        say(area, "error", _error(exc))
        return None


_KEPT = "dd_feedback_kept"


def lasting_feedback(area: str, seconds: float = 6.0) -> None:
    """`feedback(area)` for a part that redraws itself on a timer: the message stays `seconds`."""
    fresh: Optional[Feedback] = st.session_state.get(_FEEDBACK, {}).pop(area, None)
    kept = st.session_state.setdefault(_KEPT, {})
    if fresh is not None:
        kept[area] = (fresh, time.monotonic() + seconds)
    message, until = kept.get(area, (None, 0.0))
    if message is None or time.monotonic() > until:
        kept.pop(area, None)
        return
    say(area, message.kind, message.text)
    feedback(area)
