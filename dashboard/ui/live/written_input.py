"""Written input on "Follow the dialogue": the participant's form, and what became of what they sent.

The form lives outside the page's refreshing fragment, so a refresh never clears half-typed
text. Each form carries a client token (renewed after a successful send) and names its press
(`once`), so a double click stores one row. The status list lives inside the fragment and
follows the moderators' decisions by itself.
"""
from __future__ import annotations

import uuid

import streamlit as st

from dashboard.auth import CurrentUser
from dashboard.navigation import roles_for
from dashboard.runtime import db
from dashboard.services.live import contributions
from dashboard.services.live.contributions import SubmitResult
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions
from dashboard.ui.language import _, number

AREA = "follow_written"
TOKEN = "follow_written_token"
ROLES = roles_for("follow.py")


def may_send(session_id: int, user: CurrentUser) -> bool:
    """Whether this account is registered for the session (and so gets the form)."""
    with db() as session:
        return contributions.may_contribute(session, session_id=session_id, user_id=user.id)


def _sent(result: SubmitResult) -> str:
    if not result.created:
        return _("Already sent (the second click was ignored).")
    return _("Sent to the moderators. What they do with it shows under “Your written input”.")


def written_input_form(session_id: int, *, registered: bool, staff: bool, started: bool = True) -> None:
    """The form to send written input on the current question (call outside any refreshing fragment)."""
    st.markdown("##### " + _("Send written input on this question"))
    if not registered:
        if staff:
            st.caption(_("Participants registered for this session send written input here; it reaches the "
                         "queue on the Capture console. You are not registered for it, so there is no form for you."))
        else:
            st.caption(_("Only participants registered for this session can send written input."))
        return
    if not started:
        st.caption(_("Sending opens when the moderator starts the dialogue; you can write your input already."))
    token_key = f"{TOKEN}.{session_id}"
    token = st.session_state.setdefault(token_key, uuid.uuid4().hex)
    text_key = actions.key(AREA, "text", session_id)

    def send(session, user) -> SubmitResult:
        return contributions.submit_contribution(session, session_id=session_id, user_id=user.id,
                                                 text=st.session_state.get(text_key), client_token=token)

    with st.form(f"follow_written_form_{session_id}", border=True):
        st.text_area(_("Your input"), key=text_key, max_chars=contributions.MAX_CHARS, height=110,
                     placeholder=_("A point, an example or a question for the room. It is filed under the question "
                                   "on screen when you press Send, attributed to your stakeholder group."))
        st.form_submit_button(_("Send"), type="primary", icon=":material/send:",
                              on_click=actions.callback(AREA, send, roles=ROLES, success=_sent, renew_keys=True,
                                                        reset=(token_key,), once=f"written {session_id} {token}"))
    actions.feedback(AREA)
    st.caption(_("Up to {limit} characters, one input every {seconds} seconds. The moderators read every input; "
                 "on shared screens it is cited by stakeholder group only.").format(
        limit=number(contributions.MAX_CHARS), seconds=contributions.MIN_INTERVAL_S))


def own_contributions(session_id: int, user: CurrentUser) -> None:
    """What this participant sent, with its status (call inside the refreshing fragment)."""
    with db() as session:
        rows = contributions.list_own_contributions(session, session_id=session_id, user_id=user.id, translate=_)
    if not rows:
        return
    st.markdown("**" + _("Your written input") + "**")
    for row in rows:
        with st.container(border=True):
            st.caption(f"{escape_md(row.question_label)} · {escape_md(row.outcome_in(_))}")
            st.markdown(user_text(row.text))
