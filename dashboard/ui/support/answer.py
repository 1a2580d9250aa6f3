"""The participant's side of a support check, on "Follow the dialogue".

A fragment of its own, beside the page's refreshing one: it appears when the moderator opens a check
and goes when it closes, by itself (`support_changed` in the refreshing fragment tells), and an
answer redraws only this panel. Each answer is saved as soon as it is chosen (one action per choice);
a refused answer (the check closed meanwhile) puts the choice back to what is saved.
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from db.codes import STAKEHOLDER_TYPES, SUPPORT_ANSWERS
from dashboard.auth import CurrentUser
from dashboard.navigation import roles_for
from dashboard.runtime import db, get_settings
from dashboard.services.support import checks
from dashboard.services.support.checks import CheckInfo
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions
from dashboard.ui.language import _, label
from dashboard.ui.live.cache import live_view

AREA = "follow_support"
VOTER = "follow_support_voter"
DRAWN = "follow_support_drawn"  # the open check the panel last drew (None: none)
ROLES = roles_for("follow.py")


def _answer_key(check_id: int, recommendation_id: int) -> str:
    return f"follow_support_answer.{check_id}.{recommendation_id}"


def _on_answer(session_id: int, check_id: int, recommendation_id: int):
    widget = _answer_key(check_id, recommendation_id)

    def work(session, user) -> bool:
        return checks.answer(session, session_id=session_id, check_id=check_id, recommendation_id=recommendation_id,
                             user_id=user.id, answer=st.session_state.get(widget))

    def on_change() -> None:
        if not actions.run(AREA, work, roles=ROLES):
            st.session_state.pop(widget, None)  # show what is saved, not the refused choice

    return on_change


@st.cache_resource(max_entries=256, show_spinner=False)
def _open_check(database_url: str, session_id: int, version: int) -> Optional[CheckInfo]:
    # Opening, closing and reopening a check move the session's change stamp: what is open (and
    # its recommendations) is read once per stamp for every participant of this process.
    with db() as session:
        check_id = checks.open_check_id(session, session_id=session_id)
        return checks.get_check(session, check_id=check_id, session_id=session_id) if check_id else None


def _voter(session, session_id: int, user: CurrentUser) -> Optional[checks.Voter]:
    """How this account counts, remembered for the browser session once known (answers re-check it)."""
    remembered = st.session_state.get(f"{VOTER}.{session_id}")
    if remembered is None:
        remembered = checks.voter_of(session, session_id=session_id, user_id=user.id)
        if remembered is not None:
            st.session_state[f"{VOTER}.{session_id}"] = remembered
    return remembered


def support_changed(session_id: int, version: int) -> None:
    """Inside the page's refreshing fragment: redraw the page when a check opened, closed or reopened.

    The support panel is a fragment of its own that does not follow the session's changes (a capture
    would otherwise redraw every participant's eight answer buttons); this cheap comparison, against
    a value read once per change stamp for the whole process, tells when it must be drawn again.
    """
    check = _open_check(get_settings().database_url, session_id, version)
    if (check.id if check else None) != st.session_state.get(f"{DRAWN}.{session_id}"):
        st.rerun(scope="app")


@st.fragment
def support_panel(session_id: int, user: CurrentUser) -> None:
    """The open support check for this participant, or nothing (its own fragment: an answer redraws it only)."""
    actions.guard(*ROLES)
    check = _open_check(get_settings().database_url, session_id, live_view(session_id, read_only=True).version)
    st.session_state[f"{DRAWN}.{session_id}"] = check.id if check else None
    with db() as session:
        if check is None:
            if checks.answered_closed_check(session, session_id=session_id, user_id=user.id):
                st.caption(_("The support check has closed and your answers were counted, per stakeholder group. "
                             "The results appear with the takeaways once the organisers publish them."))
            return
        voter = _voter(session, session_id, user)
        mine = checks.my_answers(session, check_id=check.id, user_id=user.id)
    st.divider()
    st.subheader(_("Support check"), anchor=False)
    actions.feedback(AREA)
    if voter is None:
        st.caption(_("The moderators are asking participants which draft recommendations they support. Only people "
                     "registered for this session (or who joined with its share code) can answer."))
    else:
        group = label(STAKEHOLDER_TYPES, voter.stakeholder_type)
        if voter.self_declared:
            group = _("{group} (self-declared)").format(group=group)
        st.caption(_("Say where you stand on each draft recommendation. Answers are counted per stakeholder group, "
                     "never by name: yours counts for **{group}**. You can change them until the moderator closes "
                     "the check.").format(group=escape_md(group)))
    codes = list(SUPPORT_ANSWERS)
    worded = {c: label(SUPPORT_ANSWERS, c) for c in codes}  # worded now: format_func may run later
    answered = 0
    for item in check.items:
        with st.container(border=True, key=f"follow_support_item_{check.id}_{item.recommendation_id}"):
            st.markdown(f"**R{item.number}** {user_text(item.text)}")
            if voter is None:
                continue
            widget = _answer_key(check.id, item.recommendation_id)
            saved = mine.get(item.recommendation_id)
            if widget not in st.session_state and saved is not None:
                st.session_state[widget] = saved
            answered += saved is not None
            st.radio(_("Your answer on R{number}").format(number=item.number), codes, key=widget, index=None,
                     horizontal=True, format_func=worded.__getitem__, label_visibility="collapsed",
                     on_change=_on_answer(session_id, check.id, item.recommendation_id))
    if voter is not None:
        st.caption(_("Answered {answered} of {total}. Each answer is saved as soon as you choose it.").format(
            answered=answered, total=len(check.items)))
