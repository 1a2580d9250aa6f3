"""Takeaways: the published outcomes of the sessions a reader may see (read-only, phone-friendly)."""
from __future__ import annotations

import streamlit as st

from dashboard.auth import ANY_ROLE, require_role
from dashboard.textfmt import escape_md
from dashboard.services.errors import DialogueDeskError
from dashboard.services.outcomes.participant_view import (
    NOT_AVAILABLE,
    get_published_view,
    list_visible_sessions,
    open_with_share_code,
)
from dashboard.timefmt import format_when
from dashboard.runtime import db
from dashboard.ui.outcomes.common import download_buttons, flash, render_document, show_flash

user = require_role(*ANY_ROLE)
state = st.session_state
PICKED = "dd_takeaways_session"


def open_code(code: str) -> None:
    try:
        with db() as session:
            state[PICKED] = open_with_share_code(session, user_id=user.id, code=code)
    except DialogueDeskError as exc:
        flash("error", str(exc))
        return
    state["takeaways_code"] = ""
    flash("success", "Session opened. It stays in your list while the code is valid.")


st.title("Session outcomes")
# A link may carry ?code=ABCD-EFGH (share code) or ?session=ID (a session this reader may already see).
if "code" in st.query_params:
    open_code(st.query_params["code"])
    del st.query_params["code"]
if "session" in st.query_params:
    raw = st.query_params["session"]
    state[PICKED] = int(raw) if raw.isdigit() else -1
    del st.query_params["session"]
show_flash()

with db() as session:
    visible = list_visible_sessions(session, user_id=user.id, roles=user.roles)

with st.expander("Have a share code?", icon=":material/key:", expanded=not visible):
    with st.form("share_code"):
        st.text_input("Share code", key="takeaways_code", placeholder="ABCD-EFGH",
                      help="The organisers give a code to open a session you were not registered for.")
        st.form_submit_button("Open", on_click=lambda: open_code(state.get("takeaways_code", "")))

if not visible and state.get(PICKED) is None:
    st.info("No published outcomes for you yet. They appear here once the organisers publish a session you "
            "registered for. For another session, enter its share code above.")
    st.stop()

by_id = {v.id: v for v in visible}
wanted = state.get(PICKED)
if wanted is not None and wanted not in by_id:
    # Never say whether the session exists: a draft, an unpublished session and no session look the same.
    st.error(NOT_AVAILABLE)
    state.pop(PICKED, None)
    st.stop()
ids = list(by_id)


def _option(session_id: int) -> str:
    when = format_when(by_id[session_id].scheduled_start, with_time=False)
    return f"{by_id[session_id].label} · {when}" if when else by_id[session_id].label


chosen = st.selectbox("Session", ids, index=ids.index(wanted) if wanted in by_id else 0, format_func=_option)
state[PICKED] = chosen
if user.has("moderator", "admin"):
    st.caption("You see exactly what participants see: the latest published revision.")

try:
    with db() as session:
        doc = get_published_view(session, user_id=user.id, roles=user.roles, session_id=chosen)
except DialogueDeskError as exc:
    st.error(str(exc))
    st.stop()

render_document(doc)
st.markdown("#### Download the report")
st.caption(escape_md("Anonymised report of the published outcomes (Chatham House Rule applies)."
                     if doc["session"].get("chatham_house") else "Report of the published outcomes."))
download_buttons(doc, formats=[("docx", ""), ("md", "")], key="dl_takeaways")
