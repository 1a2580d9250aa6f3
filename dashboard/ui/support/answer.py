"""The participant's side of a support check, on "Follow the dialogue".

Drawn inside the page's refreshing fragment: it appears when the moderator opens a check and goes
when it closes, by itself. Each answer is saved as soon as it is chosen (one action per choice);
a refused answer (the check closed meanwhile) puts the choice back to what is saved.
"""
from __future__ import annotations

import streamlit as st

from db.codes import SUPPORT_ANSWERS
from dashboard.auth import CurrentUser
from dashboard.navigation import roles_for
from dashboard.runtime import db
from dashboard.services.support import checks
from dashboard.textfmt import escape_md
from dashboard.ui import actions

AREA = "follow_support"
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


def support_panel(session_id: int, user: CurrentUser) -> None:
    """The open support check for this participant, or nothing (call inside the refreshing fragment)."""
    with db() as session:
        check_id = checks.open_check_id(session, session_id=session_id)
        if check_id is None:
            if checks.answered_closed_check(session, session_id=session_id, user_id=user.id):
                st.caption("The support check has closed and your answers were counted, per stakeholder group. "
                           "The results appear with the takeaways once the organisers publish them.")
            return
        check = checks.get_check(session, check_id=check_id, session_id=session_id)
        voter = checks.voter_of(session, session_id=session_id, user_id=user.id)
        mine = checks.my_answers(session, check_id=check_id, user_id=user.id)
    st.divider()
    st.subheader("Support check", anchor=False)
    actions.feedback(AREA)
    if voter is None:
        st.caption("The moderators are asking participants which draft recommendations they support. Only people "
                   "registered for this session (or who joined with its share code) can answer.")
    else:
        declared = " (self-declared)" if voter.self_declared else ""
        st.caption("Say where you stand on each draft recommendation. Answers are counted per stakeholder group, "
                   f"never by name: yours counts for **{escape_md(checks.group_label(voter.stakeholder_type))}"
                   f"{declared}**. You can change them until the moderator closes the check.")
    codes = list(SUPPORT_ANSWERS)
    answered = 0
    for item in check.items:
        with st.container(border=True, key=f"follow_support_item_{check.id}_{item.recommendation_id}"):
            st.markdown(f"**R{item.number}** {escape_md(item.text)}")
            if voter is None:
                continue
            widget = _answer_key(check.id, item.recommendation_id)
            saved = mine.get(item.recommendation_id)
            if widget not in st.session_state and saved is not None:
                st.session_state[widget] = saved
            answered += saved is not None
            st.radio(f"Your answer on R{item.number}", codes, key=widget, index=None, horizontal=True,
                     format_func=SUPPORT_ANSWERS.get, label_visibility="collapsed",
                     on_change=_on_answer(session_id, check.id, item.recommendation_id))
    if voter is not None:
        st.caption(f"Answered {answered} of {len(check.items)}. Each answer is saved as soon as you choose it.")
