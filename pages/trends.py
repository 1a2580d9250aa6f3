"""Trends: who took part, what was raised, and whether recommendations were acted on, across the series."""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.leadership.trends import get_change_stamp
from dashboard.timefmt import GENEVA
from dashboard.runtime import db, get_settings
from dashboard.ui.leadership import trends as widgets
from dashboard.ui.language import _

user = require_role(*roles_for(__file__))

st.title(_("Trends across the series"))
st.caption(_("Participation, themes and recommendation follow-up over every session held (live, closed or published)."))

database_url = get_settings().database_url
with db() as session:
    stamp = get_change_stamp(session)
filters = widgets.filters(widgets.options_for(database_url, stamp))
today = datetime.now(GENEVA).date()
view = widgets.view_for(database_url, filters, stamp, today)
overview = view.overview

if not overview.any_sessions:
    st.info(_("No sessions yet: trends appear once a session has been held (live, closed or published). "
              "Moderators create sessions under Prepare → Sessions."))
    st.stop()
if overview.sessions.empty:
    st.warning(_("No data for these filters: no held session matches them. Widen or clear the filters above."))
    st.stop()

widgets.headline(overview.headline)
if overview.needs_attention:
    st.warning(_("{count} recommendation(s) need attention: see the Needs attention tab.").format(
        count=overview.needs_attention))
widgets.report_tabs(view)
