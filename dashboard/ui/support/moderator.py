"""The moderator's support check: choose draft recommendations, open, watch answers by group, close.

While a check is open its results redraw every second from one grouped query (answers move the
check's own counter, not the session's change stamp, so participants' pages do not redraw on every
answer; a handful of moderators polling once a second costs next to nothing).
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.navigation import roles_for
from dashboard.runtime import db, get_settings
from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.support import checks
from dashboard.services.support.checks import CheckInfo
from dashboard.textfmt import user_text
from dashboard.ui import actions
from dashboard.ui.language import _, when
from dashboard.ui.support.results import (consensus_text, ordered, recommendation_heading, support_block,
                                          translated_flags)

AREA = "support_check"
ROLES = roles_for("support_check.py")
LIVE_EVERY = "1s"


def _open_form(session_id: int, status: str) -> None:
    with db() as s:
        recs = list_recommendations(s, session_id=session_id)
    st.subheader(_("Open a support check"), anchor=False)
    if status != "live":
        st.info(_("A support check runs while participants follow the dialogue: start the dialogue on the Capture "
                  "console first.") if status == "draft" else
                _("This dialogue has ended, so no new support check can be opened."), icon=":material/info:")
        return
    if not recs:
        st.info(_("No draft recommendations yet: draft them under Outcomes → Recommendations, then come back."),
                icon=":material/lightbulb:")
        return
    by_id = {r.id: r for r in recs}
    chosen_key = actions.key(AREA, "chosen", session_id)
    st.multiselect(_("Recommendations to ask about"), list(by_id), default=list(by_id), key=chosen_key,
                   format_func=lambda i: f"R{by_id[i].number} {by_id[i].text[:90]}"
                                         + ("…" if len(by_id[i].text) > 90 else ""), placeholder=_("Choose…"))
    minimum = get_settings().support_min_group_size

    def work(s, user) -> int:
        return checks.open_check(s, session_id=session_id, recommendation_ids=st.session_state.get(chosen_key) or [],
                                 actor=user.actor, min_group_size=minimum)

    st.button(_("Open the support check"), type="primary", icon=":material/how_to_vote:",
              key=f"support_open_{session_id}",
              on_click=actions.callback(AREA, work, roles=ROLES, renew_keys=True, once=f"open {chosen_key}",
                                        success=lambda cid: _("Support check open: participants see it on “Follow "
                                                              "the dialogue” now.")))
    st.caption(_("Participants answer Support / Can live with it / Oppose / Pass on their own device. A group's "
                 "figures show once {count} of its members answered.").format(count=minimum))


def _results(check: CheckInfo) -> None:
    by_consensus = st.toggle(_("Order by consensus score"), key=f"support_order_{check.id}")
    with db() as s:
        found = checks.check_results(s, check_id=check.id)
        people = checks.responders(s, check_id=check.id)
    items = {i.recommendation_id: i for i in check.items}
    if people == 1:
        st.markdown(_("**1** person has answered so far.") if check.is_open else _("**1** person has answered."))
    else:
        st.markdown((_("**{count}** people have answered so far.") if check.is_open
                     else _("**{count}** people have answered.")).format(count=people))
    shown = ordered([r for r in found if r["recommendation_id"] in items], by_consensus)
    # One line per recommendation first: the room's view at a glance, then each one's groups.
    recommendation, answers, consensus, flags = _("Recommendation"), _("Answers"), _("Consensus"), _("Flags")
    st.dataframe([{"": f"R{items[r['recommendation_id']].number}",
                   recommendation: _short(items[r["recommendation_id"]].text),
                   answers: r["responses"], consensus: consensus_text(r["consensus"]),
                   flags: "; ".join(translated_flags(r, check.min_group_size))} for r in shown],
                 hide_index=True, width="stretch",
                 column_config={"": st.column_config.TextColumn(width=40),
                                recommendation: st.column_config.TextColumn(width="medium"),
                                answers: st.column_config.NumberColumn(width=70),
                                consensus: st.column_config.TextColumn(width=90),
                                flags: st.column_config.TextColumn(width="large")})
    for result in shown:
        item = items[result["recommendation_id"]]
        with st.expander(_("R{number} by stakeholder group · {text}").format(
                number=item.number, text=user_text(_short(item.text, 70)))):
            st.markdown(recommendation_heading(item.number, item.text))
            support_block(result, check.min_group_size)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _controls(session_id: int, check: CheckInfo) -> None:
    if check.is_open:
        def close(s, user) -> None:
            checks.close_check(s, session_id=session_id, check_id=check.id, actor=user.actor)

        st.button(_("Close the check and freeze the results"), type="primary", icon=":material/lock:",
                  key=f"support_close_{check.id}",
                  on_click=actions.callback(AREA, close, roles=ROLES, once=f"close {check.id} v{check.version}",
                                            success=_("Support check closed: the results are frozen and go into "
                                                      "the takeaways and the report when you publish.")))
    else:
        def reopen(s, user) -> None:
            checks.reopen_check(s, session_id=session_id, check_id=check.id, actor=user.actor)

        st.button(_("Reopen this check"), icon=":material/lock_open:", key=f"support_reopen_{check.id}",
                  on_click=actions.callback(AREA, reopen, roles=ROLES, once=f"reopen {check.id} v{check.version}",
                                            success=_("Support check reopened: participants can answer again.")))


def support_check_view(session_id: int, status: str) -> None:
    """The whole page body for one session."""
    with db() as s:
        check: Optional[CheckInfo] = checks.latest_check(s, session_id=session_id)
    actions.feedback(AREA)
    if check is None or not check.is_open:
        _open_form(session_id, status)
    if check is None:
        return
    st.divider()
    state = (_("Open since {when}").format(when=when(check.opened_at)) if check.is_open else
             _("Closed {when} · results frozen").format(when=when(check.closed_at)))
    st.subheader(_("Current support check") if check.is_open else _("Last support check"), anchor=False)
    st.caption(state)
    _controls(session_id, check)

    @st.fragment(run_every=LIVE_EVERY if check.is_open else None)
    def live_results() -> None:
        actions.guard(*ROLES)
        with db() as s:
            fresh = checks.get_check(s, check_id=check.id, session_id=session_id)
        if fresh.is_open != check.is_open:
            st.rerun(scope="app")  # closed or reopened from another moderator's screen
        _results(fresh)

    live_results()
