"""Every page, opened by every role allowed to see it, renders without an error on the demo data."""
import pytest

from dashboard.navigation import ALL, pages_for
from tests.e2e.conftest import assert_no_exception, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("role", ALL)
def test_every_allowed_page_renders(live_server, page, role):
    login(page, live_server.url, role)
    seen = []
    for group in pages_for([role]).values():
        for spec in group:
            page.goto(f"{live_server.url}/{spec.url_path}")
            page.get_by_role("button", name="Log out").wait_for()
            # Every page has a title: an empty main area is a failure, not a pass.
            page.locator("h1").first.wait_for()
            wait_idle(page)
            assert_no_exception(page)
            body = page.inner_text("body")
            assert "This page is for" not in body, f"{role} refused on {spec.url_path}"
            assert page.title() == f"{spec.title} · Dialogue Desk", "each page has its own browser title"
            screenshot(page, f"page_{role}_{spec.url_path}")
            seen.append(spec.url_path)
    assert seen
