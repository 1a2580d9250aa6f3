"""The sidebar session picker every staff page shares.

It owns `dd_session_id` and the URL's ``?session=``: the chosen session is written to the URL,
so a reload or a copied link opens the same session instead of falling back to the newest one.
A ``?session=`` the picker did not write itself (a fresh browser session, a link) wins over
what this browser session remembers; one that names no session is said plainly, never
replaced by another session without a word.
"""
from __future__ import annotations

from typing import Iterable, Optional

import streamlit as st

from db.codes import SESSION_STATUSES
from dashboard.services.catalog import SessionChoice, list_session_choices
from dashboard.services.errors import Conflict
from dashboard.textfmt import escape_md
from dashboard.runtime import db
from dashboard.ui.language import _, label as status_label, when as day_of

KEY = "dd_session_id"
WIDGET = "dd_session_picker"
PARAM = "session"
_SEEN = "dd_session_url_seen"  # the ?session= value already adopted or written by the picker
_PROBLEM = "dd_session_url_problem"
_DRAWN = ".drawn"  # suffix of the key remembering what a choice widget showed when last drawn


def session_param_problem(raw: str, available: Iterable[int], *, not_available: str) -> Optional[str]:
    """Why a ``?session=`` value cannot be shown ('abc' is not a number, or `not_available`), or None."""
    text = raw.strip()
    if not text.isdigit():
        return _("'{value}' is not a session number.").format(value=raw)
    if int(text) not in set(available):
        return not_available.format(number=int(text))
    return None


def _adopt_url(ids: list[int]) -> None:
    raw = st.query_params.get(PARAM)
    if raw is None or raw == st.session_state.get(_SEEN):
        return
    st.session_state[_SEEN] = raw
    problem = session_param_problem(raw, ids, not_available=_("Session {number} is not available here."))
    st.session_state[KEY] = None if problem else int(raw.strip())
    st.session_state[_PROBLEM] = problem


def _write_url(session_id: int) -> None:
    st.session_state[_SEEN] = str(session_id)
    if st.query_params.get(PARAM) != str(session_id):
        st.query_params[PARAM] = str(session_id)


def choice_widget(widget: str, chosen: Optional[object]) -> Optional[object]:
    """Prepare the selectbox keyed `widget` to show `chosen`, unless a person picked another value in it.

    Returns what the person picked since the widget was last drawn (None when they did not).
    The value is set through session_state on every run, never by popping the key: a popped
    key kept showing the old choice in the browser while the server already used the new
    one, and another page's widget of the same key starts from its own default.
    """
    shown = st.session_state.get(widget)
    picked = shown if shown is not None and shown != st.session_state.get(widget + _DRAWN) else None
    target = picked if picked is not None else chosen
    st.session_state[widget] = target
    st.session_state[widget + _DRAWN] = target
    return picked


def pick_session(statuses: Optional[Iterable[str]] = None, *, label: Optional[str] = None) -> Optional[SessionChoice]:
    """Choose a session in the sidebar (kept in the URL and across pages); None when there is none.

    A ``?session=`` naming no session shows why and stops the page until one is picked.
    """
    with db() as session:
        choices = list_session_choices(session, statuses)
    if not choices:
        return None
    ids = [c.id for c in choices]
    by_id = {c.id: c for c in choices}
    _adopt_url(ids)
    remembered = st.session_state.get(KEY)
    problem = st.session_state.get(_PROBLEM)
    if remembered not in by_id:
        remembered = None if problem else ids[0]
    if choice_widget(WIDGET, remembered) in by_id:
        problem = None

    def fmt(c: SessionChoice) -> str:
        when = day_of(c.scheduled_start, with_time=False)
        return f"{c.label} · {status_label(SESSION_STATUSES, c.status)}" + (f" · {when}" if when else "")

    # Worded now, in this run's language: Streamlit may call format_func outside the run.
    shown = {c.id: fmt(c) for c in choices}
    chosen = st.sidebar.selectbox(label or _("Session"), ids, format_func=shown.get, key=WIDGET,
                                  placeholder=_("Choose a session"))
    if chosen is None:
        st.error(escape_md(_("{problem} Choose one in the sidebar.").format(
            problem=problem or _("No session is chosen."))), icon=":material/error:")
        st.stop()
    st.session_state[KEY] = chosen
    st.session_state.pop(_PROBLEM, None)
    _write_url(chosen)
    return by_id[chosen]


def require_picked(session_id: int) -> None:
    """Refuse an action drawn for `session_id` once another session is the picked one."""
    picked = st.session_state.get(KEY)
    if picked != session_id:
        raise Conflict("This form was for session {session_id}, but session {picked} is chosen now: nothing was "
                       "saved. Check the session in the sidebar and try again.", session_id=session_id, picked=picked)


def remember_session(session_id: int) -> None:
    """Make `session_id` the picked session on the next page shown."""
    st.session_state[KEY] = session_id
    st.session_state.pop(_PROBLEM, None)


def pick_session_or_stop(then: str = "") -> SessionChoice:
    """The picked session; with no session at all, say where to create one and stop the page."""
    choice = pick_session()
    if choice is None:
        st.info(_("No sessions yet: create one under Prepare → Sessions, {then}.").format(then=then) if then
                else _("No sessions yet: create one under Prepare → Sessions."))
        st.stop()
    return choice
