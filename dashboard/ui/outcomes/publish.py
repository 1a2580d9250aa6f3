"""The sections of the publish page: close / reopen, choose and publish, share code, reports and history."""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd
import streamlit as st

from dashboard.textfmt import escape_md
from dashboard.services.outcomes import publication as pub
from dashboard.services.audit import Actor
from dashboard.services.outcomes.participant_view import preview_document
from dashboard.services.outcomes.recommendations import RecommendationInfo
from dashboard.services.outcomes.takeaways import TakeawayInfo
from dashboard.timefmt import format_when
from dashboard.runtime import db
from dashboard.ui.outcomes.common import act, download_buttons, render_document, staff_document
from dashboard.ui.outcomes.drafting import short


def close_section(info: pub.PublishState, actor: Actor) -> None:
    """Close an open session, or reopen a closed one with a reason."""
    st.subheader("1. Close the dialogue")
    sid, state = info.session_id, st.session_state
    if info.status in ("draft", "live"):
        st.write("While the session is open, moderators can still capture interventions. Close it when the dialogue "
                 "is over: captures are locked and the outcomes can be published.")
        st.button("Close the session", type="primary", icon=":material/lock:", on_click=lambda: act(
            lambda s: pub.close_session(s, sid, actor=actor),
            "Session closed: captures are locked. Choose what to publish below."))
        return
    when = format_when(info.closed_at) if info.closed_at else "earlier"
    st.success(f"Closed ({when}). Captures are locked.", icon=":material/lock:")

    def reopen() -> None:
        if act(lambda s: pub.reopen_session(s, sid, actor=actor, reason=state.get("reopen_reason", "")),
               "Session reopened for captures; the reason is in the audit log."):
            state.pop("reopen_reason", None)

    with st.expander("Reopen for more captures"):
        st.text_input("Reason (kept in the audit log)", key="reopen_reason",
                      placeholder="e.g. add two interventions received by e-mail")
        st.button("Reopen the session", on_click=reopen, icon=":material/lock_open:")


def _published_ids(published: Optional[dict[str, Any]]) -> tuple[set[int], set[int]]:
    if not published:
        return set(), set()
    takeaways = {t["id"] for p in published["parts"] for t in p["takeaways"]}
    return takeaways | {t["id"] for t in published["session_takeaways"]}, {r["id"] for r in published["recommendations"]}


def publish_section(info: pub.PublishState, actor: Actor, recs: list[RecommendationInfo],
                    takeaways: list[TakeawayInfo], parts: dict[int, str], published: Optional[dict[str, Any]]) -> None:
    """Tick what participants see, preview it, and publish (an update needs a reason)."""
    st.subheader("2. Choose what participants see")
    state, sid = st.session_state, info.session_id
    if not recs and not takeaways:
        st.info("Nothing drafted yet: write takeaways and recommendations under Outcomes → Recommendations. "
                "You can still publish the session summary and participation figures.")
    in_takeaways, in_recs = _published_ids(published)

    def mark(item_id: int, latest: set[int]) -> str:
        return "" if not published or item_id in latest else " (new: not in the published revision)"

    if takeaways:
        st.markdown("**Key takeaways**")
        for t in takeaways:
            st.checkbox(escape_md(f"{parts.get(t.part_id, 'Whole session')}: {short(t.text, 110)}"
                                  f"{mark(t.id, in_takeaways)}"), value=True, key=f"pub_tk_{t.id}")
    if recs:
        st.markdown("**Recommendations**")
        for r in recs:
            st.checkbox(escape_md(f"{r.number}. {short(r.text, 110)}{mark(r.id, in_recs)}"), value=True,
                        key=f"pub_rec_{r.id}")
    chosen_recs = [r.id for r in recs if state.get(f"pub_rec_{r.id}", True)]
    chosen_takeaways = [t.id for t in takeaways if state.get(f"pub_tk_{t.id}", True)]
    with st.expander("Preview what participants will see", icon=":material/visibility:"):
        with db() as session:
            preview = preview_document(session, sid, takeaway_ids=chosen_takeaways, recommendation_ids=chosen_recs)
        render_document(preview)

    def publish() -> None:
        # Read the ticks now, not at render time: a tick and a click can arrive in the same rerun.
        rec_ids = [r.id for r in recs if state.get(f"pub_rec_{r.id}", True)]
        takeaway_ids = [t.id for t in takeaways if state.get(f"pub_tk_{t.id}", True)]
        if act(lambda s: pub.publish_session(s, sid, actor=actor, reason=state.get("publish_reason"),
                                             takeaway_ids=takeaway_ids, recommendation_ids=rec_ids),
               "Published. Participants registered for the session now see this revision under Takeaways."):
            state.pop("publish_reason", None)

    if info.latest:
        st.text_input("What changed (required; participants see “Updated on <date>: <reason>”)", key="publish_reason",
                      placeholder="e.g. recommendation 3 reworded after the follow-up call")
    if not info.can_publish:
        st.caption("Close the session first: participants only ever see the outcome of a finished dialogue.")
    label = f"Publish update (revision {info.latest.revision + 1})" if info.latest else "Publish"
    st.button(label, on_click=publish, type="primary", disabled=not info.can_publish, icon=":material/publish:")


def share_section(info: pub.PublishState, actor: Actor) -> None:
    """The share code: show it, replace it (revoking the old one) or remove it."""
    st.subheader("3. Who can read it")
    sid = info.session_id
    st.write("Participants registered for this session see the published outcomes under Takeaways when they log in. "
             "Anyone else with an account needs the session's share code.")
    if info.share_code:
        st.code(info.share_code, language=None)
        if not info.latest:
            st.caption("The code starts working once the session is published.")
    else:
        st.caption("No share code: only registered participants can read the outcomes.")
    row = st.container(horizontal=True)
    row.button("New share code" if info.share_code else "Create a share code", icon=":material/key:",
               help="Whoever used the old code loses access", on_click=lambda: act(
                   lambda s: pub.regenerate_share_code(s, sid, actor=actor),
                   "New share code created; the old one no longer opens this session."))
    if info.share_code:
        row.button("Remove the share code", icon=":material/key_off:", on_click=lambda: act(
            lambda s: pub.clear_share_code(s, sid, actor=actor),
            "Share code removed: only registered participants can read the outcomes."))


def reports_section(info: pub.PublishState, published: Optional[dict[str, Any]]) -> None:
    """Downloads of both versions of the report, and the history of published revisions."""
    st.subheader("4. Reports")
    left, right = st.columns(2)
    with left:
        st.markdown("**Participant version** (published, anonymised)")
        if published:
            download_buttons(published, key="dl_part",
                             formats=[("docx", ""), ("md", ""), ("csv", "recommendations"), ("json", "")])
        else:
            st.caption("Available once the session is published.")
    with right:
        st.markdown("**Staff version** (working state, speakers named)")
        staff = staff_document(info.session_id)
        if staff is not None:
            download_buttons(staff, key="dl_staff",
                             formats=[("docx", ""), ("md", ""), ("csv", "recommendations"),
                                      ("csv", "interventions"), ("json", "")])
    if info.publications:
        st.markdown("**Published revisions**")
        history = pd.DataFrame([{"Revision": p.revision, "Published": format_when(p.published_at),
                                 "By": p.published_by or "system", "Takeaways": p.takeaways,
                                 "Recommendations": p.recommendations, "Reason": p.reason or "first publication"}
                                for p in reversed(info.publications)])
        st.dataframe(history, hide_index=True, width="stretch")
