"""Widgets of the Follow-up page: filters, the recommendation picker, its details, the update form, the timeline.

The chosen recommendation is an id kept here, not by the select box: its option labels carry
the status, a save changes that status, and a select box whose label changed falls back to its
first option. Every form is keyed by the recommendation it edits, and its callback is bound to
that id and to the status it showed, so a form can only ever write its own record.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

import streamlit as st

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES
from dashboard.i18n import N_
from dashboard.services.leadership import follow_up
from dashboard.textfmt import escape_md, isolate, user_text
from dashboard.timefmt import to_local
from dashboard.ui import actions
from dashboard.ui.language import _, day, label, when

UPDATE = "follow_up"  # the update form and its feedback
COMMENT = "follow_up.comment"
PICK = "follow_up.pick"  # the recommendation select box; renewed when the choice is made elsewhere
PICKED = "dd_follow_up_picked"  # the chosen recommendation id: the page's one owner of the choice
PRESELECT = "dd_follow_up_rec"  # left by `open_in_follow_up` for the next run of the Follow-up page
ROLES = follow_up.UPDATE_ROLES
SAVED = N_("Follow-up saved; the timeline shows the change.")


def _status(code: Optional[str]) -> str:
    """A follow-up status in the reader's language."""
    return label(FOLLOW_UP_STATUSES, code)


def _status_names() -> dict[str, str]:
    """Every follow-up status in the reader's language, made now: a select box's `format_func` is this dict's
    `get`, so it shows the same words whenever it is asked (Streamlit may format options between runs)."""
    return {code: _status(code) for code in FOLLOW_UP_STATUSES}


def open_in_follow_up(recommendation_id: int) -> None:
    """Ask the Follow-up page to show this recommendation (with every filter cleared)."""
    st.session_state[PRESELECT] = recommendation_id


def apply_preselect() -> None:
    """Coming from another page: clear the filters and choose the recommendation it asked for."""
    wanted = st.session_state.pop(PRESELECT, None)
    if wanted is not None:
        st.session_state.update(fu_session=None, fu_statuses=[], fu_attention=False)
        st.session_state[PICKED] = int(wanted)
        actions.renew(PICK)


def filters(sessions: dict[int, str]) -> tuple[Optional[int], list[str], bool]:
    """Session, statuses and "needs attention only", on one row."""
    top = st.columns([3, 3, 2])
    names: dict[Optional[int], str] = {None: _("All sessions"), **sessions}
    session_id = top[0].selectbox(_("Session"), list(names), key="fu_session", format_func=names.get)
    statuses = top[1].multiselect(_("Status"), list(FOLLOW_UP_STATUSES), format_func=_status_names().get,
                                  key="fu_statuses", placeholder=_("All statuses"))
    attention = top[2].checkbox(_("Only those needing attention"), key="fu_attention",
                                help=_("Open and past the review date, or no status change for more than a quarter."))
    return session_id, statuses, attention


def listing(rows: Sequence[follow_up.FollowUpRow], *, attention_only: bool) -> None:
    """How many are listed, and all of them as a table."""
    if attention_only:
        st.caption(_("{count} recommendation(s)").format(count=len(rows)))
    else:
        st.caption(_("{count} recommendation(s), {attention} need attention").format(
            count=len(rows), attention=sum(r.needs_attention for r in rows)))
    with st.expander(_("All {count} listed").format(count=len(rows))):
        yes = _("yes")
        session, no, status, since = _("Session"), _("No."), _("Status"), _("Since")
        owner, review, needs, text = _("Owner"), _("Review date"), _("Needs attention"), _("Recommendation")
        st.dataframe(
            [{session: r.session_label, no: r.number, status: _status(r.status),
              since: to_local(r.status_changed_at).date(), owner: r.owner or "", review: r.review_date,
              needs: yes if r.needs_attention else "", text: r.text} for r in rows],
            hide_index=True, width="stretch")


def pick(rows: Sequence[follow_up.FollowUpRow]) -> int:
    """The chosen recommendation's id; it stays chosen while it is in the list, whatever its label says."""
    by_id = {r.id: r for r in rows}
    ids = list(by_id)
    wanted = st.session_state.get(PICKED)
    if wanted is not None and wanted not in by_id:
        st.caption(_("The recommendation shown before is not in this list (filters, or it was deleted or merged): "
                     "the first one is shown."))
        actions.renew(PICK)

    statuses = _status_names()
    rec_number = _("rec. {number}")

    def option(rec_id: int) -> str:
        r = by_id[rec_id]
        flag = " ⚠" if r.needs_attention else ""
        text = r.text if len(r.text) <= 90 else r.text[:89] + "…"
        status = statuses.get(r.status) or _status(r.status)
        return f"{r.session_label} · {rec_number.format(number=r.number)} · {status}{flag} — {text}"

    chosen = st.selectbox(_("Recommendation"), ids, index=ids.index(wanted) if wanted in by_id else 0,
                          format_func=option, key=actions.key(PICK, "rec"))
    st.session_state[PICKED] = chosen
    return chosen


