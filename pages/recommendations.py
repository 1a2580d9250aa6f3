"""Drafting: recommendations (written, or promoted from interventions) and key takeaways per Part."""
from __future__ import annotations

import streamlit as st

from db.codes import SESSION_STATUSES
from dashboard.i18n import N_
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import escape_md, user_text
from dashboard.services.outcomes.snapshot import staff_interventions
from dashboard.services.outcomes.publication import get_publish_state
from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.outcomes.takeaways import list_parts, list_takeaways
from dashboard.services.themes import list_themes
from dashboard.runtime import db
from dashboard.ui.outcomes.drafting import preselect
from dashboard.ui.outcomes.recommendations import Drafting, promote_panel, recommendation_list
from dashboard.ui.outcomes.takeaways import takeaway_editor
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.language import _, label

user = require_role(*roles_for(__file__))

# The views' English names are the widget's values (stable, also set from a link); people read them translated.
VIEWS = (N_("Recommendations"), N_("Promote interventions"), N_("Key takeaways"))

st.title(_("Recommendations and takeaways"))
choice = pick_session_or_stop(_("then capture the dialogue"))

with db() as session:
    drafting = Drafting(choice.id, list_recommendations(session, session_id=choice.id, include_removed=True),
                        staff_interventions(session, choice.id, translate=_),
                        {t.code: _(t.label) for t in list_themes(session)})  # the taxonomy: our data, catalog "themes"
    takeaways = list_takeaways(session, session_id=choice.id, include_deleted=True)
    parts = list_parts(session, session_id=choice.id, translate=_)
    latest = get_publish_state(session, choice.id).latest

# Sent here with ?promote=12,13 (intervention ids, e.g. from the capture console): open the promote view with them ticked.
if "promote" in st.query_params:
    preselect([int(x) for x in st.query_params["promote"].split(",") if x.strip().isdigit()], set(drafting.by_id))
    del st.query_params["promote"]
    st.session_state["outcomes_view"] = VIEWS[1]

status = label(SESSION_STATUSES, choice.status)
counts = _("Recommendations: {recommendations} · interventions: {interventions}").format(
    recommendations=len(drafting.current), interventions=len(drafting.interventions))
st.caption(f"{user_text(choice.label)} · {escape_md(status)} · {escape_md(counts)}")
if latest:
    st.info(_("Published (revision {revision}). Participants keep reading that revision: changes made here "
              "reach them when you publish an update under Outcomes → Publish.").format(revision=latest.revision),
            icon=":material/public:")

view = st.segmented_control(_("View"), VIEWS, key="outcomes_view", default=VIEWS[0], required=True,
                            format_func=_, label_visibility="collapsed")
if view == VIEWS[1]:
    promote_panel(drafting)
elif view == VIEWS[2]:
    takeaway_editor(session_id=choice.id, parts=parts, takeaways=takeaways, interventions=list(drafting.by_id),
                    label=drafting.label)
else:
    recommendation_list(drafting)
