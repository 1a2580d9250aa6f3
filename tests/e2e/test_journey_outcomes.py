"""Journey: a moderator promotes interventions, clears and promotes again, adds takeaways, closes and publishes.

After every step the database must hold exactly what the person did: the right sources and
supporting groups on each recommendation, one takeaway per press, one publication.
Only ADDS data to the shared demo server: a session of its own, dated in the past.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.outcomes.takeaways import list_takeaways
from db.models import (
    Attendance,
    DialogueSession,
    Intervention,
    Part,
    Person,
    Publication,
    Question,
    Recommendation,
    RecommendationSource,
)
from db.session import session_scope
from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e

SPEAKERS = [  # one intervention each, numbered #1..#5 in the session
    ("Marta Testministry", "member_state", "Regulators need shared age assurance benchmarks."),
    ("Ivo Testplatform", "industry", "Platforms can ship safer defaults within a quarter."),
    ("Lena Testscholar", "academia", "Measure outcomes for children, not report counts."),
    ("Omar Testngo", "civil_society", "Helplines must be funded before new reporting duties."),
    ("Yuki Testyouth", "youth", "Young people want a say in how safety tools are designed."),
]


@dataclass(frozen=True)
class OutcomesWorld:
    session_id: int
    title: str
    by_number: dict[int, int]  # intervention number in the session -> id


@pytest.fixture
def outcomes_world(live_server) -> OutcomesWorld:
    title = f"E2E outcomes journey {uuid.uuid4().hex[:6]}"
    with session_scope(live_server.database_url) as s:
        ds = DialogueSession(title=title, sector_focus="social_media", status="live",
                             scheduled_start=datetime(2020, 3, 2, 9, 0, tzinfo=timezone.utc))
        s.add(ds)
        s.flush()
        part = Part(session_id=ds.id, position=1, title="Safer by design", objective="Agree what to ask for.")
        s.add(part)
        s.flush()
        question = Question(session_id=ds.id, part_id=part.id, position=1, text="What should change first?")
        s.add(question)
        s.flush()
        ids = {}
        for number, (name, group, note) in enumerate(SPEAKERS, start=1):
            person = Person(name=name, organization="E2E Org", stakeholder_type=group)
            s.add(person)
            s.flush()
            s.add(Attendance(session_id=ds.id, person_id=person.id, stakeholder_type=group))
            item = Intervention(session_id=ds.id, question_id=question.id, person_id=person.id,
                                stakeholder_type=group, text=note)
            s.add(item)
            s.flush()
            ids[number] = item.id
        return OutcomesWorld(ds.id, title, ids)


def _recommendations(server, session_id: int) -> list[tuple[int, frozenset[int], tuple[str, ...]]]:
    """(id, source intervention ids, supporting groups) of every recommendation of the session, oldest first."""
    with session_scope(server.database_url) as s:
        rows = list(s.scalars(select(Recommendation.id).where(Recommendation.session_id == session_id)
                              .order_by(Recommendation.id)))
        groups = {r.id: r.supporting_groups for r in list_recommendations(s, session_id=session_id)}
        return [(rec_id, frozenset(s.scalars(select(RecommendationSource.intervention_id)
                                             .where(RecommendationSource.recommendation_id == rec_id))),
                 groups[rec_id]) for rec_id in rows]


def _takeaways(server, session_id: int) -> list[tuple[str, tuple[int, ...]]]:
    with session_scope(server.database_url) as s:
        return [(t.text, t.source_ids) for t in list_takeaways(s, session_id=session_id)]


def _box(page, number: int):
    # The label is escaped Markdown, and its accessible name keeps the escape: "\#4 · Civil society · …".
    # "#4" is isolated left-to-right (bidi marks around it) so it reads right in an Arabic note.
    return page.get_by_role("checkbox", name=re.compile(rf"^[\u2066-\u2069]*\\?[\u2066-\u2069]*#{number}[\u2066-\u2069]* · "))


def _tick(page, number: int) -> None:
    _box(page, number).check(force=True)


def _loaded(page) -> None:
    # A fresh page load reruns once more when the login cookie component reports back; a click
    # racing that rerun can be drawn from data read before the click was saved.
    wait_idle(page, settle_ms=1500)


def _fresh_form(page, text_area) -> None:
    """Wait until the add form is drawn anew (empty), so the next keystrokes land in the new one."""
    from playwright.sync_api import expect  # imported here: without Playwright the suite skips, not errors

    expect(page.locator('[data-testid="stForm"]')).to_have_count(2)
    expect(text_area).to_have_value("")
    wait_idle(page)


def _selected(page, *numbers: int) -> None:
    """Wait until the panel shows exactly these interventions ticked and its form is drawn for them."""
    from playwright.sync_api import expect

    page.get_by_text(f"{len(numbers)} selected", exact=True).wait_for()
    if numbers:  # the form starts from the ticked notes, so it is the new one once they are all there
        draft = page.get_by_role("textbox", name="Recommendation", exact=True)
        expect(draft).to_have_value("\n".join(SPEAKERS[n - 1][2] for n in numbers))
    wait_idle(page)


def test_promote_clear_promote_again_takeaways_then_close_and_publish(live_server, page, outcomes_world):
    world, server, sid = outcomes_world, live_server, outcomes_world.session_id
    n = world.by_number
    page.set_default_timeout(60_000)
    login(page, server.url, "moderator")
    goto_page(page, server.url, f"recommendations?session={sid}", "Recommendations and takeaways")
    page.get_by_text(world.title).first.wait_for()
    _loaded(page)
    page.get_by_role("radio", name="Promote interventions").click()
    _selected(page)

    # Tick #4, then clear: nothing is stored and the box is really unticked.
    _tick(page, 4)
    _selected(page, 4)
    page.get_by_role("button", name="Clear selection").click()
    _selected(page)
    assert not _box(page, 4).is_checked()
    assert _recommendations(server, sid) == []

    # Tick #3 and #5: the panel counts exactly those two, and the recommendation gets exactly them.
    _tick(page, 3)
    _selected(page, 3)
    _tick(page, 5)
    _selected(page, 3, 5)
    page.get_by_role("button", name="Create recommendation").click()
    page.get_by_text("Recommendation created from 2 interventions.").wait_for()
    _selected(page)
    [first] = _recommendations(server, sid)
    assert first[1:] == (frozenset({n[3], n[5]}), ("academia", "youth"))
    screenshot(page, "journey_outcomes_after_promote")

    # Promote again with a new tick: a second row with only its own source.
    _tick(page, 1)
    _selected(page, 1)
    page.get_by_role("button", name="Create recommendation").click()
    page.get_by_text("Recommendation created from 1 intervention.").wait_for()
    recs = _recommendations(server, sid)
    assert recs[0] == first
    assert [r[1:] for r in recs[1:]] == [(frozenset({n[1]}), ("member_state",))]
    assert_no_exception(page)

    # Two takeaways for the Part: the second one has no sources, whatever the first had.
    wait_idle(page)
    page.get_by_role("radio", name="Key takeaways").click()
    # The Part's add form comes first, the whole session's second (no edit form is open).
    form = page.locator('[data-testid="stForm"]').first
    new_text = form.get_by_label("New takeaway")
    new_text.wait_for()
    wait_idle(page)
    new_text.click()
    page.keyboard.type("Safer defaults come first.")
    form.get_by_role("combobox").click()
    page.get_by_role("option").filter(has_text="#2 · ").first.click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Add takeaway").click()
    page.get_by_text("Takeaway added.").wait_for()
    _fresh_form(page, new_text)
    assert _takeaways(server, sid) == [("Safer defaults come first.", (n[2],))]
    assert "#2 · " not in form.inner_text()  # the sources were cleared with the text

    new_text.click()
    page.keyboard.type("Children should help design the tools.")
    form.get_by_role("button", name="Add takeaway").click()
    page.get_by_text("Children should help design the tools.").first.wait_for()
    _fresh_form(page, new_text)
    assert _takeaways(server, sid) == [("Safer defaults come first.", (n[2],)),
                                       ("Children should help design the tools.", ())]
    page.get_by_text("Raised by Industry (from 1 intervention)").wait_for()
    assert page.get_by_text(re.compile("^Raised by")).count() == 1

    # A double click on Add adds one takeaway.
    new_text.click()
    page.keyboard.type("Said once, however eager the click.")
    form.get_by_role("button", name="Add takeaway").dblclick()
    page.get_by_text("Said once, however eager the click.").first.wait_for()
    _fresh_form(page, new_text)
    wait_idle(page, settle_ms=1500)
    assert [t[0] for t in _takeaways(server, sid)].count("Said once, however eager the click.") == 1
    assert len(_takeaways(server, sid)) == 3
    assert_no_exception(page)
    screenshot(page, "journey_outcomes_takeaways")

    # Close, then publish: the status moves and exactly one publication exists.
    goto_page(page, server.url, f"publish?session={sid}", "Publish outcomes")
    page.get_by_text(world.title).first.wait_for()
    _loaded(page)
    page.get_by_role("button", name="Close the session").click()
    page.get_by_text("Session closed: captures are locked.").wait_for()
    with session_scope(server.database_url) as s:
        assert s.get(DialogueSession, sid).status == "closed"
    wait_idle(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Published. Participants registered").wait_for()
    wait_idle(page)
    with session_scope(server.database_url) as s:
        assert s.get(DialogueSession, sid).status == "published"
        [publication] = s.scalars(select(Publication).where(Publication.session_id == sid))
        assert publication.revision == 1
        assert len(publication.snapshot["recommendations"]) == 2
    assert len(_recommendations(server, sid)) == 2 and len(_takeaways(server, sid)) == 3
    assert_no_exception(page)
    screenshot(page, "journey_outcomes_published")
