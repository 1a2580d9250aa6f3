"""Small pieces the live pages share: running an action, feedback, and showing notes safely."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import streamlit as st
from sqlalchemy.orm import Session

from dashboard.textfmt import escape_md
from dashboard.services.errors import DialogueDeskError
from dashboard.runtime import db

_TOASTS = "live_toasts"
PREVIEW_CHARS = 600


def act(area: str, action: Callable[[Session], Optional[str]]) -> bool:
    """Run one user action in its own transaction; a message it returns becomes a toast and a
    DialogueDeskError is kept for `feedback(area)` (widget callbacks cannot draw in place)."""
    try:
        with db() as session:
            message = action(session)
    except DialogueDeskError as exc:
        st.session_state[f"live_error_{area}"] = str(exc)
        return False
    st.session_state.pop(f"live_error_{area}", None)
    if message:
        st.session_state.setdefault(_TOASTS, []).append(message)
    return True


def feedback(area: str) -> None:
    """Show the pending error of `area` and any toasts waiting to be shown."""
    error = st.session_state.pop(f"live_error_{area}", None)
    if error:
        st.error(escape_md(error), icon=":material/error:")
    for message in st.session_state.pop(_TOASTS, []):
        st.toast(escape_md(message), icon=":material/check_circle:")


def clock_text(seconds: Optional[int]) -> str:
    """Seconds as m:ss (or h:mm:ss); '' for None."""
    if seconds is None:
        return ""
    sign, seconds = ("-" if seconds < 0 else ""), abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def duration_text(seconds: Optional[int]) -> str:
    """A speaking time as '45 s' or '2:05 min'; '' for None."""
    if seconds is None:
        return ""
    return f"{seconds} s" if seconds < 60 else f"{clock_text(seconds)} min"


def show_note(text: str, *, limit: int = PREVIEW_CHARS) -> None:
    """A captured note as inert text; long notes show a preview and the rest on demand."""
    if not text:
        st.caption("(no note: the speaker was recorded without one)")
        return
    if len(text) <= limit:
        st.markdown(escape_md(text))
        return
    st.markdown(escape_md(text[:limit].rsplit(" ", 1)[0]) + " …")
    with st.expander(f"Full note ({len(text):,} characters)"):
        st.text(text)
