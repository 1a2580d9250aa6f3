"""Capture console: the agenda clock, the current question, the capture form, written input and recent interventions."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import user_text
from dashboard.services.live.clock import list_question_refs
from dashboard.services.setup.participants import list_session_participants
from dashboard.services.themes import list_themes
from dashboard.runtime import db
from dashboard.ui.live.capture_form import capture_form, quick_add, speaking_timer
from dashboard.ui.live.header import header
from dashboard.ui.live.recent import recent_list
from dashboard.ui.live.written_queue import written_queue
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.language import _

require_role(*roles_for(__file__))

st.title(_("Capture console"), anchor=False)
choice = pick_session_or_stop(_("then capture its dialogue here"))

locked = choice.status in ("closed", "published")
st.caption(f"{user_text(choice.label)} · "
           + (_("Chatham House mode: shared screens cite stakeholder groups only") if choice.chatham_house
              else _("Chatham House mode is off: shared screens may cite speakers' names")))
if locked:
    st.info(_("This session is published: its record of interventions is locked. The list below is read-only; "
              "the live summary still shows what was said.") if choice.status == "published" else
            _("This session is closed: its record of interventions is locked. The list below is read-only; "
              "the live summary still shows what was said."))

with db() as session:
    people = list_session_participants(session, choice.id)
    questions = list_question_refs(session, session_id=choice.id)
    theme_rows = list_themes(session)

header(choice.id, locked=locked)
st.divider()

capture_col, list_col = st.columns([3, 2] if not locked else [1, 3], gap="large")
with capture_col:
    if not locked:
        st.subheader(_("Capture"), anchor=False)
        if not people:
            st.info(_("No participants registered yet: import the registration list under Prepare → Participants, "
                      "or quick-add speakers below, or type a name under “Unlisted speaker”."))
        capture_form(choice.id, people, questions, theme_rows)
        speaking_timer()
        quick_add(choice.id)
with list_col:
    if not locked:
        written_queue(choice.id)
    st.subheader(_("Recent interventions"), anchor=False)
    recent_list(choice.id, people, questions, theme_rows, locked=locked)
