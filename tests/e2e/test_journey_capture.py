"""Journey: a moderator captures three interventions by keyboard only, then moves on with Alt+N; and
corrects a note's detected language twice in a row from the list's edit form.

The keys pressed are the README's capture recipe, read from the README itself, so the
documented sequence and the tested one cannot drift apart. After every step the database is
read back: exactly one new intervention with the speaker, group, question, note and speaking
time that were typed, and nothing else changed.

Only ADDS data to the shared demo server: a session of its own, dated in the past.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AgendaSegment, Attendance, AuditEntry, DialogueSession, Intervention, Part, Person, Question
from db.session import session_scope
from tests.e2e.conftest import SHOTS, assert_no_exception, goto_page, login, screenshot, wait_idle
from tests.e2e.test_live import choose_session

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"
RECIPE = "type their name, Enter, Tab, type the note, Ctrl+Enter"
SPEAKER_FOCUSED = "document.activeElement && document.activeElement.closest('.st-key-live_speaker_box') !== null"
PEOPLE = [("Odile Journeyregulator", "member_state"), ("Piet Journeyindustry", "industry"),
          ("Rania Journeyacademic", "academia")]


@pytest.fixture
def journey(live_server):
    title = f"E2E capture journey {uuid.uuid4().hex[:6]}"
    with session_scope(live_server.database_url) as s:
        ds = DialogueSession(title=title, series_number=None, sector_focus="streaming", status="live",
                             scheduled_start=datetime(2020, 1, 14, 9, 0, tzinfo=timezone.utc))
        s.add(ds)
        s.flush()
        s.add(AgendaSegment(session_id=ds.id, position=1, title="Moderated dialogue", planned_minutes=60))
        part = Part(session_id=ds.id, position=1, title="Part 1: Defaults", objective="Hear what works.")
        s.add(part)
        s.flush()
        questions = []
        for i, text in enumerate(["Which defaults protect young streamers?", "Who handles live reports?",
                                  "What should age checks cost?", "Who audits the defaults?"], 1):
            question = Question(session_id=ds.id, part_id=part.id, position=i, text=text)
            s.add(question)
            s.flush()
            questions.append(question.id)
        ds.current_question_id = questions[0]
        people = {}
        for name, group in PEOPLE:
            person = Person(name=name, organization="Journey Org", stakeholder_type=group)
            s.add(person)
            s.flush()
            s.add(Attendance(session_id=ds.id, person_id=person.id, stakeholder_type=group))
            people[name.split()[0]] = (person.id, group)
        session_id = ds.id
    return {"title": title, "session_id": session_id, "questions": questions, "people": people}


def stored(url: str, session_id: int) -> dict[int, tuple]:
    """Every intervention of the session, as the fields a capture decides."""
    with session_scope(url) as s:
        rows = s.execute(select(Intervention.id, Intervention.person_id, Intervention.speaker_label,
                                Intervention.stakeholder_type, Intervention.question_id, Intervention.text,
                                Intervention.speaking_seconds, Intervention.deleted_at)
                         .where(Intervention.session_id == session_id)).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def total_interventions(url: str) -> int:
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(Intervention))


def recipe_keys() -> list[str]:
    """The README's step 2 as key presses: 'name' and 'note' stand for typed text."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert RECIPE in text, "README step 2 no longer states the capture recipe this journey presses"
    keys = []
    for step in RECIPE.split(", "):
        if step.startswith("type their name"):
            keys.append("name")
        elif step.startswith("type the note"):
            keys.append("note")
        else:
            keys.append(step.replace("Ctrl", "Control"))
    return keys


def capture(page, name: str, note: str, *, minutes: str | None = None) -> None:
    """Press the README's recipe from the Speaker box; with minutes, Tab to Minutes before saving."""
    page.wait_for_function(SPEAKER_FOCUSED, timeout=10_000)
    keys = recipe_keys()
    for key in keys:
        if key == "name":
            page.keyboard.type(name, delay=30)
        elif key == "note":
            page.keyboard.type(note, delay=5)
            if minutes is not None:
                page.keyboard.press("Tab")
                page.keyboard.type(minutes, delay=30)
        else:
            page.keyboard.press(key)


