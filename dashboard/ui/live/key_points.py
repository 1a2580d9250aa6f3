"""The moderator's review of key points: approve, hide, reword, or return to a suggestion.

It is drawn inside the live summary's refreshing part, so new points arrive with the
interventions they come from. Every control is keyed by the point it acts on (intervention
and sentence), so a click lands on the point it was drawn for even if the list re-ranked
meanwhile, and an open "Reword" keeps its text across refreshes.
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.i18n import N_, is_rtl
from dashboard.services.live import key_points
from dashboard.services.live.key_points import MIN_WORDS, KeyPointRow
from dashboard.textfmt import escape_md, isolate, user_text
from dashboard.ui import actions
from dashboard.ui.live.cache import LiveView
from dashboard.ui.language import _, current
from dashboard.ui.live.common import AREA_KEY_POINTS, LIVE_ROLES, question_label

_BADGES = {"approved": (N_("Approved"), "green"), "suggested": (N_("Suggested"), "gray"),
           "hidden": (N_("Hidden"), "red")}
MODE_KEY = "kp_mode"


def _decide(session_id: int, point: KeyPointRow, state: Optional[str], text_key: Optional[str] = None) -> None:
    text = st.session_state.get(text_key) if text_key else None

    def run(s, user) -> str:
        if state is None:
            key_points.reset_key_point(s, session_id=session_id, intervention_id=point.intervention_id,
                                       sentence_hash=point.sentence_hash, actor=user.actor)
            return _("Key point from #{number} is a suggestion again").format(number=point.number)
        key_points.decide_key_point(s, session_id=session_id, intervention_id=point.intervention_id,
                                    original_text=point.original_text, state=state, text=text, actor=user.actor)
        if text:
            return _("Key point from #{number}: reworded").format(number=point.number)
        if state == "approved":
            return _("Key point from #{number}: approved").format(number=point.number)
        if state == "hidden":
            return _("Key point from #{number}: hidden").format(number=point.number)
        return f"Key point from #{point.number}: {state}"

    actions.run(AREA_KEY_POINTS, run, roles=LIVE_ROLES, success=lambda message: message)


def _switch_mode(session_id: int) -> None:
    on = bool(st.session_state.get(MODE_KEY))
    actions.run(AREA_KEY_POINTS,
                lambda s, user: key_points.set_approval_mode(s, session_id=session_id, on=on, actor=user.actor),
                roles=LIVE_ROLES,
                success=_("Approval mode on: only approved points are shown") if on else _("Approval mode off"))


def _point(session_id: int, point: KeyPointRow, locked: bool) -> None:
    key = f"{point.intervention_id}_{point.sentence_hash[:16]}"
    with st.container(border=True):
        label, colour = _BADGES[point.state]
        st.badge(_("{state} · reworded").format(state=_(label)) if point.reworded else _(label), color=colour)
        st.markdown(user_text(point.text))
        citation = isolate(escape_md(point.citation_in(_)), ltr=not is_rtl(current()))
        st.caption(f"{citation} · " + _("originally: {text}").format(text=user_text(point.original_text))
                   if point.reworded else citation)
        if locked:
            return
        cols = st.columns([1, 1, 1, 1, 2])
        if point.state != "approved":
            cols[0].button(_("Approve"), key=f"kp_ok_{key}", icon=":material/check:", on_click=_decide,
                           args=(session_id, point, "approved"))
        if point.state != "hidden":
            cols[1].button(_("Hide"), key=f"kp_hide_{key}", icon=":material/visibility_off:", on_click=_decide,
                           args=(session_id, point, "hidden"))
        with cols[2].popover(_("Reword"), icon=":material/edit:"):
            with st.form(f"kp_form_{key}", border=False):
                st.text_area(_("Key point"), value=point.text, height=100, key=f"kp_text_{key}")
                st.form_submit_button(_("Save and approve"), type="primary", on_click=_decide,
                                      args=(session_id, point, "approved", f"kp_text_{key}"))
        if point.state != "suggested":
            cols[3].button(_("Reset"), key=f"kp_reset_{key}", icon=":material/restart_alt:",
                           help=_("Forget this decision"), on_click=_decide, args=(session_id, point, None))


def empty_reason(view: LiveView) -> str:
    """Why there is no key point yet, in words a moderator can act on."""
    captured = view.summary.total_interventions
    if not captured:
        return _("No key points yet: they are picked from the notes as soon as interventions are captured.")
    return _("No key points yet: a key point is a sentence of at least {words} words from a note, and none "
             "of the {count} captured note(s) has one. They appear here as such notes are captured.").format(
        words=MIN_WORDS, count=captured)


def key_points_review(session_id: int, view: LiveView, *, locked: bool) -> None:
    """Key points per question, with the moderator's decisions (call inside a refreshing fragment)."""
    summary = view.summary
    # Re-set from the database on every run: the toggle shows what is saved, even when
    # another moderator switched it.
    st.session_state[MODE_KEY] = summary.approval_mode
    st.toggle(_("Approval mode: the presenter view shows approved points only"), key=MODE_KEY,
              on_change=_switch_mode, args=(session_id,), disabled=locked,
              help=_("Off: approved points, topped up with the best suggestions (never hidden ones)."))
    actions.lasting_feedback(AREA_KEY_POINTS)
    if not view.key_points:
        st.info(empty_reason(view), icon=":material/hourglass_empty:")
        return
    current = summary.current_question.id if summary.current_question else None
    sections = [(q.id, f"{question_label(q)} · {q.text}") for q in summary.questions] + [(None, _("General"))]
    for question_id, title in sections:
        points = [p for p in view.key_points if p.question_id == question_id]
        if not points:
            continue
        approved = sum(p.state == "approved" for p in points)
        with st.expander(_("{title} — {count} approved").format(title=user_text(title[:110]), count=approved),
                         expanded=question_id == current):
            for point in points:
                _point(session_id, point, locked)
