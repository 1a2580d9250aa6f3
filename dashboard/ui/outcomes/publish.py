"""The sections of the publish page: close / reopen, choose and publish, share code, reports and history.

Each section is an action area: its buttons go through `actions`, its feedback is shown in the
section, and each press is bound to the session and the state it was drawn for, so a double
click closes, publishes or replaces a share code once.
"""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd
import streamlit as st

from dashboard.navigation import roles_for
from dashboard.textfmt import escape_md, user_text
from dashboard.services.outcomes import publication as pub
from dashboard.services.outcomes.participant_view import preview_document
from dashboard.services.outcomes.recommendations import RecommendationInfo
from dashboard.services.outcomes.takeaways import TakeawayInfo
from dashboard.i18n import N_
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.language import _, when
from dashboard.ui.outcomes.common import download_buttons, render_document, staff_document, verb
from dashboard.ui.outcomes.drafting import short

STAFF = roles_for("publish.py")  # who may act here: the page's own roles
CLOSE, PUBLISH, SHARE = "publish.close", "publish", "publish.share"


def close_section(info: pub.PublishState) -> None:
    """Close an open session, or reopen a closed one with a reason."""
    st.subheader(_("1. Close the dialogue"))
    sid = info.session_id
    actions.feedback(CLOSE)
    if info.status in ("draft", "live"):
        st.write(_("While the session is open, moderators can still capture interventions. Close it when the "
                   "dialogue is over: captures are locked and the outcomes can be published."))
        st.button(_("Close the session"), type="primary", icon=":material/lock:", on_click=actions.callback(
            CLOSE, lambda session, user: pub.close_session(session, sid, actor=user.actor), roles=STAFF,
            success=_("Session closed: captures are locked. Choose what to publish below."), renew_keys=True,
            once=actions.key(CLOSE, "close", sid)))
        return
    closed = when(info.closed_at) if info.closed_at else _("earlier")
    st.success(_("Closed ({when}). Captures are locked.").format(when=closed), icon=":material/lock:")
    reason_key = actions.key(CLOSE, "reason", sid)

    def reopen(session, user) -> None:
        pub.reopen_session(session, sid, actor=user.actor, reason=st.session_state.get(reason_key, ""))

    with st.expander(_("Reopen for more captures")):
        st.text_input(_("Reason (kept in the audit log)"), key=reason_key,
                      placeholder=_("e.g. add two interventions received by e-mail"))
        st.button(_("Reopen the session"), icon=":material/lock_open:", on_click=actions.callback(
            CLOSE, reopen, roles=STAFF, success=_("Session reopened for captures; the reason is in the audit log."),
            renew_keys=True, once=actions.key(CLOSE, "reopen", sid)))


def _published_ids(published: Optional[dict[str, Any]]) -> tuple[set[int], set[int]]:
    if not published:
        return set(), set()
    takeaways = {t["id"] for p in published["parts"] for t in p["takeaways"]}
    return takeaways | {t["id"] for t in published["session_takeaways"]}, {r["id"] for r in published["recommendations"]}


