"""Follow-up: keep each recommendation's status, owner, review date and evidence honest, with a dated timeline."""
from __future__ import annotations

import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.catalog import list_session_choices
from dashboard.services.leadership import follow_up
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.leadership import follow_up as widgets
from dashboard.ui.language import _

user = require_role(*roles_for(__file__))

st.title(_("Recommendation follow-up"))
st.caption(_("Track what happened to each recommendation. Participants see the current status of published ones."))
widgets.apply_preselect()

with db() as session:
    sessions = {c.id: c.label for c in list_session_choices(session)}
session_id, statuses, attention = widgets.filters(sessions)

with db() as session:
    rows = follow_up.list_follow_up(session, session_id=session_id, statuses=statuses, attention_only=attention)
if not rows:
    if not sessions:
        st.info(_("No sessions yet: recommendations appear here once a session has some "
                  "(Outcomes → Recommendations)."))
    elif session_id is None and not statuses and not attention:
        st.info(_("No recommendations yet: moderators draft them under Outcomes → Recommendations."))
    else:
        st.info(_("No recommendations match these filters."))
    st.stop()

widgets.listing(rows, attention_only=attention)
rec_id = widgets.pick(rows)
loaded = actions.load(widgets.UPDATE, lambda session: (follow_up.get_follow_up(session, rec_id),
                                                        follow_up.list_timeline(session, rec_id)))
if loaded is None:
    # Deleted or merged between listing and reading: say so, and leave the choice to the reader.
    actions.feedback(widgets.UPDATE)
    st.stop()
detail, entries = loaded

widgets.details(detail)
left, right = st.columns([1, 1], gap="large")
with left:
    widgets.update_form(detail)
with right:
    widgets.timeline(rec_id, entries)
