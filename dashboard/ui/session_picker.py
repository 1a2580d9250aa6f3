"""The sidebar session picker every staff page shares; it owns `dd_session_id`."""
from __future__ import annotations

from typing import Iterable, Optional

import streamlit as st

from db.codes import SESSION_STATUSES
from dashboard.services.catalog import SessionChoice, list_session_choices
from dashboard.timefmt import format_when
from dashboard.runtime import db

KEY = "dd_session_id"


def pick_session(statuses: Optional[Iterable[str]] = None, *, label: str = "Session") -> Optional[SessionChoice]:
    """Choose a session in the sidebar (remembered across pages); None when there is none."""
    with db() as session:
        choices = list_session_choices(session, statuses)
    if not choices:
        return None
    ids = [c.id for c in choices]
    by_id = {c.id: c for c in choices}
    remembered = st.session_state.get(KEY)
    index = ids.index(remembered) if remembered in by_id else 0

    def fmt(session_id: int) -> str:
        c = by_id[session_id]
        when = format_when(c.scheduled_start, with_time=False)
        return f"{c.label} · {SESSION_STATUSES.get(c.status, c.status)}" + (f" · {when}" if when else "")

    chosen = st.sidebar.selectbox(label, ids, index=index, format_func=fmt, key="dd_session_picker")
    st.session_state[KEY] = chosen
    return by_id[chosen]


def remember_session(session_id: int) -> None:
    """Make `session_id` the picked session on the next page shown."""
    st.session_state[KEY] = session_id
    st.session_state.pop("dd_session_picker", None)


def pick_session_or_stop(then: str = "") -> SessionChoice:
    """The picked session; with no session at all, say where to create one and stop the page."""
    choice = pick_session()
    if choice is None:
        st.info("No sessions yet: create one under Prepare → Sessions" + (f", {then}." if then else "."))
        st.stop()
    return choice
