"""Small pieces the live pages share: times as text, and showing notes safely."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.navigation import roles_for
from dashboard.services.live.clock import QuestionRef
from dashboard.textfmt import isolate, user_text
from dashboard.ui.language import _, number

PREVIEW_CHARS = 600
AREA_CAPTURE, AREA_CLOCK, AREA_QUESTION = "live_capture", "live_clock", "live_question"
AREA_RECENT, AREA_KEY_POINTS, AREA_QUICK_ADD = "live_recent", "live_key_points", "live_quick_add"
# Whoever may open the capture console may act on it (and on the live summary's key points).
LIVE_ROLES = roles_for("live_console.py")


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
    return (_("{seconds} s").format(seconds=seconds) if seconds < 60
            else _("{time} min").format(time=clock_text(seconds)))


def question_label(ref: Optional[QuestionRef]) -> str:
    """'Part 1, Q3' in the reader's language; 'General' for no question."""
    return ref.label_in(_) if ref is not None else _("General")


def show_note(text: str, *, limit: int = PREVIEW_CHARS) -> None:
    """A captured note as inert text; long notes show a preview and the rest on demand."""
    if not text:
        st.caption(_("(no note: the speaker was recorded without one)"))
        return
    if len(text) <= limit:
        st.markdown(user_text(text))
        return
    st.markdown(user_text(text[:limit].rsplit(" ", 1)[0] + " …"))
    with st.expander(_("Full note ({count} characters)").format(count=number(len(text)))):
        st.text(isolate(text))
