"""Questions & agenda: import a concept note, fix it in a preview, confirm; edit; reuse past questions."""
from __future__ import annotations

import streamlit as st

from dashboard.auth import require_role
from dashboard.textfmt import escape_md
from dashboard.services.errors import DialogueDeskError
from dashboard.services.setup.structure import draft_from_structure, get_structure
from dashboard.services.setup.sessions import list_sessions
from dashboard.runtime import db
from dashboard.ui.setup.library import library_tab
from dashboard.ui.setup.structure import show_structure
from dashboard.ui.setup.workflow import editor_tab, get_pending, import_tab, picked_session_header, preview_panel

user = require_role("moderator", "admin")

choice = picked_session_header("Questions & agenda")

pending = get_pending(choice.id)
if pending is not None:
    preview_panel(choice.id, pending, user.actor)
    st.stop()

try:
    with db() as session:
        structure = get_structure(session, choice.id)
        others = [row for row in list_sessions(session) if row.id != choice.id and row.questions]
except DialogueDeskError as exc:
    st.error(escape_md(str(exc)))
    st.stop()

current, importing, editing, library = st.tabs(
    [f"Current ({structure.question_count} questions)", "Import", "Edit", "Question library"]
)
with current:
    show_structure(structure)
with importing:
    import_tab(choice.id, others)
with editing:
    if not structure.parts:
        st.caption("No Parts yet: type them here (one row per Part, then its questions), or import a concept note.")
    editor_tab(choice.id, draft_from_structure(structure), user.actor)
with library:
    library_tab(choice.id, structure, user.actor)
