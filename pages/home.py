"""Home: who you are, what is waiting for you, and where to go next."""
import streamlit as st

from db.codes import ROLES, SESSION_STATUSES
from dashboard.i18n import N_
from dashboard.auth import require_role
from dashboard.navigation import PAGES_DIR, pages_for, roles_for
from dashboard.services.catalog import list_session_choices
from dashboard.services.overview import get_overview
from dashboard.services.outcomes.participant_view import list_visible_sessions
from dashboard.textfmt import escape_md, user_text
from dashboard.runtime import db
from dashboard.ui.outcomes.common import verb
from dashboard.ui.session_picker import remember_session
from dashboard.ui.language import _, label, when

user = require_role(*roles_for(__file__))
staff = user.has("admin", "moderator")

st.title(_("Dialogue Desk"))
roles = ", ".join(label(ROLES, role) for role in user.roles)
st.markdown(_("Welcome, {name}. You are logged in as **{roles}**.").format(name=user_text(user.display_name),
                                                                          roles=escape_md(roles)))

with db() as session:
    published = list_visible_sessions(session, user_id=user.id, roles=user.roles)
    overview = get_overview(session) if user.has("admin", "moderator", "leadership") else None
    upcoming = list_session_choices(session, statuses=("live", "draft")) if staff else []

if overview is not None:
    cols = st.columns(4)
    cols[0].metric(_("Sessions"), sum(overview.sessions_by_status.values()))
    cols[1].metric(_("Live now"), overview.sessions_by_status.get("live", 0))
    cols[2].metric(_("Recommendations"), overview.recommendations)
    cols[3].metric(_("Implemented"), overview.implemented)

if staff:
    st.subheader(_("Live and upcoming sessions"))
    if not upcoming:
        st.info(_("No live or draft sessions. Create the next one under Prepare → Sessions."))
    for choice in upcoming:
        c1, c2 = st.columns([4, 1])
        starts = when(choice.scheduled_start) or _("date not set")
        c1.markdown(f"{user_text(choice.label)} · {escape_md(label(SESSION_STATUSES, choice.status))} · "
                    f"{escape_md(starts)}")
        target = "live_console.py" if choice.status == "live" else "questions.py"
        if c2.button(_("Open console") if choice.status == "live" else verb(N_("Prepare [button]")),
                     key=f"home_open_{choice.id}"):
            remember_session(choice.id)
            st.switch_page(str(PAGES_DIR / target))

st.subheader(_("Published outcomes") if staff or user.has("leadership") else _("Your sessions"))
if not published:
    st.info(_("No published outcomes yet. They appear here once the organisers publish a session you "
              "registered for; for another session, use its share code on the Takeaways page."))
for item in published[:6]:
    held = when(item.scheduled_start, with_time=False)
    st.page_link(str(PAGES_DIR / "takeaways.py"), label=user_text(item.label) + escape_md(f" · {held}" if held else ""),
                 icon=":material/checklist:",
                 query_params={"session": str(item.id)})

st.subheader(_("What you can do here"))
for section, specs in pages_for(user.roles).items():
    links = [spec for spec in specs if spec.file != "home.py"]
    if not links:
        continue
    st.markdown(f"**{escape_md(_(section))}**")
    for spec in links:
        st.page_link(str(spec.path), label=_(spec.title), icon=spec.icon)
