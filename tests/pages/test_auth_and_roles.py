"""Login form, wrong password, and the role x page matrix on the real entry script."""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import ALL, PAGES, pages_for
from db.session import session_factory
from tests.conftest import ROOT, login_as, make_app, page_path
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
    return "\n".join(str(p) for p in parts)


def test_anonymous_visitors_see_only_the_login_form(accounts):
    at = make_app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert [b.label for b in at.button] == ["Log in"]
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
    assert [t.label for t in at.text_input] == ["Username", "Password"]
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
    monkeypatch.setenv("DIALOGUE_DESK_COOKIE_KEY", "p" * 48)
    at = make_app().run()
    assert not at.exception and not at.error
    assert [t.label for t in at.text_input] == ["Username", "Password"]