def publish_section(info: pub.PublishState, recs: list[RecommendationInfo],
                    takeaways: list[TakeawayInfo], parts: dict[int, str], published: Optional[dict[str, Any]]) -> None:
    """Tick what participants see, preview it, and publish (an update needs a reason)."""
    st.subheader(_("2. Choose what participants see"))
    state, sid = st.session_state, info.session_id
    actions.feedback(PUBLISH)
    if not recs and not takeaways:
        st.info(_("Nothing drafted yet: write takeaways and recommendations under Outcomes → Recommendations. "
                  "You can still publish the session summary and participation figures."))
    in_takeaways, in_recs = _published_ids(published)
    new_mark = " " + _("(new: not in the published revision)")

    def mark(item_id: int, latest: set[int]) -> str:
        return "" if not published or item_id in latest else new_mark

    if takeaways:
        st.markdown("**{}**".format(_("Key takeaways")))
        for t in takeaways:
            st.checkbox(f"{user_text(parts.get(t.part_id, _('Whole session')))}: {user_text(short(t.text, 110))}"
                        f"{escape_md(mark(t.id, in_takeaways))}", value=True, key=f"pub_tk_{t.id}")
    if recs:
        st.markdown("**{}**".format(_("Recommendations")))
        for r in recs:
            st.checkbox(f"{r.number}\\. {user_text(short(r.text, 110))}{escape_md(mark(r.id, in_recs))}", value=True,
                        key=f"pub_rec_{r.id}")
    chosen_recs = [r.id for r in recs if state.get(f"pub_rec_{r.id}", True)]
    chosen_takeaways = [t.id for t in takeaways if state.get(f"pub_tk_{t.id}", True)]
    with st.expander(_("Preview what participants will see"), icon=":material/visibility:"):
        with db() as session:
            preview = preview_document(session, sid, takeaway_ids=chosen_takeaways, recommendation_ids=chosen_recs)
        render_document(preview)

    revision = info.latest.revision + 1 if info.latest else 1
    reason_key = actions.key(PUBLISH, "reason", sid)

    def publish(session, user) -> pub.PublicationInfo:
        # Read the ticks now, not at render time: a tick and a click can arrive in the same rerun.
        rec_ids = [r.id for r in recs if state.get(f"pub_rec_{r.id}", True)]
        takeaway_ids = [t.id for t in takeaways if state.get(f"pub_tk_{t.id}", True)]
        return pub.publish_session(session, sid, actor=user.actor, reason=state.get(reason_key),
                                   takeaway_ids=takeaway_ids, recommendation_ids=rec_ids)

    if info.latest:
        st.text_input(_("What changed (required; participants see “Updated on <date>: <reason>”)"), key=reason_key,
                      placeholder=_("e.g. recommendation 3 reworded after the follow-up call"))
    if not info.can_publish:
        st.caption(_("Close the session first: participants only ever see the outcome of a finished dialogue."))
    label = (_("Publish update (revision {revision})").format(revision=revision) if info.latest
             else verb(N_("Publish [button]")))
    st.button(label, type="primary", disabled=not info.can_publish, icon=":material/publish:",
              on_click=actions.callback(
                  PUBLISH, publish, roles=STAFF, renew_keys=True, once=actions.key(PUBLISH, "publish", sid, revision),
                  success=_("Published. Participants registered for the session now see this revision under "
                            "Takeaways.")))


def share_section(info: pub.PublishState) -> None:
    """The share code: show it, replace it (revoking the old one) or remove it."""
    st.subheader(_("3. Who can read it"))
    sid = info.session_id
    actions.feedback(SHARE)
    st.write(_("Participants registered for this session see the published outcomes under Takeaways when they log "
               "in. Anyone else with an account needs the session's share code."))
    if info.share_code:
        st.code(info.share_code, language=None)
        if not info.latest:
            st.caption(_("The code starts working once the session is published."))
    else:
        st.caption(_("No share code: only registered participants can read the outcomes."))
    row = st.container(horizontal=True)
    row.button(_("New share code") if info.share_code else _("Create a share code"), icon=":material/key:",
               help=_("Whoever used the old code loses access"), on_click=actions.callback(
                   SHARE, lambda session, user: pub.regenerate_share_code(session, sid, actor=user.actor),
                   roles=STAFF, renew_keys=True, once=actions.key(SHARE, "new", sid),
                   success=_("New share code created; the old one no longer opens this session.")))
    if info.share_code:
        row.button(_("Remove the share code"), icon=":material/key_off:", on_click=actions.callback(
            SHARE, lambda session, user: pub.clear_share_code(session, sid, actor=user.actor),
            roles=STAFF, renew_keys=True, once=actions.key(SHARE, "remove", sid),
            success=_("Share code removed: only registered participants can read the outcomes.")))


def reports_section(info: pub.PublishState, published: Optional[dict[str, Any]]) -> None:
    """Downloads of both versions of the report, and the history of published revisions."""
    st.subheader(_("4. Reports"))
    left, right = st.columns(2)
    with left:
        st.markdown(_("**Participant version** (published, anonymised)"))
        if published:
            download_buttons(published, key="dl_part",
                             formats=[("docx", ""), ("md", ""), ("csv", "recommendations"), ("json", "")])
        else:
            st.caption(_("Available once the session is published."))
    with right:
        st.markdown(_("**Staff version** (working state, speakers named)"))
        staff = staff_document(info.session_id)
        if staff is not None:
            download_buttons(staff, key="dl_staff",
                             formats=[("docx", ""), ("md", ""), ("csv", "recommendations"),
                                      ("csv", "interventions"), ("json", "")])
    if info.publications:
        st.markdown("**{}**".format(_("Published revisions")))
        # Column names in the reader's language; the values are the revisions' own (a reason is typed text).
        history = pd.DataFrame([{_("Revision"): p.revision, _("Published"): when(p.published_at),
                                 _("By"): p.published_by or _("system"), _("Takeaways"): p.takeaways,
                                 _("Recommendations"): p.recommendations,
                                 _("Reason"): p.reason or _("first publication")}
                                for p in reversed(info.publications)])
        st.dataframe(history, hide_index=True, width="stretch")
