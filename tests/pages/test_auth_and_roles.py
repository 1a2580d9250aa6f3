"""Login form, wrong password, and the role x page matrix on the real entry script."""
import secrets

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import ALL, PAGES, pages_for
from dashboard.textfmt import strip_isolates
from db.session import session_factory
from tests.conftest import ROOT, login_as, make_app, page_path
from tests.pages.live_helpers import ours
from tests.factories import make_user


@pytest.fixture
def accounts(app_env):
    factory = session_factory(app_env)
    with factory() as s:
        for role in ALL:
            make_user(s, role, (role,), password=f"{role}-password")
        s.commit()
    return app_env


def _texts(at) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return strip_isolates("\n".join(str(p) for p in parts))


def test_anonymous_visitors_see_only_the_login_form(accounts):
    at = make_app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password", "Share code"]
    assert [b.label for b in at.button] == ["Log in", "Join the dialogue"]
    assert not at.title


def test_wrong_password_shows_a_plain_error(accounts):
    at = make_app().run()
    at.text_input[0].input("moderator")
    at.text_input[1].input("not-the-password")
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == ["Username or password is incorrect."]
    assert at.session_state["authentication_status"] is False


def test_unknown_user_gets_the_same_message(accounts):
    at = make_app().run()
    at.text_input[0].input("nobody")
    at.text_input[1].input("whatever-password")
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == ["Username or password is incorrect."]


def test_repeated_failures_are_throttled(accounts):
    at = make_app().run()
    for _ in range(6):
        at.text_input[0].input("moderator")
        at.text_input[1].input("bad-guess")
        at.button[0].click()
        at.run()
    assert any("Too many failed login attempts" in e.value for e in at.error)


def test_login_form_logs_in_and_lands_on_home(accounts):
    at = make_app().run()
    at.text_input[0].input("moderator")
    at.text_input[1].input("moderator-password")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.session_state["authentication_status"] is True
    assert [t.value for t in at.title] == ["Dialogue Desk"]


def test_a_deactivated_user_is_logged_out_on_the_next_run(accounts):
    from dashboard.services.admin.users import update_user

    at = login_as(make_app(), "moderator", ["moderator"]).run()
    assert [t.value for t in at.title] == ["Dialogue Desk"]
    with session_factory(accounts)() as s:
        update_user(s, "moderator", is_active=False)
        s.commit()
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password", "Share code"]
    assert "Your login has ended" in _texts(at)


MATRIX = [(spec, role) for spec in PAGES for role in ALL]


@pytest.mark.parametrize("spec, role", MATRIX, ids=[f"{s.file}-{r}" for s, r in MATRIX])
def test_role_page_matrix(accounts, spec, role):
    """Allowed roles open the page through the navigation; others cannot reach it at all,
    and the page file refuses them even when run directly."""
    allowed = role in spec.roles
    assert (spec in [s for group in pages_for([role]).values() for s in group]) == allowed
    if allowed:
        at = login_as(make_app(), role, [role]).run()
        at.switch_page(page_path(spec.file)).run()
        assert not at.exception, at.exception
        assert "This page is for" not in _texts(at)
        return
    at = login_as(make_app(), role, [role]).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path(spec.file)).run()
    direct = login_as(AppTest.from_file(str(ROOT / "pages" / spec.file), default_timeout=30), role, [role]).run()
    assert not direct.exception
    assert "This page is for" in _texts(direct)


@pytest.mark.parametrize("spec", PAGES, ids=[s.file for s in PAGES])
def test_pages_refuse_anonymous_visitors_when_run_directly(accounts, spec):
    at = AppTest.from_file(str(ROOT / "pages" / spec.file), default_timeout=30).run()
    assert not at.exception
    assert "Please log in" in _texts(at)
    assert not at.title and not at.dataframe and not at.text_area


def test_production_without_a_cookie_key_refuses_to_start(accounts, monkeypatch):
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "production")
    monkeypatch.delenv("DIALOGUE_DESK_COOKIE_KEY", raising=False)
    at = make_app().run()
    assert not at.exception
    assert any("Dialogue Desk cannot start" in e.value and "DIALOGUE_DESK_COOKIE_KEY" in e.value for e in at.error)
    assert not at.text_input and not at.button


def test_production_with_a_strong_key_shows_the_login(accounts, monkeypatch):
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "production")
    monkeypatch.setenv("DIALOGUE_DESK_COOKIE_KEY", secrets.token_urlsafe(48))
    at = make_app().run()
    assert not at.exception and not at.error
    assert [t.label for t in at.text_input] == ["Username", "Password", "Share code"]


# --- a deactivated account, page URLs outside one's roles, ?session= on Takeaways ----------


