"""On the login page: join a live dialogue with its share code, declaring one's stakeholder group.

There is no account yet, so it uses the runner's anonymous form (no user to re-check). What it creates is a join link for this browser, labelled "self-declared".
"""
from __future__ import annotations

import streamlit as st

from db.codes import STAKEHOLDER_TYPES
from dashboard import auth
from dashboard.services.support import join_links
from dashboard.ui import actions
from dashboard.ui.language import _, label

AREA = "share_join"
AFTER_JOIN = "dd_after_join"  # app.py opens "Follow the dialogue" once after a join


def share_code_join() -> None:
    """An expander with the share-code join form (anonymous visitors only)."""
    with st.expander(_("Joining a dialogue with a share code?"), icon=":material/group_add:"):
        with st.form("dd_share_join", border=False):
            st.text_input(_("Share code"), key="dd_share_join_code", placeholder="ABCD-EFGH", max_chars=20)
            st.selectbox(_("Your stakeholder group"), list(STAKEHOLDER_TYPES), index=None,
                         format_func={c: label(STAKEHOLDER_TYPES, c) for c in STAKEHOLDER_TYPES}.__getitem__,
                         key="dd_share_join_group",
                         placeholder=_("Choose…"))
            st.caption(_("Without a personal link, your answers are counted under the group you choose here and "
                         "labelled “self-declared”. Nothing you send shows your name."))
            pressed = st.form_submit_button(_("Join the dialogue"), type="primary", icon=":material/login:")
        if not pressed:
            return
        joined = actions.run_anonymous(AREA, lambda session: join_links.join_with_share_code(
            session, code=st.session_state.get("dd_share_join_code") or "",
            declared_group=st.session_state.get("dd_share_join_group")))
        if joined is None:
            actions.feedback(AREA)
            return
        token, session_id = joined
        auth.join_with_token(token)
        st.session_state[AFTER_JOIN] = session_id
        st.rerun()
