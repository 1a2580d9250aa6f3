"""Takeaways: the published outcomes of the sessions a reader may see (read-only, phone-friendly)."""
from __future__ import annotations

import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import escape_md
from dashboard.services.outcomes.participant_view import (
    get_published_view,
    list_visible_sessions,
    open_with_share_code,
)
from dashboard.i18n import N_
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.outcomes.common import download_buttons, render_document, verb
from dashboard.ui.session_picker import choice_widget, session_param_problem
from dashboard.ui.language import _, when

user = require_role(*roles_for(__file__))
READERS = roles_for(__file__)
state = st.session_state
PICKED = "dd_takeaways_session"
SEEN = "dd_takeaways_url_seen"  # the ?session= value already adopted or written by this page
WIDGET = "takeaways_pick"
CODE = "takeaways.code"
OPENED = N_("Session opened. It stays in your list while the code is valid.")
NOT_YOURS = N_("Session {number} is not available to you: outcomes appear here once a session you took part in is "
               "published; for another session, ask the organisers for its share code.")


def _open_code(session, current, code: str) -> int:
    state[PICKED] = open_with_share_code(session, user_id=current.id, code=code)
    return state[PICKED]


st.title(_("Session outcomes"))
# A link may carry ?code=ABCD-EFGH (share code) or ?session=ID (a session this reader may already see).
if "code" in st.query_params:
    link_code = st.query_params["code"]
    del st.query_params["code"]
    actions.run(CODE, lambda session, current: _open_code(session, current, link_code), roles=READERS,
                success=_(OPENED))
raw = st.query_params.get("session")
if raw is not None and raw != state.get(SEEN):
    # A link or a reload names a session: show that one or say why not, never another one silently.
    state[SEEN] = raw
    state[PICKED] = raw  # checked below against what this reader may see
actions.feedback(CODE)

with db() as session:
    visible = list_visible_sessions(session, user_id=user.id, roles=user.roles)

with st.expander(_("Have a share code?"), icon=":material/key:", expanded=not visible):
    with st.form("share_code"):
        st.text_input(_("Share code"), key="takeaways_code", placeholder="ABCD-EFGH",
                      help=_("The organisers give a code to open a session you were not registered for."))
        st.form_submit_button(verb(N_("Open [button]")), on_click=actions.callback(
            CODE, lambda session, current: _open_code(session, current, state.get("takeaways_code", "")),
            roles=READERS, success=_(OPENED), reset=("takeaways_code",)))

wanted = state.get(PICKED)
if not visible and wanted is None:
    st.info(_("No published outcomes for you yet. They appear here once the organisers publish a session you "
              "registered for. For another session, enter its share code above."))
    st.stop()

by_id = {v.id: v for v in visible}
# Never say whether the session exists: a draft, an unpublished session and no session look the same.
problem = session_param_problem(str(wanted), by_id, not_available=_(NOT_YOURS)) if wanted is not None else None
if problem:
    st.error(escape_md(problem), icon=":material/error:")
    if visible and st.button(_("Show the sessions I can see")):
        state.pop(PICKED, None)
        st.query_params.pop("session", None)
        st.rerun()
    st.stop()
ids = list(by_id)


def _option(session_id: int) -> str:
    held = when(by_id[session_id].scheduled_start, with_time=False)
    return f"{by_id[session_id].label} · {held}" if held else by_id[session_id].label


choice_widget(WIDGET, int(wanted) if wanted is not None else ids[0])
chosen = st.selectbox(_("Session"), ids, format_func=_option, key=WIDGET)
state[PICKED] = chosen
state[SEEN] = str(chosen)
if st.query_params.get("session") != str(chosen):
    st.query_params["session"] = str(chosen)
if user.has("moderator", "admin"):
    st.caption(_("You see exactly what participants see: the latest published revision."))

doc = actions.load("takeaways.view", lambda session: get_published_view(
    session, user_id=user.id, roles=user.roles, session_id=chosen))
actions.feedback("takeaways.view")
if doc is None:
    st.stop()

render_document(doc)
st.markdown("#### " + _("Download the report"))
st.caption(escape_md(_("Anonymised report of the published outcomes (Chatham House Rule applies).")
                     if doc["session"].get("chatham_house") else _("Report of the published outcomes.")))
download_buttons(doc, formats=[("docx", ""), ("md", "")], key="dl_takeaways")
