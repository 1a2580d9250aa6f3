"""The moderator's review of key points: approve, hide, reword, or return to a suggestion.

This part does not refresh by itself (a point must not move while someone is about to click
it); "Refresh suggestions" picks up what was captured since.
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.auth import CurrentUser
from dashboard.textfmt import escape_md
from dashboard.services.live import key_points
from dashboard.services.live.key_points import KeyPointRow
from dashboard.ui.live.cache import live_view
from dashboard.ui.live.common import act, feedback

_BADGES = {"approved": ("Approved", "green"), "suggested": ("Suggested", "gray"), "hidden": ("Hidden", "red")}


def _decide(session_id: int, user: CurrentUser, point: KeyPointRow, state: Optional[str],
            text: Optional[str] = None) -> None:
    def run(s) -> str:
        if state is None:
            key_points.reset_key_point(s, session_id=session_id, intervention_id=point.intervention_id,
                                       sentence_hash=point.sentence_hash, actor=user.actor)
            return f"Key point from #{point.number} is a suggestion again"
        key_points.decide_key_point(s, session_id=session_id, intervention_id=point.intervention_id,
                                    original_text=point.original_text, state=state, text=text, actor=user.actor)
        return f"Key point from #{point.number}: {'reworded' if text else state}"

    act("key_points", run)


def _switch_mode(session_id: int, user: CurrentUser) -> None:
    on = bool(st.session_state.get("kp_mode"))
    act("key_points", lambda s: key_points.set_approval_mode(s, session_id=session_id, on=on, actor=user.actor)
        or ("Approval mode on: only approved points are shown" if on else "Approval mode off"))


def _reword(session_id: int, user: CurrentUser, point: KeyPointRow, text_key: str) -> None:
    _decide(session_id, user, point, "approved", st.session_state.get(text_key))


def _point(session_id: int, user: CurrentUser, point: KeyPointRow, locked: bool) -> None:
    key = f"{point.intervention_id}_{point.sentence_hash[:16]}"
    with st.container(border=True):
        label, colour = _BADGES[point.state]
        st.badge(label + (" · reworded" if point.reworded else ""), color=colour)
        st.markdown(escape_md(point.text))
        st.caption(escape_md(point.citation) + (f" · originally: {escape_md(point.original_text)}"
                                               if point.reworded else ""))
        if locked:
            return
        cols = st.columns([1, 1, 1, 1, 2])
        if point.state != "approved":
            cols[0].button("Approve", key=f"kp_ok_{key}", icon=":material/check:", on_click=_decide,
                           args=(session_id, user, point, "approved"))
        if point.state != "hidden":
            cols[1].button("Hide", key=f"kp_hide_{key}", icon=":material/visibility_off:", on_click=_decide,
                           args=(session_id, user, point, "hidden"))
        with cols[2].popover("Reword", icon=":material/edit:"):
            with st.form(f"kp_form_{key}", border=False):
                st.text_area("Key point", value=point.text, height=100, key=f"kp_text_{key}")
                st.form_submit_button("Save and approve", type="primary", on_click=_reword,
                                      args=(session_id, user, point, f"kp_text_{key}"))
        if point.state != "suggested":
            cols[3].button("Reset", key=f"kp_reset_{key}", icon=":material/restart_alt:",
                           help="Forget this decision", on_click=_decide, args=(session_id, user, point, None))


def key_points_review(session_id: int, user: CurrentUser, *, locked: bool) -> None:
    """Key points per question, with the moderator's decisions."""

    @st.fragment
    def _review() -> None:
        view = live_view(session_id)
        summary = view.summary
        top = st.columns([4, 1], vertical_alignment="center")
        # Re-set from the database on every run: the toggle shows what is saved, even when
        # another moderator switched it.
        st.session_state["kp_mode"] = summary.approval_mode
        top[0].toggle("Approval mode: the presenter view shows approved points only", key="kp_mode",
                      on_change=_switch_mode, args=(session_id, user), disabled=locked,
                      help="Off: approved points, topped up with the best suggestions (never hidden ones).")
        top[1].button("Refresh suggestions", key="kp_refresh", icon=":material/refresh:")
        feedback("key_points")
        if not view.key_points:
            st.info("No key points yet: they are extracted from the notes once interventions are captured.")
            return
        current = summary.current_question.id if summary.current_question else None
        sections = [(q.id, f"{q.label} · {q.text}") for q in summary.questions] + [(None, "General")]
        for question_id, title in sections:
            points = [p for p in view.key_points if p.question_id == question_id]
            if not points:
                continue
            approved = sum(p.state == "approved" for p in points)
            with st.expander(f"{escape_md(title[:110])} — {approved} approved", expanded=question_id == current):
                for point in points:
                    _point(session_id, user, point, locked)

    _review()