def test_three_captures_by_keyboard_store_exactly_what_was_typed(page, live_server, journey):
    url, sid = live_server.database_url, journey["session_id"]
    login(page, live_server.url, "moderator")
    goto_page(page, live_server.url, "live-console", "Save intervention")
    choose_session(page, journey["title"])
    # The caret starts in the Speaker box: no Tab stop to travel to it.
    page.wait_for_function(SPEAKER_FOCUSED, timeout=10_000)

    steps = [
        ("Odile", "Safe defaults must be on from the first stream.", None, None),
        ("Piet", "We ship reporting buttons in every live view.", "2", 120),
        ("Rania", "Research shows defaults shape what children share.", None, None),
    ]
    before_all = total_interventions(url)
    for number, (first, note, minutes, seconds) in enumerate(steps, 1):
        before = stored(url, sid)
        capture(page, first, note, minutes=minutes)
        person_id, group = journey["people"][first]
        page.get_by_text(f"Saved #{number} ·", exact=False).first.wait_for()
        after = stored(url, sid)
        new = set(after) - set(before)
        assert len(new) == 1, f"capture {number} stored {len(new)} rows"
        assert after[new.pop()] == (person_id, None, group, journey["questions"][0], note, seconds, None)
        assert {k: v for k, v in after.items() if k in before} == before  # nothing else changed
        assert total_interventions(url) == before_all + number  # and no other session got a row
        # Cleared for the next speaker, with the caret back in the Speaker box.
        page.wait_for_function(SPEAKER_FOCUSED, timeout=10_000)
        assert page.get_by_label("Note").input_value() == ""
        assert page.locator(".st-key-live_minutes_box input").input_value() == ""
    assert_no_exception(page)
    screenshot(page, "journey_capture_three_by_keyboard")


def test_one_alt_n_moves_on_exactly_one_question(page, live_server, journey):
    url, sid = live_server.database_url, journey["session_id"]
    questions = journey["questions"]

    def question_moves() -> list:
        with session_scope(url) as s:
            return [entry.after["current_question_id"] for entry in s.scalars(
                select(AuditEntry).where(AuditEntry.session_id == sid, AuditEntry.action == "set_question")
                .order_by(AuditEntry.id))]

    def current() -> int:
        with session_scope(url) as s:
            return s.get(DialogueSession, sid).current_question_id

    login(page, live_server.url, "moderator")
    goto_page(page, live_server.url, "live-console", "Save intervention")
    choose_session(page, journey["title"])
    page.get_by_text("Now: Part 1, Q1").wait_for()
    wait_idle(page)
    for number in (2, 3):
        moves = question_moves()
        page.keyboard.press("Alt+N")
        page.get_by_text(f"Now: Part 1, Q{number}").wait_for()
        # Two refreshes of the header later, a second advance would have landed.
        wait_idle(page, settle_ms=2_500)
        assert current() == questions[number - 1]
        assert question_moves() == [*moves, questions[number - 1]]  # one move, to the next question
    # A double click is one press as well.
    moves = question_moves()
    page.locator(".st-key-live_q_next button").dblclick()
    page.get_by_text("Now: Part 1, Q4").wait_for()
    wait_idle(page, settle_ms=2_500)
    assert current() == questions[3] and question_moves() == [*moves, questions[3]]
    assert_no_exception(page)


def languages(url: str, session_id: int) -> dict[int, tuple]:
    """Every intervention of the session: (number in capture order, language, note)."""
    with session_scope(url) as s:
        rows = s.execute(select(Intervention.id, Intervention.language, Intervention.text)
                         .where(Intervention.session_id == session_id).order_by(Intervention.id)).all()
    return {row.id: (row.language, row.text) for row in rows}


def test_correcting_a_notes_language_twice_changes_that_note_only(page, live_server, journey):
    url, sid = live_server.database_url, journey["session_id"]
    french = "Les plateformes doivent protéger les enfants dès le premier direct."
    english = "We ship reporting buttons in every live view."
    login(page, live_server.url, "moderator")
    goto_page(page, live_server.url, "live-console", "Save intervention")
    choose_session(page, journey["title"])
    for number, (first, note) in enumerate((("Odile", french), ("Piet", english)), 1):
        capture(page, first, note)
        page.get_by_text(f"Saved #{number} ·", exact=False).first.wait_for()
    [first_id, second_id] = languages(url, sid)
    assert languages(url, sid) == {first_id: ("fr", french), second_id: ("en", english)}  # detected
    page.get_by_text("· French", exact=False).first.wait_for()  # named on #1 only

    def edit(choice: str, shown_before: str) -> None:
        """Open #1's edit form, check the language it opens on, pick another by keyboard, save."""
        wait_idle(page)
        page.locator(f".st-key-live_edit_{first_id} [data-testid^=\"stBaseButton\"]").first.click()
        box = page.get_by_role("combobox", name="Language of the note")
        box.wait_for()
        assert box.input_value() == shown_before
        page.locator('[data-testid="stForm"]').filter(has_text="Editing #1").screenshot(
            path=str(SHOTS / f"journey_capture_edit_form_{shown_before.lower()}.png"))
        box.click()
        page.keyboard.type(choice, delay=20)
        page.keyboard.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Updated #1", exact=False).first.wait_for()
        wait_idle(page)

    edit("Spanish", "French")
    assert languages(url, sid) == {first_id: ("es", french), second_id: ("en", english)}
    # The same form again: it opens on the stored choice, not on what was picked last time.
    edit("Detect from the note", "Spanish")
    assert languages(url, sid) == {first_id: ("fr", french), second_id: ("en", english)}
    assert_no_exception(page)
    screenshot(page, "journey_capture_language_corrected")