def details(detail: follow_up.FollowUpDetail) -> None:
    """Which recommendation this is, its follow-up facts, why it needs attention, and its evidence."""
    row = detail.row
    st.subheader(f"{user_text(row.session_label)} · {_('recommendation {number}').format(number=row.number)}")
    st.text(isolate(row.text))
    since = when(row.status_changed_at, with_time=False)
    not_set = _("not set")
    addressed = ", ".join(label(ADDRESSEES, a) for a in detail.addressed_to) or _("not specified")
    facts = [_("Status: {status} since {since}").format(status=_status(row.status), since=since),
             _("Addressed to: {addressees}").format(addressees=addressed),
             _("Owner: {owner}").format(owner=row.owner or not_set),
             _("Review date: {date}").format(date=day(row.review_date) if row.review_date else not_set)]
    st.text("\n".join(facts))
    if detail.status_reason:
        st.text(_("Reason: {reason}").format(reason=detail.status_reason))
    problems = []
    if row.overdue:
        problems.append(_("the review date ({date}) has passed").format(date=day(row.review_date)))
    if row.stale:
        problems.append(_("the status has not changed since {since}, more than a quarter ago").format(since=since))
    if len(problems) == 2:
        problems = [_("{first}; {second}").format(first=problems[0], second=problems[1])]
    if problems:
        st.warning(_("Needs attention: {problems}.").format(problems=problems[0]))
    if detail.evidence:
        with st.expander(_("Evidence"), expanded=True):
            st.text(isolate(detail.evidence))
            for link in detail.evidence_links:
                st.link_button(link[:80], link, icon=":material/open_in_new:")


def update_form(detail: follow_up.FollowUpDetail) -> None:
    """Status (with reason), owner, review date and evidence of this recommendation, and nothing else."""
    row = detail.row
    rec_id, shown_status = row.id, row.status
    keys = {name: actions.key(UPDATE, name, rec_id)
            for name in ("status", "reason", "owner", "review", "no_review", "evidence")}

    def save(session, user) -> follow_up.FollowUpDetail:
        state = st.session_state
        review = None if state.get(keys["no_review"]) else state.get(keys["review"])
        return follow_up.update_follow_up(
            session, rec_id, actor=user.actor, roles=user.roles, status=state.get(keys["status"]),
            reason=state.get(keys["reason"]), owner=state.get(keys["owner"]), review_date=review,
            evidence=state.get(keys["evidence"]), expected_status=shown_status)

    actions.feedback(UPDATE)
    with st.form(actions.key(UPDATE, "form", rec_id), border=True):
        st.markdown(f"**{_('Update follow-up')}**")
        codes = list(FOLLOW_UP_STATUSES)
        st.selectbox(_("Status"), codes, index=codes.index(row.status), format_func=_status_names().get,
                     key=keys["status"],
                     help=_("Forward: proposed → accepted → in progress → implemented. Not pursued, or a step "
                            "back, needs a reason."))
        st.text_area(_("Reason or note for the status change"), key=keys["reason"], height=80,
                     placeholder=_("Required for Not pursued or a step back"))
        st.text_input(_("Owner (organization or unit)"), value=row.owner or "", key=keys["owner"], max_chars=300)
        st.date_input(_("Review date"), value=row.review_date, key=keys["review"], format="DD/MM/YYYY")
        if row.review_date:
            st.checkbox(_("Remove the review date"), key=keys["no_review"])
        st.text_area(_("Evidence (notes and links)"), value=detail.evidence or "", key=keys["evidence"], height=100,
                     placeholder=_("e.g. Published guidance: https://…"))
        st.form_submit_button(_("Save follow-up"), type="primary", on_click=actions.callback(
            UPDATE, save, roles=ROLES, success=_(SAVED), renew_keys=True, once=actions.key(UPDATE, "save", rec_id)))


def _summary(entry: follow_up.TimelineEntry) -> str:
    """One timeline line: when, who, and what ("status Proposed → Accepted", "comment", "change")."""
    who = _("system") if entry.by_system else entry.who
    if entry.kind == "status":
        what = _("status {old} → {new}").format(old=_status(entry.from_status), new=_status(entry.to_status))
    else:
        what = _("comment") if entry.kind == "comment" else _("change")
    return f"{when(entry.at)} · {who} · {what}"


def timeline(rec_id: int, entries: Sequence[follow_up.TimelineEntry]) -> None:
    """A comment box for this recommendation, then its history, newest first."""
    st.markdown(f"**{_('Timeline')}**")
    note_key = actions.key(COMMENT, "note", rec_id)

    def comment(session, user) -> None:
        follow_up.add_comment(session, rec_id, actor=user.actor, roles=user.roles,
                              note=st.session_state.get(note_key, ""))

    actions.feedback(COMMENT)
    with st.form(actions.key(COMMENT, "form", rec_id), border=False):
        st.text_area(_("Comment"), key=note_key, height=70, placeholder=_("Add a dated comment"))
        st.form_submit_button(_("Add comment"), on_click=actions.callback(
            COMMENT, comment, roles=ROLES, success=_("Comment added to the timeline."), renew_keys=True,
            once=actions.key(COMMENT, "add", rec_id)))
    if not entries:
        st.caption(_("No follow-up history yet: the first status change or comment starts it."))
    for entry in entries:
        with st.container(border=True):
            st.caption(escape_md(_summary(entry)))
            if entry.note:
                st.text(isolate(entry.note))
