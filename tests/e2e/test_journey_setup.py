"""Journey: a moderator creates a session, imports its concept note, reloads the page, and imports
its registration list.

After every step the database is read back: one new session with the typed fields; Parts and
questions for that session only; after a reload the same session is still the one chosen (it
is dated in the past, so "the newest session" would be another one); and the registrations
land on that session, while no other session gains a single attendance row.

Only ADDS data to the shared demo server: a session of its own.
"""
from __future__ import annotations

import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.services.catalog import list_session_choices
from db.models import Attendance, DialogueSession, Part, Question
from db.session import session_scope
from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, upload, wait_idle

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
PICKER = '[data-testid="stSidebar"] .st-key-dd_session_picker'


def _sessions(url: str) -> dict[int, str]:
    with session_scope(url) as s:
        return dict(s.execute(select(DialogueSession.id, DialogueSession.title)).all())


def _per_session(url: str, model) -> dict[int, int]:
    with session_scope(url) as s:
        return dict(s.execute(select(model.session_id, func.count()).group_by(model.session_id)).all())


def _sidebar_page(page, title: str, heading: str) -> None:
    """Move to another page the way a person does: the sidebar link, not a typed address."""
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title).click()
    page.get_by_role("heading", name=heading).first.wait_for()
    wait_idle(page)


def _picked(page) -> str:
    """What the sidebar's session picker shows as chosen."""
    return page.locator(f"{PICKER} input").input_value()


def test_create_import_reload_register_each_step_lands_on_the_new_session(live_server, page, tmp_path: Path):
    url, db_url = live_server.url, live_server.database_url
    page.set_default_timeout(60_000)
    note = tmp_path / "concept_note.md"
    shutil.copy(FIXTURES / "gaming_headings.md", note)
    registrations = tmp_path / "registrations.csv"
    shutil.copy(FIXTURES / "registrations_simple.csv", registrations)
    title = f"Setup journey {uuid.uuid4().hex[:6]}"

    # 1. Create the session with the form, typing as a person does.
    before = _sessions(db_url)
    login(page, url, "moderator")
    goto_page(page, url, "sessions", "All sessions")
    page.get_by_role("tab", name="New session").click()
    form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="Create session"))
    form.get_by_label("Title").click()
    page.keyboard.type(title)
    form.get_by_role("spinbutton", name="day, Date (Geneva)").click()
    page.keyboard.type("15012019")
    form.get_by_role("button", name="Create session").click()
    page.get_by_text("created as a draft").wait_for()
    assert_no_exception(page)
    after = _sessions(db_url)
    new_ids = set(after) - set(before)
    assert len(new_ids) == 1 and set(before) <= set(after)
    (session_id,) = new_ids
    with session_scope(db_url) as s:
        ds = s.get(DialogueSession, session_id)
        assert (ds.title, ds.status, ds.sector_focus) == (title, "draft", "ai")
        assert ds.scheduled_start == datetime(2019, 1, 15, 13, 0, tzinfo=timezone.utc)  # 14:00 in Geneva
        newest = list_session_choices(s)[0].id
    assert newest != session_id, "the journey's session must not be the newest, or a reload proves nothing"
    assert title in _picked(page)  # the new session is the one picked ...
    assert f"session={session_id}" in page.url  # ... and the address says so
    screenshot(page, "journey_setup_created")

    # 2. Import the concept note on Questions & agenda.
    parts_before, questions_before = _per_session(db_url, Part), _per_session(db_url, Question)
    _sidebar_page(page, "Questions & agenda", "Questions & agenda")
    assert title in _picked(page)
    page.get_by_role("tab", name="Import").click()
    upload(page, note, expect_text="concept_note.md")
    page.get_by_role("button", name="Read and preview").click()
    page.get_by_text("Found 2 Part(s), 7 question(s), 3 agenda items.").wait_for()
    wait_idle(page)
    assert _per_session(db_url, Question) == questions_before  # nothing saved before confirming
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("Saved 2 Part(s): 7 question(s) added").wait_for()
    assert_no_exception(page)
    parts_after, questions_after = _per_session(db_url, Part), _per_session(db_url, Question)
    assert parts_after == {**parts_before, session_id: 2}
    assert questions_after == {**questions_before, session_id: 7}
    with session_scope(db_url) as s:
        titles = s.scalars(select(Part.title).where(Part.session_id == session_id).order_by(Part.position)).all()
    assert titles == ["Safer play by design", "Shared responsibility across the games ecosystem"]
    screenshot(page, "journey_setup_questions_saved")

    # 3. Reload: the same session is still chosen, not the newest one.
    page.reload()
    page.get_by_role("heading", name="Questions & agenda").first.wait_for()
    wait_idle(page)
    assert title in _picked(page)
    page.get_by_text("Safer play by design").first.wait_for()
    assert f"session={session_id}" in page.url

    # 4. Upload the registration list on Participants: rows for THIS session only.
    attendance_before = _per_session(db_url, Attendance)
    _sidebar_page(page, "Participants", "Participants")
    assert title in _picked(page)
    page.get_by_role("tab", name="Import registrations").click()
    upload(page, registrations, expect_text="6 participant(s) · 0 duplicate(s) merged · 0 need review")
    page.get_by_text("They are registered for:").first.wait_for()
    screenshot(page, "journey_setup_registrations_preview")
    page.get_by_role("button", name="Confirm and register 6 participant(s)").click()
    page.get_by_text("Registered 6 participant(s).").wait_for()
    assert_no_exception(page)
    attendance_after = _per_session(db_url, Attendance)
    assert attendance_after == {**attendance_before, session_id: 6}
    screenshot(page, "journey_setup_registered")
