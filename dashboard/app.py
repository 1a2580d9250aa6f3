"""Entry point: settings, login gate, then the navigation for the user's roles.

It lives in dashboard/ on purpose: with a `pages/` folder beside the entry script,
Streamlit would run page files directly, without this gate (see README, "Security").
"""
from __future__ import annotations

import streamlit as st

from dashboard.config import ConfigError
from dashboard.navigation import pages_for
from dashboard.runtime import get_settings
from dashboard.ui.schema import ensure_schema_ready

st.set_page_config(page_title="Dialogue Desk", page_icon=":material/forum:", layout="wide")

try:
    settings = get_settings()
except ConfigError as exc:
    st.error(f"Dialogue Desk cannot start: {exc}")
    st.stop()

problem = ensure_schema_ready(settings.database_url)
if problem:
    st.error(problem)
    st.stop()

from dashboard import auth  # noqa: E402  (needs settings to be valid first)


def _welcome() -> None:
    st.caption(
        "Dialogue Desk runs ITU Industry Connect dialogues on Child Online Protection: "
        "capture interventions live, watch the balance of voices, and track recommendations."
    )


user = auth.login_gate()
if user is not None and auth.logout_button(user):
    user = None

if user is None:
    _welcome()
    # Only the login is reachable anonymously; any other URL lands here.
    st.navigation([st.Page(lambda: None, title="Log in", url_path="login", default=True)],
                  position="hidden").run()
else:
    with st.sidebar:
        st.markdown(f"**{user.display_name}**  \n{user.role_labels}")
    groups = pages_for(user.roles)
    nav = {
        section: [st.Page(spec.path, title=spec.title, url_path=spec.url_path, icon=spec.icon)
                  for spec in specs]
        for section, specs in groups.items()
    }
    st.navigation(nav, expanded=True).run()
