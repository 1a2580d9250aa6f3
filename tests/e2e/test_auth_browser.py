"""Login, roles and logout in a real browser."""
import pytest

from dashboard.navigation import ALL, PAGES, pages_for
from tests.e2e.conftest import assert_no_exception, login, logout, screenshot, start_server, wait_idle

pytestmark = pytest.mark.e2e


def test_fresh_server_shows_only_the_login_for_every_page_url(tmp_path, browser):
    server = start_server(tmp_path / "fresh")
    try:
        ctx = browser.new_context()
        page = ctx.new_page()
        # The very first request of the server goes to a protected page (the legacy pages/ trap).
        for spec in sorted(PAGES, key=lambda s: s.file != "admin_users.py"):
            page.goto(f"{server.url}/{spec.url_path}")
            page.get_by_role("textbox", name="Username").wait_for()
            assert_no_exception(page)
            assert page.locator("h1").count() == 0, f"{spec.url_path} showed a page title anonymously"
            assert page.locator('[data-testid="stDataFrame"]').count() == 0
            assert page.get_by_role("button", name="Log out").count() == 0
        ctx.close()
    finally:
        server.stop()


@pytest.mark.parametrize("role", ALL)
def test_each_role_sees_its_navigation(live_server, page, role):
    login(page, live_server.url, role)
    page.get_by_role("heading", name="Dialogue Desk").first.wait_for()
    wait_idle(page)
    assert_no_exception(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    allowed = {spec.title for group in pages_for([role]).values() for spec in group}
    for spec in PAGES:
        assert (spec.title in nav) == (spec.title in allowed), f"{role}: {spec.title}"
    screenshot(page, f"landing_{role}")


def test_logout_then_reload_stays_logged_out(live_server, page):
    login(page, live_server.url, "moderator")
    logout(page)
    page.wait_for_timeout(1000)  # let the cookie-deleting component run in the browser
    page.reload()
    page.get_by_role("textbox", name="Username").wait_for()
    page.wait_for_timeout(2000)
    assert page.get_by_role("button", name="Log out").count() == 0
    assert page.get_by_role("textbox", name="Username").is_visible()


def test_a_copied_cookie_dies_with_logout(live_server, browser):
    first = browser.new_context()
    page = first.new_page()
    login(page, live_server.url, "leadership")
    cookies = [c for c in first.cookies() if c["name"] == "dialogue_desk_auth"]
    assert cookies, "the login cookie was not set"
    thief = browser.new_context()
    thief.add_cookies(cookies)
    stolen = thief.new_page()
    stolen.goto(live_server.url)
    stolen.get_by_role("button", name="Log out").wait_for()  # the copy works while the login lives
    logout(page)
    again = thief.new_page()
    again.goto(live_server.url)
    again.get_by_role("textbox", name="Username").wait_for()
    assert again.get_by_role("button", name="Log out").count() == 0
    first.close()
    thief.close()


def test_a_page_url_outside_ones_roles_says_why_it_shows_home(live_server, page):
    login(page, live_server.url, "participant")
    page.goto(f"{live_server.url}/admin-users")
    page.get_by_text("“Users” is a page for Administrator; you are logged in as Participant, "
                     "so you are on Home.").wait_for()
    page.get_by_role("heading", name="Dialogue Desk").first.wait_for()
    wait_idle(page, settle_ms=1500)
    assert_no_exception(page)
    assert page.get_by_role("heading", name="Users").count() == 0
    assert page.get_by_text("Page not found").count() == 0  # Streamlit's own, misleading notice
    screenshot(page, "wrong_role_url")


@pytest.mark.parametrize("param, says", [("abc", "'abc' is not a session number."),
                                         ("series-3", "Session {id} is not available to you")])
def test_a_takeaways_link_to_a_session_one_may_not_read_says_so_and_stays(live_server, page, param, says):
    from sqlalchemy import select

    from db.models import DialogueSession
    from db.session import session_scope

    with session_scope(live_server.database_url) as s:
        third = s.scalar(select(DialogueSession.id).where(DialogueSession.series_number == 3))
    value = str(third) if param == "series-3" else param
    login(page, live_server.url, "participant")
    page.goto(f"{live_server.url}/takeaways?session={value}")
    message = page.get_by_text(says.format(id=third))
    message.wait_for()
    wait_idle(page, settle_ms=1500)  # the cookie component's rerun must not slip to another session
    assert message.is_visible()
    assert page.get_by_text("Key takeaways").count() == 0
    page.get_by_role("button", name="Show the sessions I can see").click()
    page.get_by_text("Key takeaways").first.wait_for()
    assert_no_exception(page)
