"""Questions & agenda: import a concept note, fix it in a preview, confirm; edit; reuse past questions."""
from __future__ import annotations

import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.setup.sessions import list_sessions
from dashboard.services.setup.structure import draft_from_structure, get_structure
from dashboard.ui import actions
from dashboard.ui.setup.editing import PREVIEW, editor_tab, preview_panel
from dashboard.ui.setup.library import library_tab
from dashboard.ui.setup.structure import show_structure
from dashboard.ui.setup.workflow import get_pending, import_tab, picked_session_header
from dashboard.ui.language import _

user = require_role(*roles_for(__file__))

choice = picked_session_header(_("Questions & agenda"))
# A confirmed preview gives way to the tabs below, so what it saved is said above them.
actions.feedback(PREVIEW)

pending = get_pending(choice.id)
if pending is not None:
    preview_panel(choice.id, pending)
    st.stop()

loaded = actions.load("setup.questions", lambda session: (
    get_structure(session, choice.id),
    [row for row in list_sessions(session) if row.id != choice.id and row.questions],
))
actions.feedback("setup.questions")
if loaded is None:
    st.stop()
structure, others = loaded

current, importing, editing, library = st.tabs(
    [_("Current ({count} questions)").format(count=structure.question_count), _("Import"), _("Edit"),
     _("Question library")]
)
with current:
    show_structure(structure)
with importing:
    import_tab(choice.id, others)
with editing:
    if not structure.parts:
        st.caption(_("No Parts yet: type them here (one row per Part, then its questions), or import a concept "
                     "note."))
    editor_tab(choice.id, draft_from_structure(structure))
with library:
    library_tab(choice.id, structure)
