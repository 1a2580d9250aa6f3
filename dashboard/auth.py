"""Login and roles. The only module that talks to streamlit-authenticator.

What it adds to the library (see README, "Security"):
- accounts live in the database as bcrypt hashes (``auto_hash=False``);
- failed logins are throttled per username in the database, and unknown usernames cost the
  same bcrypt work as known ones;
- every run re-checks server-side that the user still exists, is active, and logged in after
  their last logout / password change / role change, so a copied cookie dies with logout;
- `require_role()` lets each page refuse a wrong role on its own;
- a participant's personal join link (``?join=…``) signs in as that link's participant account,
  re-read on every run, so a withdrawn link ends at the holder's next click.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.util import calc_hash
from streamlit_authenticator.utilities import LoginError

from db.codes import ROLES
from dashboard.config import Settings
from dashboard.interface_language import _
from dashboard.navigation import PAGES, PageSpec
from dashboard.services.admin import users as users_service
from dashboard.services.audit import Actor
from dashboard.services.errors import DialogueDeskError
from dashboard.services.support import join_links
from dashboard.runtime import db, get_settings

ANY_ROLE: tuple[str, ...] = tuple(ROLES)
_LOGIN_AT = "dd_login_at"
_ENDED = "dd_login_ended"
_AUTH_KEYS = ("authentication_status", "username", "name", "email", "roles")
# The user the login gate resolved in this run, handed to the page's require_role() so a page run
# reads the account once. Fragment re-runs skip the gate and find nothing here: they read it again.
_RESOLVED = "dd_user_this_run"
# The join-link token this browser session signed in with (never a password login at the same time).
_JOIN = "dd_join_token"
_JOIN_ENDED = "dd_join_ended"


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    email: Optional[str]
    roles: tuple[str, ...]
    person_id: Optional[int]
    is_guest: bool = False  # signed in by a join link: participant role only, for that link's session
    language: Optional[str] = None  # the interface language the account chose

    def has(self, *roles: str) -> bool:
        """True when the user holds any of the given roles."""
        return bool(set(roles) & set(self.roles))

    @property
    def actor(self) -> Actor:
        return Actor(user_id=self.id, username=self.username)

    @property
    def role_labels(self) -> str:
        return ", ".join(ROLES.get(r, r) for r in self.roles)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _cookie_issued_at(settings: Settings) -> tuple[Optional[str], Optional[datetime]]:
    """Username and issue time of the browser's login cookie, if it is validly signed."""
    token = st.context.cookies.get(settings.cookie_name) if st.context.cookies else None
    if not token:
        return None, None
    try:
        data = jwt.decode(token, settings.cookie_key, algorithms=["HS256"])
        exp = float(data["exp_date"])
        username = str(data["username"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None, None
    # The library's token carries only its expiry; it was issued cookie_expiry_days before.
    issued = datetime.fromtimestamp(exp, timezone.utc) - timedelta(days=settings.cookie_expiry_days)
    return username, issued


def _clear_login() -> None:
    for key in _AUTH_KEYS:
        st.session_state[key] = None
    st.session_state.pop(_LOGIN_AT, None)
    st.session_state[_ENDED] = True


def _load_user(username: str, login_at: datetime) -> Optional[CurrentUser]:
    with db() as session:
        info = users_service.get_current_user(session, username, login_at)
    if info is None:
        return None
    return CurrentUser(info.id, info.username, info.display_name, info.email, info.roles, info.person_id,
                       language=info.preferred_language)


def _authenticator(settings: Settings, *, logged_in: bool) -> stauth.Authenticate:
    # A logged-in user's run never reads the credentials (no form, no cookie login): skip the query.
    if logged_in:
        credentials: dict = {"usernames": {}}
    else:
        with db() as session:
            credentials = users_service.credentials_for_authenticator(session)
    authenticator = stauth.Authenticate(
        credentials,
        settings.cookie_name,
        settings.cookie_key,
        settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=0,
    )
    policy = users_service.ThrottlePolicy(
        settings.login_max_failures, settings.login_lockout_seconds, settings.login_lockout_max_seconds
    )

    def check_credentials(username: str, password: str) -> bool:
        with db() as session:
            return users_service.check_password(session, username, password, policy=policy)

    # The library's own check returns early for unknown usernames and never throttles;
    # ours does both, against the database shared by every replica.
    authenticator.authentication_controller.authentication_model.check_credentials = check_credentials
    return authenticator


def _load_joined(token: str) -> Optional[CurrentUser]:
    with db() as session:
        found = join_links.joined_user(session, token)
    if found is None:
        st.session_state.pop(_JOIN, None)
        st.session_state[_JOIN_ENDED] = True
        return None
    return CurrentUser(found.user_id, found.username, found.display_name, None, ("participant",), found.person_id,
                       is_guest=True)


def _take_join_link() -> None:
    """Sign in with the ``?join=`` token of this address, unless a password login is active."""
    raw = st.query_params.get("join")
    if not raw or raw == st.session_state.get(_JOIN):
        return
    if st.session_state.get("authentication_status"):
        st.info(_("You are logged in with a password, so the join link in this address was not used. "
                  "Log out first to join with it."), icon=":material/info:")
        return
    try:
        with db() as session:
            join_links.redeem(session, raw)
    except DialogueDeskError as exc:
        st.session_state.pop(_JOIN, None)
        st.error(exc.render(_), icon=":material/link_off:")
        return
    st.session_state[_JOIN] = raw


def join_with_token(token: str) -> None:
    """Use a join token from now on in this browser session (a share-code join just made it)."""
    st.session_state[_JOIN] = token
    st.query_params["join"] = token


def current_user() -> Optional[CurrentUser]:
    """The logged-in user, re-validated against the database, or None."""
    token = st.session_state.get(_JOIN)
    if token:
        return _load_joined(token)
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state.get("username")
    login_at = st.session_state.get(_LOGIN_AT)
    if not username:
        return None
    if login_at is None:
        # Logged in by the login form or a current cookie in this very run.
        login_at = _now()
        st.session_state[_LOGIN_AT] = login_at
    user = _load_user(username, login_at)
    if user is None:
        _clear_login()
    return user


def login_gate() -> Optional[CurrentUser]:
    """Show the login form until someone logs in; return the current user afterwards.

    The form's own words are in the reader's language.
    """
    st.session_state.pop(_RESOLVED, None)
    _take_join_link()
    if st.session_state.get(_JOIN):
        joined = current_user()
        if joined is not None:
            st.session_state[_RESOLVED] = joined
            return joined
    settings = get_settings()
    # Re-check an existing login first, so that an ended one gets the login form in this run.
    user = current_user() if st.session_state.get("authentication_status") else None
    # Set by current_user() here or in a callback that ran before this script.
    ended = bool(st.session_state.pop(_ENDED, False))
    if user is None:
        cookie_user, issued = _cookie_issued_at(settings)
        if cookie_user and issued:
            with db() as session:
                current = users_service.token_is_current(session, cookie_user, issued)
            if not current:
                # A revoked or stale cookie: make the library ignore it and ask for a password.
                st.session_state["logout"] = True
    authenticator = _authenticator(settings, logged_in=user is not None)
    try:
        authenticator.login(
            location="main",
            fields={"Form name": _("Log in to Dialogue Desk"), "Username": _("Username"),
                    "Password": _("Password"), "Login": _("Log in")},
        )
    except (users_service.LoginThrottled, users_service.AccountDeactivated) as exc:
        st.error(exc.render(_) if isinstance(exc, DialogueDeskError) else str(exc))
    except LoginError as exc:
        st.error(_("Login failed: {reason}").format(reason=exc))
    if st.session_state.pop(_JOIN_ENDED, False):
        st.warning(_(join_links.NOT_VALID), icon=":material/link_off:")
    if ended:
        st.warning(_("Your login has ended (logged out elsewhere, or the account changed). Please log in again."))
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(_("Username or password is incorrect."))
        return None
    if not status:
        return None
    if user is None:
        user = current_user()  # logged in by the form or the cookie in this very run
    if user is None:
        return None
    st.session_state["dd_authenticator"] = authenticator
    st.session_state[_RESOLVED] = user
    return user


def logout_button(user: CurrentUser) -> bool:
    """A sidebar logout button; True once the user has logged out in this run."""
    if user.is_guest:
        if st.sidebar.button(_("Leave"), key="dd_leave", icon=":material/logout:",
                             help=_("Stop using your join link in this browser (open the link again to come back).")):
            st.session_state.pop(_JOIN, None)
            st.session_state.pop(_RESOLVED, None)
            st.query_params.pop("join", None)
            return True
        return False
    authenticator: Optional[stauth.Authenticate] = st.session_state.get("dd_authenticator")
    if authenticator is None:
        return False

    def _revoke(_info: dict) -> None:
        with db() as session:
            users_service.revoke_sessions(session, user.username)

    authenticator.logout(_("Log out"), "sidebar", key="dd_logout", callback=_revoke)
    if not st.session_state.get("authentication_status"):
        # Do not st.rerun() here: the cookie-deleting component must reach the browser.
        st.session_state.pop(_LOGIN_AT, None)
        st.session_state.pop("dd_authenticator", None)
        st.session_state.pop(_RESOLVED, None)
        return True
    return False


def require_role(*roles: str) -> CurrentUser:
    """First line of every page: stop unless someone with one of `roles` is logged in."""
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown roles in require_role: {unknown}")
    # Resolved by the login gate earlier in this same run (and only usable once), else read now.
    resolved = st.session_state.pop(_RESOLVED, None)
    user = resolved if isinstance(resolved, CurrentUser) else current_user()
    if user is None:
        st.warning(_("Please log in to see this page."))
        st.stop()
    if roles and not user.has(*roles):
        wanted = ", ".join(_(ROLES[r]) for r in roles)
        held = ", ".join(_(ROLES[r]) for r in user.roles if r in ROLES)
        st.error(_("This page is for: {wanted}. You are logged in as {roles}.").format(wanted=wanted, roles=held))
        st.stop()
    return user


def requested_page() -> Optional[PageSpec]:
    """The page whose URL this run was asked for (a typed or bookmarked address), if it is one of ours.

    Read before `st.navigation` resolves it: a page the user's roles do not include is not
    registered, and Streamlit would fall back to Home with nothing but "page not found".
    """
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    name = getattr(manager, "intended_page_name", None) or ""
    page_hash = getattr(manager, "intended_page_script_hash", None) or ""
    for spec in PAGES:
        if name == spec.url_path or page_hash == calc_hash(spec.url_path):
            return spec
    return None
