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

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, label
from dashboard.services.leadership import follow_up
from dashboard.textfmt import escape_md, isolate, user_text
from dashboard.timefmt import format_when, to_local
from dashboard.ui import actions

UPDATE = "follow_up"  # the update form and its feedback
COMMENT = "follow_up.comment"
PICK = "follow_up.pick"  # the recommendation select box; renewed when the choice is made elsewhere
PICKED = "dd_follow_up_picked"  # the chosen recommendation id: the page's one owner of the choice
PRESELECT = "dd_follow_up_rec"  # left by `open_in_follow_up` for the next run of the Follow-up page
ROLES = follow_up.UPDATE_ROLES
SAVED = "Follow-up saved; the timeline shows the change."


def _status(code: Optional[str]) -> str:
    return label(FOLLOW_UP_STATUSES, code)


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
    session_id = top[0].selectbox("Session", [None, *sessions], key="fu_session",
                                  format_func=lambda i: "All sessions" if i is None else sessions[i])
    statuses = top[1].multiselect("Status", list(FOLLOW_UP_STATUSES), format_func=_status, key="fu_statuses",
                                  placeholder="All statuses")
    attention = top[2].checkbox("Only those needing attention", key="fu_attention",
                                help="Open and past the review date, or no status change for more than a quarter.")
    return session_id, statuses, attention


def listing(rows: Sequence[follow_up.FollowUpRow], *, attention_only: bool) -> None:
    """How many are listed, and all of them as a table."""
    st.caption(f"{len(rows)} recommendation(s)" + (f", {sum(r.needs_attention for r in rows)} need attention"
                                                     if not attention_only else ""))
    with st.expander(f"All {len(rows)} listed"):
        st.dataframe(
            [{"Session": r.session_label, "No.": r.number, "Status": r.status_label,
              "Since": to_local(r.status_changed_at).date(), "Owner": r.owner or "", "Review date": r.review_date,
              "Needs attention": "yes" if r.needs_attention else "", "Recommendation": r.text} for r in rows],
            hide_index=True, width="stretch")


def pick(rows: Sequence[follow_up.FollowUpRow]) -> int:
    """The chosen recommendation's id; it stays chosen while it is in the list, whatever its label says."""
    by_id = {r.id: r for r in rows}
    ids = list(by_id)
    wanted = st.session_state.get(PICKED)
    if wanted is not None and wanted not in by_id:
        st.caption("The recommendation shown before is not in this list (filters, or it was deleted or merged): "
                   "the first one is shown.")
        actions.renew(PICK)

    def option(rec_id: int) -> str:
        r = by_id[rec_id]
        flag = " ⚠" if r.needs_attention else ""
        text = r.text if len(r.text) <= 90 else r.text[:89] + "…"
        return f"{r.session_label} · rec. {r.number} · {r.status_label}{flag} — {text}"

    chosen = st.selectbox("Recommendation", ids, index=ids.index(wanted) if wanted in by_id else 0,
                          format_func=option, key=actions.key(PICK, "rec"))
    st.session_state[PICKED] = chosen
    return chosen


def details(detail: follow_up.FollowUpDetail) -> None:
    """Which recommendation this is, its follow-up facts, why it needs attention, and its evidence."""
    row = detail.row
    st.subheader(f"{user_text(row.session_label)} · recommendation {row.number}")
    st.text(isolate(row.text))
    since = format_when(row.status_changed_at, with_time=False)
    facts = [f"Status: {row.status_label} since {since}",
             "Addressed to: " + (", ".join(label(ADDRESSEES, a) for a in detail.addressed_to) or "not specified"),
             f"Owner: {row.owner or 'not set'}",
             "Review date: " + (f"{row.review_date:%d %b %Y}" if row.review_date else "not set")]
    st.text("\n".join(facts))
    if detail.status_reason:
        st.text(f"Reason: {detail.status_reason}")
    problems = []
    if row.overdue:
        problems.append(f"the review date ({row.review_date:%d %b %Y}) has passed")
    if row.stale:
        problems.append(f"the status has not changed since {since}, more than a quarter ago")
    if problems:
        st.warning("Needs attention: " + "; ".join(problems) + ".")
    if detail.evidence:
        with st.expander("Evidence", expanded=True):
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
        st.markdown("**Update follow-up**")
        codes = list(FOLLOW_UP_STATUSES)
        st.selectbox("Status", codes, index=codes.index(row.status), format_func=_status, key=keys["status"],
                     help="Forward: proposed → accepted → in progress → implemented. Not pursued, or a step "
                          "back, needs a reason.")
        st.text_area("Reason or note for the status change", key=keys["reason"], height=80,
                     placeholder="Required for Not pursued or a step back")
        st.text_input("Owner (organization or unit)", value=row.owner or "", key=keys["owner"], max_chars=300)
        st.date_input("Review date", value=row.review_date, key=keys["review"], format="DD/MM/YYYY")
        if row.review_date:
            st.checkbox("Remove the review date", key=keys["no_review"])
        st.text_area("Evidence (notes and links)", value=detail.evidence or "", key=keys["evidence"], height=100,
                     placeholder="e.g. Published guidance: https://…")
        st.form_submit_button("Save follow-up", type="primary", on_click=actions.callback(
            UPDATE, save, roles=ROLES, success=SAVED, renew_keys=True, once=actions.key(UPDATE, "save", rec_id)))


def timeline(rec_id: int, entries: Sequence[follow_up.TimelineEntry]) -> None:
    """A comment box for this recommendation, then its history, newest first."""
    st.markdown("**Timeline**")
    note_key = actions.key(COMMENT, "note", rec_id)

    def comment(session, user) -> None:
        follow_up.add_comment(session, rec_id, actor=user.actor, roles=user.roles,
                              note=st.session_state.get(note_key, ""))

    actions.feedback(COMMENT)
    with st.form(actions.key(COMMENT, "form", rec_id), border=False):
        st.text_area("Comment", key=note_key, height=70, placeholder="Add a dated comment")
        st.form_submit_button("Add comment", on_click=actions.callback(
            COMMENT, comment, roles=ROLES, success="Comment added to the timeline.", renew_keys=True,
            once=actions.key(COMMENT, "add", rec_id)))
    if not entries:
        st.caption("No follow-up history yet: the first status change or comment starts it.")
    for entry in entries:
        with st.container(border=True):
            st.caption(escape_md(entry.summary))
            if entry.note:
                st.text(isolate(entry.note))
