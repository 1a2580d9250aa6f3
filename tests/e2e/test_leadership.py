"""Leadership in a real browser on the demo data: the trends page, then following up a recommendation."""
import pytest

from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e


def test_leadership_opens_trends_on_the_demo_series(live_server, page):
    login(page, live_server.url, "leadership")
    goto_page(page, live_server.url, "trends", "Sessions held")
    wait_idle(page)
    assert_no_exception(page)
    body = page.inner_text("body")
    for heading in ("Participants reached", "Organizations", "Countries", "Recommendations", "Implemented"):
        assert heading in body
    # The first tab's two charts are drawn (Vega renders into a canvas or an svg).
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.first.wait_for()
    assert charts.count() >= 2
    screenshot(page, "leadership_trends")

    page.get_by_role("tab", name="Implementation").click()
    page.get_by_text("Implementation rate per sector").first.wait_for()
    assert_no_exception(page)

    page.get_by_role("tab", name="Needs attention").click()
    page.get_by_role("button", name="Open in Follow-up").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stDataFrame"]:visible').first.wait_for()
    screenshot(page, "leadership_trends_needs_attention")

    # Straight to the follow-up of the recommendation picked in the list.
    page.get_by_role("button", name="Open in Follow-up").click()
    page.get_by_role("heading", name="Recommendation follow-up").wait_for()
    page.get_by_text("Needs attention:").first.wait_for()
    assert_no_exception(page)


def test_leadership_comments_on_a_recommendation(live_server, page):
    login(page, live_server.url, "leadership")
    goto_page(page, live_server.url, "follow-up", "Recommendation follow-up")
    wait_idle(page)
    page.get_by_text("Timeline").first.wait_for()
    note = "Checked with the owner during the browser test."
    page.get_by_label("Comment").fill(note)
    page.get_by_role("button", name="Add comment").click()
    page.get_by_text("Comment added to the timeline.").wait_for()
    page.get_by_text(note).first.wait_for()
    assert_no_exception(page)
    screenshot(page, "leadership_follow_up")
