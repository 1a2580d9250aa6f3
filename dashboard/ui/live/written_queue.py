"""The capture console's queue of participants' written input: accept, merge or decline each.

Redrawn when the session changes (new input arrives through the same change stamp as a capture).
Every control's key names the contribution it acts on (`actions.key(area, name, id)`), so a
refresh that adds or reorders rows never sends a decision, or a half-typed reason, to another row.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.runtime import db
from dashboard.services.live import contributions
from dashboard.services.live.contributions import ContributionRow
from dashboard.services.live.feed import InterventionRow, list_interventions
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions, refresh
from dashboard.ui.language import _, clock, label
from dashboard.ui.live.cache import live_view
from dashboard.ui.live.common import LIVE_ROLES, show_note
from db.codes import STAKEHOLDER_TYPES

AREA = "live_written"
MERGE_CHOICES = 200  # the newest interventions offered as merge targets


def _target_label(row: InterventionRow) -> str:
    group = label(STAKEHOLDER_TYPES, row.stakeholder_type)
    text = row.text if len(row.text) <= 60 else row.text[:59] + "…"
    return f"#{row.number} · {group} · {text}"


def _decision(item: ContributionRow, name: str, decide: Callable[..., str]) -> Callable[[], None]:
    """The on_click of one decision on one row: `decide(s, user)` returns the success message."""
    return actions.callback(AREA, decide, roles=LIVE_ROLES, success=lambda text: text, once=f"{name} {item.id}")


def _accept(session_id: int, item: ContributionRow):
    def work(s, user) -> str:
        number = contributions.accept_contribution(s, session_id=session_id, contribution_id=item.id,
                                                   actor=user.actor)
        return _("Accepted written input as #{number} · {group}").format(
            number=number, group=label(STAKEHOLDER_TYPES, item.stakeholder_type))
    return _decision(item, "accept", work)


def _merge(session_id: int, item: ContributionRow):
    def work(s, user) -> str:
        number = contributions.merge_contribution(
            s, session_id=session_id, contribution_id=item.id, actor=user.actor,
            intervention_id=st.session_state.get(actions.key(AREA, "target", item.id)))
        return _("Merged written input into #{number}").format(number=number)
    return _decision(item, "merge", work)


def _decline(session_id: int, item: ContributionRow):
    def work(s, user) -> str:
        contributions.decline_contribution(s, session_id=session_id, contribution_id=item.id, actor=user.actor,
                                           reason=st.session_state.get(actions.key(AREA, "reason", item.id)))
        return _("Declined the written input; the participant sees it was not taken up")
    return _decision(item, "decline", work)


def _row(session_id: int, item: ContributionRow, targets: list[InterventionRow]) -> None:
    by_id = {t.id: t for t in targets}
    with st.container(border=True, key=f"live_written_row_{item.id}"):
        who = f" · {user_text(item.person_name)}" if item.person_name else ""
        group = label(STAKEHOLDER_TYPES, item.stakeholder_type)
        st.markdown(f"**{_('Written')}** · {escape_md(item.question_label)} · {escape_md(group)}{who} · "
                    f"{clock(item.created_at)}")
        show_note(item.text)
        st.button(_("Accept"), key=actions.key(AREA, "accept", item.id), type="primary", icon=":material/check:",
                  help=_("Add it to the record as a written intervention of this group, on its question"),
                  on_click=_accept(session_id, item))
        cols = st.columns([4, 1.3], vertical_alignment="bottom")
        cols[0].selectbox(_("Merge into"), list(by_id), index=None, key=actions.key(AREA, "target", item.id),
                          placeholder=_("Pick an intervention"),
                          format_func={i: _target_label(t) for i, t in by_id.items()}.__getitem__)
        cols[1].button(_("Merge"), key=actions.key(AREA, "merge", item.id), icon=":material/merge:",
                       on_click=_merge(session_id, item), disabled=not by_id)
        cols = st.columns([4, 1.3], vertical_alignment="bottom")
        cols[0].text_input(_("Reason (optional, the participant sees it)"), key=actions.key(AREA, "reason", item.id),
                           max_chars=contributions.MAX_REASON_CHARS)
        cols[1].button(_("Decline"), key=actions.key(AREA, "decline", item.id), icon=":material/close:",
                       on_click=_decline(session_id, item))


def written_queue(session_id: int) -> None:
    """The "Written input (N waiting)" panel; refreshes by itself when input arrives."""

    @st.fragment(run_every=refresh.FALLBACK_EVERY)
    def _queue() -> None:
        actions.guard(*LIVE_ROLES)
        refresh.follow_changes(session_id, live_view(session_id).version, key="live_written")
        with db() as s:
            pending = contributions.list_contributions(s, session_id=session_id, status="pending", translate=_)
            targets = list_interventions(s, session_id=session_id, limit=MERGE_CHOICES) if pending else []
        # Outside the expander: it folds up when the last input is decided, and the message must show.
        actions.lasting_feedback(AREA)
        with st.expander(_("Written input ({count} waiting)").format(count=len(pending)), expanded=bool(pending),
                         icon=":material/edit_note:"):
            if not pending:
                st.caption(_("Nothing waiting. Participants registered for this session send written input from "
                             "“Follow the dialogue”; it appears here."))
            for item in pending:
                _row(session_id, item, targets)

    _queue()
