"""Publishing: close or reopen the dialogue, choose what participants see, publish revisions, download reports."""
from __future__ import annotations

import streamlit as st

from db.codes import SESSION_STATUSES
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import escape_md, user_text
from dashboard.services.outcomes.participant_view import published_document
from dashboard.services.outcomes.publication import get_publish_state
from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.outcomes.takeaways import list_parts, list_takeaways
from dashboard.runtime import db
from dashboard.ui.outcomes.publish import close_section, publish_section, reports_section, share_section
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.language import _, label

user = require_role(*roles_for(__file__))

st.title(_("Publish outcomes"))
choice = pick_session_or_stop()

with db() as session:
    info = get_publish_state(session, choice.id)
    recs = list_recommendations(session, session_id=choice.id)
    takeaways = list_takeaways(session, session_id=choice.id)
    parts = dict(list_parts(session, session_id=choice.id, translate=_))
    published = published_document(session, choice.id)

st.caption(f"{user_text(choice.label)} · {escape_md(label(SESSION_STATUSES, info.status))}")
close_section(info)
publish_section(info, recs, takeaways, parts, published)
share_section(info)
reports_section(info, published)
