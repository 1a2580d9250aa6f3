"""Browser: a moderator promotes two interventions, publishes session 3; a participant reads it and downloads the DOCX."""
from __future__ import annotations

import csv
import io
import uuid

import pytest
from docx import Document
from sqlalchemy import func, select

from db.models import DialogueSession, Intervention, Person
from db.session import session_factory
from tests.e2e.conftest import assert_no_exception, goto_page, login, logout, screenshot, wait_idle

pytestmark = pytest.mark.e2e


def _session_id(server, series_number: int) -> int:
    with session_factory(server.database_url)() as s:
        return s.scalar(select(DialogueSession.id).where(DialogueSession.series_number == series_number))


def _pick_session(page, prefix: str) -> None:
    # The sidebar's session picker (the language picker is a select box there too).
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Session", exact=True)).first.click()
    if not page.get_by_role("option").count():
        # At the foot of the sidebar a click can focus the box without opening its list: open it
        # from the keyboard, as a person would after a click that did nothing.
        page.keyboard.press("ArrowDown")
    page.get_by_role("option").filter(has_text=prefix).first.click()
    wait_idle(page)


def test_moderator_publishes_a_promoted_recommendation_and_a_participant_downloads_it(live_server, browser, page):
    url = live_server.url
    # Several reruns under a shared, busy CPU: give each step more than the suite's default.
    page.set_default_timeout(60_000)
    marker = f"E2E recommendation {uuid.uuid4().hex[:8]}: game platforms should default chat to friends only."
    session_id = _session_id(live_server, 3)

    # The moderator promotes two interventions of session 3.
    login(page, url, "moderator")
    goto_page(page, url, "recommendations", "Recommendations and takeaways")
    _pick_session(page, "#3 ")
    page.get_by_role("radio", name="Promote interventions").click()
    page.get_by_text("0 selected").wait_for()
    boxes = page.get_by_role("checkbox")
    boxes.nth(0).check(force=True)
    page.get_by_text("1 selected").wait_for()
    boxes.nth(1).check(force=True)
    page.get_by_text("2 selected").wait_for()
    wait_idle(page)
    page.get_by_role("textbox", name="Recommendation", exact=True).fill(marker)
    page.get_by_role("button", name="Create recommendation").click()
    page.get_by_text("Recommendation created from 2 interventions.").wait_for()
    page.get_by_role("radio", name="Recommendations").click()
    page.get_by_text(marker).wait_for()
    assert_no_exception(page)
    page.get_by_text(marker).scroll_into_view_if_needed()
    screenshot(page, "outcomes_drafting")

    # Session 3 is closed in the demo data: publish it (an update if another run published it already).
    goto_page(page, url, "publish", "Publish outcomes")
    _pick_session(page, "#3 ")  # a fresh page load starts a fresh Streamlit session
    page.get_by_text(marker[:40]).first.wait_for()
    update = page.get_by_role("button", name="Publish update")
    if update.count():
        page.get_by_label("What changed").fill("Recommendation added in the browser test")
        update.click()
    else:
        page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Published. Participants registered").wait_for()
    assert_no_exception(page)

    # The staff version names the speakers and carries the new recommendation, on the first click.
    wait_idle(page)
    with page.expect_download(timeout=60_000) as info:
        page.locator(".st-key-dl_staff_csv_interventions button").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    with session_factory(live_server.database_url)() as s:
        captured = s.scalar(select(func.count()).select_from(Intervention)
                            .where(Intervention.session_id == session_id, Intervention.deleted_at.is_(None)))
        names = set(s.scalars(select(Person.name)))
    assert len(rows) == captured > 0
    assert names & {r["speaker"].split(" (")[0] for r in rows}  # named, unlike the participant version
    with page.expect_download(timeout=60_000) as info:
        page.locator(".st-key-dl_staff_csv_recommendations button").click()
    assert marker in open(info.value.path(), encoding="utf-8-sig").read()
    logout(page)

    # The participant (registered in sessions 1-3) reads it and downloads the report.
    login(page, url, "participant")
    goto_page(page, url, f"takeaways?session={session_id}", "Session outcomes")
    page.get_by_text(marker).wait_for()
    assert_no_exception(page)
    page.get_by_text(marker).scroll_into_view_if_needed()
    screenshot(page, "outcomes_participant_view")
    wait_idle(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="DOCX (Word)").click()
    data = open(info.value.path(), "rb").read()
    assert len(data) > 5000
    document = Document(io.BytesIO(data))
    table_text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert marker in table_text
    assert "5. Recommendations" in [p.text for p in document.paragraphs]

    # The same view on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.set_default_timeout(60_000)
    small = phone.new_page()
    login(small, url, "participant")
    goto_page(small, url, f"takeaways?session={session_id}", "Session outcomes")
    small.get_by_text(marker).wait_for()
    assert_no_exception(small)
    screenshot(small, "outcomes_participant_phone")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    small.set_viewport_size({"width": 390, "height": 3200})
    wait_idle(small)
    screenshot(small, "outcomes_participant_phone_full")
    phone.close()