def _log_in(at, username: str, password: str):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_a_deactivated_account_is_named_only_after_the_right_password(accounts):
    from dashboard.services.admin.users import update_user

    with session_factory(accounts)() as s:
        update_user(s, "moderator", is_active=False)
        s.commit()
    at = _log_in(make_app().run(), "moderator", "moderator-password")
    assert not at.exception
    assert [e.value for e in at.error] == ["This account is deactivated. Ask an administrator if you need it again."]
    assert [t.label for t in at.text_input] == ["Username", "Password", "Share code"]
    assert not at.session_state["authentication_status"]
    at = _log_in(make_app().run(), "moderator", "not-the-password")
    assert [e.value for e in at.error] == ["Username or password is incorrect."]


def _ask_for_url(at, url_path: str):
    """Ask for a page by its URL, as a typed address does.

    A browser sends the address's page name; AppTest can only send a page hash, which
    Streamlit derives from the url_path in the same way.
    """
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(url_path)
    return at.run()


@pytest.mark.parametrize("role, url_path, says", [
    ("participant", "admin-users", "“Users” is a page for Administrator; you are logged in as Participant, "
                                   "so you are on Home."),
    ("leadership", "live-console", "“Capture console” is a page for Moderator / rapporteur, Administrator; you are "
                                   "logged in as BDT leadership, so you are on Home."),
])
def test_a_page_url_outside_ones_roles_says_why_it_shows_home(accounts, role, url_path, says):
    at = _ask_for_url(login_as(make_app(), role, [role]).run(), url_path)
    assert not at.exception
    assert [w.value for w in at.warning] == [says]
    assert [t.value for t in at.title] == ["Dialogue Desk"]
    at.run()  # the address stays, and so does the explanation
    assert [w.value for w in at.warning] == [says]
    at.switch_page(page_path("home.py")).run()
    assert not at.warning


def test_a_page_url_within_ones_roles_opens_without_a_word(accounts):
    at = _ask_for_url(login_as(make_app(), "moderator", ["moderator"]).run(), "sessions")
    assert not at.warning
    assert [t.value for t in at.title] == ["Sessions"]


@pytest.fixture
def two_published(accounts):
    """The participant registered for "Mine" (published); "Not mine" is published too."""
    from sqlalchemy import select

    from dashboard.services.audit import Actor
    from dashboard.services.outcomes.publication import publish_session
    from db.models import User
    from tests.factories import make_person, make_session

    with session_factory(accounts)() as s:
        mine = make_session(s, status="closed", title="Mine")
        other = make_session(s, status="closed", title="Not mine")
        reader = s.scalars(select(User).where(User.username == "participant")).one()
        reader.person_id = make_person(s, mine.id, name="Reader Person").id
        for sid in (mine.id, other.id):
            publish_session(s, sid, actor=Actor(None, "system"))
        s.commit()
        return mine.id, other.id


def _takeaways(session_param: str):
    at = login_as(make_app(), "participant", ["participant"]).run()
    at.query_params["session"] = session_param
    return at.switch_page(page_path("takeaways.py")).run()


@pytest.mark.parametrize("which, says", [
    ("other", "Session {other} is not available to you"),
    ("nonsense", "'abc' is not a session number."),
    ("missing", "Session 99999 is not available to you"),
])
def test_takeaways_refuses_a_session_url_plainly_and_stays_refused(two_published, which, says):
    mine, other = two_published
    param = {"other": str(other), "nonsense": "abc", "missing": "99999"}[which]
    at = _takeaways(param)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(says.format(other=other)), errors
    assert not ours(at.selectbox) and "Key takeaways" not in _texts(at)
    at.run()  # a rerun (the cookie component, any click) must not slip to another session
    assert [e.value for e in at.error] == errors
    assert not ours(at.selectbox) and "Key takeaways" not in _texts(at)
    next(b for b in at.button if b.label == "Show the sessions I can see").click().run()
    assert not at.error
    assert at.selectbox(key="takeaways_pick").value == mine
    assert at.query_params["session"] == str(mine)


def test_takeaways_keeps_the_session_of_the_url(two_published):
    mine, _ = two_published
    at = _takeaways(str(mine))
    assert not at.error
    assert at.selectbox(key="takeaways_pick").value == mine
    assert "Key takeaways" in _texts(at)


def test_a_logged_in_run_reads_no_login_credentials_and_checks_the_user_cheaply(accounts, monkeypatch):
    from dashboard.services.admin import users

    calls = {"credentials": 0, "current": 0}
    real_credentials, real_current = users.credentials_for_authenticator, users.get_current_user

    def credentials(session):
        calls["credentials"] += 1
        return real_credentials(session)

    def current(*args, **kwargs):
        calls["current"] += 1
        return real_current(*args, **kwargs)

    monkeypatch.setattr(users, "credentials_for_authenticator", credentials)
    monkeypatch.setattr(users, "get_current_user", current)
    at = make_app().run()
    assert calls == {"credentials": 1, "current": 0}  # the login form needs every account
    at = login_as(make_app(), "moderator", ["moderator"]).run()
    at.run()
    # Two runs, one check each: the gate reads the user, the page's require_role takes it over;
    # nobody rebuilds the credentials.
    assert calls == {"credentials": 1, "current": 2}
    # The handover is for one run only: nothing is left for a later fragment re-run to reuse.
    assert "dd_user_this_run" not in at.session_state
