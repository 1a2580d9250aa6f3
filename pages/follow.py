"""Follow the dialogue: the current question on a participant's own device, updating by itself."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import PAGES_DIR, roles_for
from dashboard.runtime import db
from dashboard.services.live.follow import list_followable_sessions
from dashboard.textfmt import escape_md
from dashboard.ui import actions, refresh
from dashboard.ui.live.cache import live_view
from dashboard.ui.live.follow import follow_panel
from dashboard.ui.live.written_input import may_send, own_contributions, written_input_form
from dashboard.ui.session_picker import choice_widget, session_param_problem
from dashboard.ui.support.answer import support_changed, support_panel
from dashboard.ui.language import _
from dashboard.i18n import N_

ROLES = roles_for(__file__)
user = require_role(*ROLES)
WIDGET = "follow_pick"
SEEN = "dd_follow_url_seen"  # the ?session= value already adopted or written by this page
NOT_YOURS = N_("Session {number} is not one you can follow: this page shows dialogues you are registered for "
               "while they are on.")

st.title(_("Follow the dialogue"))
with db() as session:
    sessions = list_followable_sessions(session, user_id=user.id, roles=user.roles)
by_id = {s.id: s for s in sessions}
raw = st.query_params.get("session")
wanted = None
if raw is not None and raw != st.session_state.get(SEEN):
    st.session_state[SEEN] = raw
    problem = session_param_problem(raw, by_id, not_available=_(NOT_YOURS))
    if problem:
        # Never says whether the session exists: not registered, over, or no such session look the same.
        st.error(escape_md(problem), icon=":material/error:")
        st.stop()
    wanted = int(raw.strip())
if not sessions:
    st.info(_("No dialogue to follow right now. During a session you are registered for, its current question "
              "appears here and follows the moderator by itself. Once a session is over, its published takeaways "
              "are under Takeaways."), icon=":material/hourglass_empty:")
    st.page_link(str(PAGES_DIR / "takeaways.py"), label=_("Open Takeaways"), icon=":material/checklist:")
    st.stop()

choice_widget(WIDGET, wanted if wanted is not None else (st.session_state.get(WIDGET) or sessions[0].id))
if st.session_state.get(WIDGET) not in by_id:
    st.session_state[WIDGET] = sessions[0].id
chosen = st.selectbox(_("Session"), list(by_id), format_func=lambda i: by_id[i].label, key=WIDGET,
                      label_visibility="collapsed" if len(sessions) == 1 else "visible")
st.session_state[SEEN] = str(chosen)
if st.query_params.get("session") != str(chosen):
    st.query_params["session"] = str(chosen)
st.caption(_("This page follows the moderator by itself: no need to reload. Nothing here shows who said what."))
registered = may_send(chosen, user)


@st.fragment(run_every=refresh.FALLBACK_EVERY)
def following() -> None:
    actions.guard(*ROLES)
    view = live_view(chosen, read_only=True)
    refresh.follow_changes(chosen, view.version, key="follow")
    follow_panel(view)
    support_changed(chosen, view.version)
    if registered:
        own_contributions(chosen, user)


# The support panel runs first (it notes which check it drew) but shows below the dialogue.
dialogue, support = st.container(), st.container()
with support:
    support_panel(chosen, user)
with dialogue:
    following()
# Outside the refreshing fragment: a refresh never clears half-typed text.
written_input_form(chosen, registered=registered, staff=user.has("admin", "moderator", "leadership"),
                   started=by_id[chosen].status == "live")
