"""Participants: the session's registry, registration-list import, quick add of a speaker."""
from __future__ import annotations

import streamlit as st

from db.codes import STAKEHOLDER_TYPES
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.setup.participants import count_session_participants, list_session_participants
from dashboard.ui import actions
from dashboard.ui.setup.participants import REGISTRY, import_registrations, quick_add_form, registry_table
from dashboard.ui.setup.workflow import picked_session_header
from dashboard.ui.support.join_links import join_links_panel
from dashboard.ui.language import _, label

user = require_role(*roles_for(__file__))

choice = picked_session_header(_("Participants"))

loaded = actions.load("setup.participants", lambda session: (
    list_session_participants(session, choice.id), count_session_participants(session, choice.id)))
actions.feedback("setup.participants")
if loaded is None:
    st.stop()
rows, counts = loaded

registered, importing, adding, links = st.tabs([_("Registered ({count})").format(count=len(rows)),
                                                _("Import registrations"), _("Quick add"), _("Join links")])
with registered:
    actions.feedback(REGISTRY)
    if not rows:
        st.info(_("No participants yet: import the registration list in the “Import registrations” tab, "
                  "or add people one by one under “Quick add”."))
    else:
        summary = [_("{group}: {count}").format(group=label(STAKEHOLDER_TYPES, code), count=counts.by_type[code])
                   for code in STAKEHOLDER_TYPES if counts.by_type.get(code)]
        if counts.needs_review:
            summary.append(_("{count} need review").format(count=counts.needs_review))
        st.caption(" · ".join(summary))
        registry_table(choice.id, rows)
with importing:
    import_registrations(choice.id, choice.label)
with adding:
    quick_add_form(choice.id)
with links:
    join_links_panel(choice.id, choice.label, len(rows))
