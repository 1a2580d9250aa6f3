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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Optional, TypeVar, Union

import streamlit as st
from sqlalchemy.orm import Session

from db.codes import ROLES
from dashboard import auth
from dashboard.auth import CurrentUser
from dashboard.runtime import db
from dashboard.services.errors import DialogueDeskError
from dashboard.textfmt import escape_md

T = TypeVar("T")
Work = Callable[[Session, CurrentUser], T]
Message = Union[str, Callable[[Any], Optional[str]], None]

_FEEDBACK = "dd_feedback"
_GENERATION = "dd_generation"
_DONE = "dd_actions_done"
_DONE_LIMIT = 200

LOGIN_ENDED = "Your login has ended (logged out, deactivated or changed elsewhere): nothing was saved. Log in again."


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
    if once is not None and once in st.session_state.get(_DONE, ()):
        return False
    user = _allowed(roles)
    if user is None:
        still = auth.current_user()
        if still is None:
            say(area, "error", LOGIN_ENDED)
        else:
            wanted = ", ".join(ROLES[r] for r in roles)
            say(area, "error", f"Only {wanted} may do this; you are logged in as {still.role_labels}. "
                               "Nothing was saved.")
        return False
    try:
        with db() as session:
            result = work(session, user)
    except DialogueDeskError as exc:
        say(area, "error", str(exc))
        return False
    if once is not None:
        done = list(st.session_state.get(_DONE, ()))[-_DONE_LIMIT:]
        st.session_state[_DONE] = (*done, once)
    for name in reset:
        st.session_state.pop(name, None)
    if renew_keys:
        renew(area)
    text = success(result) if callable(success) else success
    if text:
        say(area, "success", text)
    return True


def callback(area: str, work: Work[Any], *, roles: Sequence[str], success: Message = None,
             reset: Iterable[str] = (), renew_keys: bool = False, once: Optional[str] = None) -> Callable[[], None]:
    """`run(...)` packaged for a widget's ``on_click`` / ``on_change``."""
    reset = tuple(reset)

    def _on_event() -> None:
        run(area, work, roles=roles, success=success, reset=reset, renew_keys=renew_keys, once=once)

    return _on_event


def guard(*roles: str) -> CurrentUser:
    """First line of a fragment: fragment reruns skip the entry script, so re-check the user here."""
    return auth.require_role(*roles)
