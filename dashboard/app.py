"""Entry point: settings, login gate, then the navigation for the user's roles.

It lives in dashboard/ on purpose: with a `pages/` folder beside the entry script,
Streamlit would run page files directly, without this gate (see README, "Security").
"""
from __future__ import annotations

import streamlit as st

from db.codes import ROLES
from dashboard.config import ConfigError
from dashboard.textfmt import escape_md, user_text
from dashboard.navigation import PAGES, pages_for
from dashboard.runtime import get_settings
from dashboard.i18n import translate
from dashboard.interface_language import current
from dashboard.ui.schema import CANNOT_START, ensure_schema_ready, production_problem

st.set_page_config(page_title="Dialogue Desk", page_icon=":material/forum:", layout="wide")

try:
    settings = get_settings()
except ConfigError as exc:
    st.error(translate(CANNOT_START, current()).format(reason=exc))
    st.stop()

problem = ensure_schema_ready(settings.database_url) or production_problem(settings)
if problem:
    st.error(problem)
    st.stop()

from dashboard import auth  # noqa: E402  (needs settings to be valid first)
from dashboard.ui import refresh  # noqa: E402
from dashboard.ui import language  # noqa: E402
from dashboard.ui.focus import focus_ring  # noqa: E402
from dashboard.ui.language import _  # noqa: E402
from dashboard.ui.support.join_form import AFTER_JOIN, share_code_join  # noqa: E402


def _welcome() -> None:
    st.caption(_(
        "Dialogue Desk runs ITU Industry Connect dialogues on Child Online Protection: "
        "capture interventions live, watch the balance of voices, and track recommendations."
    ))


user = auth.login_gate()
if user is not None:
    language.adopt(user.language)
if user is not None and auth.logout_button(user):
    user = None
language.picker(user)

focus_ring()
if user is None:
    _welcome()
    share_code_join()
    language.direction_css()
    # Only the login is reachable anonymously; any other URL lands here.
    st.navigation([st.Page(lambda: None, title=_("Log in"), url_path="login", default=True)],
                  position="hidden").run()
else:
    with st.sidebar:
        roles = ", ".join(_(ROLES[r]) for r in user.roles if r in ROLES)
        st.markdown(f"**{user_text(user.display_name)}**  \n{escape_md(roles)}")
    groups = pages_for(user.roles)
    nav = {
        _(section): [st.Page(spec.path, title=_(spec.title), url_path=spec.url_path, icon=spec.icon)
                     for spec in specs]
        for section, specs in groups.items()
    }
    asked = auth.requested_page()
    refused = asked if asked is not None and not user.has(*asked.roles) else None
    if refused is not None:
        # Home, hidden under the refused address: left unregistered, Streamlit would cover Home with a
        # misleading "page not found" and never say why.
        home = next(spec for spec in PAGES if spec.file == "home.py")
        nav.setdefault(_(home.section), []).append(st.Page(home.path, title=_(home.title), url_path=refused.url_path,
                                                        icon=home.icon, visibility="hidden"))
    page = st.navigation(nav, expanded=True)
    joined = st.session_state.pop(AFTER_JOIN, None)
    if joined is not None and page.url_path != "follow":
        # Just joined with a share code: straight to the dialogue it opens.
        st.switch_page(next(p for pages in nav.values() for p in pages if p.url_path == "follow"),
                       query_params={"session": str(joined), "join": st.query_params.get("join", "")})
    # Each page its own browser title (tabs, history and screen readers tell them apart).
    st.set_page_config(page_title=_("{page} · Dialogue Desk").format(page=page.title))
    if refused is not None:
        st.warning(_("“{page}” is a page for {wanted}; you are logged in as {roles}, so you are on {here}.").format(
            page=_(refused.title), wanted=", ".join(_(ROLES[r]) for r in refused.roles),
            roles=", ".join(_(ROLES[r]) for r in user.roles if r in ROLES), here=page.title), icon=":material/block:")
    # Static CSS, no user text: the live pages' change followers take no room in the layout.
    st.html(refresh.HIDE_CSS)
    language.direction_css()
    page.run()
