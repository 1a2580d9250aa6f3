"""Follow-up: keep each recommendation's status, owner, review date and evidence honest, with a dated timeline."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, label
from dashboard.auth import require_role
from dashboard.textfmt import escape_md
from dashboard.services.leadership import follow_up
from dashboard.services.catalog import list_session_choices
from dashboard.services.errors import DialogueDeskError
from dashboard.timefmt import format_when, to_local
from dashboard.runtime import db

user = require_role("leadership", "moderator", "admin")

PRESELECT = "dd_follow_up_rec"  # set by the trends page's "Open in Follow-up"
FLASH = "fu_flash"


def _status(code: Optional[str]) -> str:
    return label(FOLLOW_UP_STATUSES, code)


def _preselect() -> None:
    """Coming from the trends page: show every recommendation and pick the one asked for."""
    wanted = st.session_state.pop(PRESELECT, None)
    if wanted is not None:
        st.session_state.update(fu_session=None, fu_statuses=[], fu_attention=False, fu_rec=int(wanted))


def _save(rec_id: int, current: str) -> None:
    state = st.session_state
    review = None if state.get(f"fu_no_review_{rec_id}") else state.get(f"fu_review_{rec_id}")
    try:
        with db() as session:
            follow_up.update_follow_up(
                session, rec_id, actor=user.actor, roles=user.roles, status=state[f"fu_new_status_{rec_id}"],
                reason=state.get(f"fu_reason_{rec_id}"), owner=state.get(f"fu_owner_{rec_id}"),
                review_date=review, evidence=state.get(f"fu_evidence_{rec_id}"), expected_status=current,
            )
    except DialogueDeskError as exc:
        state[FLASH] = ("error", str(exc))
        return
    state[FLASH] = ("success", "Follow-up saved; the timeline shows the change.")
    state[f"fu_reason_{rec_id}"] = ""


def _comment(rec_id: int) -> None:
    state = st.session_state
    try:
        with db() as session:
            follow_up.add_comment(session, rec_id, actor=user.actor, roles=user.roles,
                                  note=state.get(f"fu_comment_{rec_id}", ""))
    except DialogueDeskError as exc:
        state[FLASH] = ("error", str(exc))
        return
    state[FLASH] = ("success", "Comment added to the timeline.")
    state[f"fu_comment_{rec_id}"] = ""


def _flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        (st.error if message[0] == "error" else st.success)(message[1])


def _details(detail: follow_up.FollowUpDetail) -> None:
    row = detail.row
    st.subheader(escape_md(f"{row.session_label} · recommendation {row.number}"))
    st.text(row.text)
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
            st.text(detail.evidence)
            for link in detail.evidence_links:
                st.link_button(link[:80], link, icon=":material/open_in_new:")


def _update_form(detail: follow_up.FollowUpDetail) -> None:
    row = detail.row
    rid = row.id
    with st.form(f"fu_form_{rid}", border=True):
        st.markdown("**Update follow-up**")
        codes = list(FOLLOW_UP_STATUSES)
        st.selectbox("Status", codes, index=codes.index(row.status), format_func=_status, key=f"fu_new_status_{rid}",
                     help="Forward: proposed → accepted → in progress → implemented. Not pursued, or a step "
                          "back, needs a reason.")
        st.text_area("Reason or note for the status change", key=f"fu_reason_{rid}", height=80,
                     placeholder="Required for Not pursued or a step back")
        st.text_input("Owner (organization or unit)", value=row.owner or "", key=f"fu_owner_{rid}", max_chars=300)
        st.date_input("Review date", value=row.review_date, key=f"fu_review_{rid}", format="DD/MM/YYYY")
        if row.review_date:
            st.checkbox("Remove the review date", key=f"fu_no_review_{rid}")
        st.text_area("Evidence (notes and links)", value=detail.evidence or "", key=f"fu_evidence_{rid}", height=100,
                     placeholder="e.g. Published guidance: https://…")
        st.form_submit_button("Save follow-up", type="primary", on_click=_save, args=(rid, row.status))


def _timeline(rec_id: int) -> None:
    st.markdown("**Timeline**")
    with st.form(f"fu_comment_form_{rec_id}", clear_on_submit=False, border=False):
        st.text_area("Comment", key=f"fu_comment_{rec_id}", height=70, placeholder="Add a dated comment")
        st.form_submit_button("Add comment", on_click=_comment, args=(rec_id,))
    with db() as session:
        entries = follow_up.list_timeline(session, rec_id)
    if not entries:
        st.caption("No follow-up history yet: the first status change or comment starts it.")
    for entry in entries:
        with st.container(border=True):
            st.caption(escape_md(entry.summary))
            if entry.note:
                st.text(entry.note)


st.title("Recommendation follow-up")
st.caption("Track what happened to each recommendation. Participants see the current status of published ones.")
_preselect()
_flash()

with db() as session:
    choices = list_session_choices(session)
sessions = {c.id: c.label for c in choices}
top = st.columns([3, 3, 2])
session_id = top[0].selectbox("Session", [None, *sessions], key="fu_session",
                              format_func=lambda i: "All sessions" if i is None else sessions[i])
statuses = top[1].multiselect("Status", list(FOLLOW_UP_STATUSES), format_func=_status, key="fu_statuses",
                              placeholder="All statuses")
attention = top[2].checkbox("Only those needing attention", key="fu_attention",
                            help="Open and past the review date, or no status change for more than a quarter.")

with db() as session:
    rows = follow_up.list_follow_up(session, session_id=session_id, statuses=statuses, attention_only=attention)
if not rows:
    if not sessions:
        st.info("No sessions yet: recommendations appear here once a session has some (Outcomes → Recommendations).")
    elif session_id is None and not statuses and not attention:
        st.info("No recommendations yet: moderators draft them under Outcomes → Recommendations.")
    else:
        st.info("No recommendations match these filters.")
    st.stop()

st.caption(f"{len(rows)} recommendation(s)" + (f", {sum(r.needs_attention for r in rows)} need attention"
                                                 if not attention else ""))
by_id = {r.id: r for r in rows}
with st.expander(f"All {len(rows)} listed"):
    st.dataframe(
        [{"Session": r.session_label, "No.": r.number, "Status": r.status_label,
          "Since": to_local(r.status_changed_at).date(), "Owner": r.owner or "", "Review date": r.review_date,
          "Needs attention": "yes" if r.needs_attention else "", "Recommendation": r.text} for r in rows],
        hide_index=True, width="stretch")
if st.session_state.get("fu_rec") not in by_id:
    st.session_state["fu_rec"] = rows[0].id


def _choice(rec_id: int) -> str:
    r = by_id[rec_id]
    flag = " ⚠" if r.needs_attention else ""
    text = r.text if len(r.text) <= 90 else r.text[:89] + "…"
    return f"{r.session_label} · rec. {r.number} · {r.status_label}{flag} — {text}"


rec_id = st.selectbox("Recommendation", list(by_id), format_func=_choice, key="fu_rec")
try:
    with db() as session:
        detail = follow_up.get_follow_up(session, rec_id)
except DialogueDeskError as exc:
    st.error(str(exc))
    st.stop()

_details(detail)
left, right = st.columns([1, 1], gap="large")
with left:
    _update_form(detail)
with right:
    _timeline(rec_id)
