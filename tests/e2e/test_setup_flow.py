"""Browser: a moderator creates a session, imports a DOCX circular and a Zoom-style CSV, and sees both listed."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, upload, wait_idle
from tests.importers.docx_builders import PART_1, PART_2, QUESTIONS_1, QUESTIONS_2, circular

pytestmark = pytest.mark.e2e

ZOOM_CSV = (
    "\ufeffRegistration Report\n"
    'Report Generated:,"10/28/2026 09:15 AM"\n'
    "Topic,Webinar ID,Scheduled Time,Duration,# Registered\n"
    'Industry Connect: Gaming,812 3456 7890,"11/26/2026 02:00 PM",120,4\n'
    "\n"
    "Registrant Details\n"
    "First Name,Last Name,Email,Organization,Job Title,Country/Region,Which stakeholder group do you represent?\n"
    "Fatima,Al-Zahra,fatima@tra.example.gov.ae,Regulatory Authority,Advisor,United Arab Emirates,Government\n"
    "Chloé,Dubois,chloe.dubois@unicef.org,UNICEF,Specialist,France,\n"
    "Sam,Lee,sam@youth.example.org,Example Youth Forum,,Republic of Korea,Youth\n"
    "Sam,Lee,SAM@youth.example.org,Example Youth Forum,,Korea,Student\n"
)


def test_moderator_sets_up_a_session_from_documents(live_server, page, tmp_path: Path):
    docx_file = tmp_path / "circular.docx"
    docx_file.write_bytes(circular())
    csv_file = tmp_path / "zoom_registrations.csv"
    csv_file.write_text(ZOOM_CSV, encoding="utf-8")
    title = f"Setup flow check {int(time.time())}"  # a new session: demo sessions stay untouched

    login(page, live_server.url, "moderator")
    goto_page(page, live_server.url, "sessions", "All sessions")
    page.get_by_role("tab", name="New session").click()
    form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="Create session"))
    form.get_by_label("Title").fill(title)
    form.get_by_role("spinbutton", name="day, Date (Geneva)").click()
    page.keyboard.type("26112026")
    form.get_by_role("button", name="Create session").click()
    page.get_by_text("created as a draft").wait_for()
    assert_no_exception(page)

    goto_page(page, live_server.url, "questions", "Questions & agenda")
    page.get_by_text(title).first.wait_for()  # the new session is the one picked
    page.get_by_role("tab", name="Import").click()
    upload(page, docx_file, expect_text="circular.docx")
    page.get_by_role("button", name="Read and preview").click()
    page.get_by_text("Preview of circular.docx").wait_for()
    page.get_by_text("Found 2 Part(s), 8 question(s), 3 agenda items.").wait_for()
    wait_idle(page)
    screenshot(page, "setup_questions_preview")
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("Saved 2 Part(s): 8 question(s) added").wait_for()
    for text in (f"Part 1: {PART_1}", f"Part 2: {PART_2}", QUESTIONS_1[0], QUESTIONS_2[3]):
        page.get_by_text(text).first.wait_for()
    assert_no_exception(page)
    screenshot(page, "setup_questions_saved")

    goto_page(page, live_server.url, "participants", "Participants")
    page.get_by_role("tab", name="Import registrations").click()
    upload(page, csv_file, expect_text="3 participant(s) · 1 duplicate(s) merged · 1 need review")
    screenshot(page, "setup_participants_preview")
    page.get_by_role("button", name="Confirm and register 3 participant(s)").click()
    page.get_by_text("Registered 3 participant(s); 1 duplicate(s) merged.").wait_for()
    page.get_by_role("tab", name="Registered (3)").click()
    wait_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    # The grid draws on a canvas; its accessible (visually hidden) cells carry the text.
    for name in ("Fatima Al-Zahra", "Chloé Dubois", "Sam Lee", "Youth participant 1"):
        grid.locator('[role="gridcell"]', has_text=name).first.wait_for(state="attached")
    page.get_by_text("1 need review").first.wait_for()
    assert_no_exception(page)
    screenshot(page, "setup_participants_registered")
