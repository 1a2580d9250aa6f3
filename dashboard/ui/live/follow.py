"""The participant's live page: the question the room is on, and what the moderators approved.

Drawn from the shared live view (computed once per change for every viewer of this process), so
a participant's refresh costs little more than Streamlit's floor: a few lines of text, no charts.
"""
from __future__ import annotations

import streamlit as st

from dashboard.services.live.follow import ParticipantView, participant_view
from dashboard.i18n import is_rtl
from dashboard.textfmt import as_unit, escape_md, isolate, user_text
from dashboard.ui.language import _, current
from dashboard.ui.live.cache import LiveView


def follow_panel(view: LiveView) -> None:
    """What a participant sees of a live session (call inside a refreshing fragment)."""
    shown: ParticipantView = participant_view(view.summary, view.clock.reading(), view.key_points, translate=_)
    if shown.status in ("closed", "published"):
        st.info(_("The dialogue has ended. Its takeaways appear under Takeaways once the organisers publish them."),
                icon=":material/check_circle:")
        return
    if shown.status == "draft" and shown.question_label is None:
        st.info(_("The dialogue has not started yet. This page follows it by itself once the moderator starts: "
                  "keep it open."), icon=":material/hourglass_empty:")
        return
    if shown.segment:
        agenda = (_("Agenda: {segment} (paused)") if shown.clock_status == "paused" else _("Agenda: {segment}"))
        st.caption(agenda.format(segment=user_text(shown.segment)))
    if shown.question_label is None:
        st.subheader(_("Now: general discussion"), anchor=False)
        st.caption(_("No guiding question is open. When the moderator opens one, it appears here."))
    else:
        st.subheader(_("Now: {question}").format(question=shown.question_label), anchor=False)
        st.markdown(f"##### {user_text(shown.question_text or '')}")
        if shown.objective:
            st.caption(_("Objective of {part}: {objective}").format(part=user_text(shown.part_title or ""),
                                                                    objective=user_text(shown.objective)))
    if not shown.points_shared:
        return
    st.markdown(_("**Key points so far on this question**"))
    if not shown.points:
        st.caption(_("None yet: the moderators approve key points as the dialogue goes on."))
    for point in shown.points:
        group = isolate(f"({escape_md(point.group)})", ltr=not is_rtl(current()))
        st.markdown("- " + as_unit(f"{user_text(point.text)} *{group}*", point.text))
