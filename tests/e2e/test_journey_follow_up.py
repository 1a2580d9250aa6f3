"""Journey: leadership follows up one recommendation with two saves in a row, then a comment.

After every step the database must show that only THAT recommendation changed (its status,
reason and timeline) and that its neighbours, one of them first in the list, are untouched.
The selection must survive the status in its option label changing.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from db.models import DialogueSession, Recommendation, RecommendationEvent
from db.session import session_scope
from tests.e2e.conftest import assert_no_exception, goto_page, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class FollowUpWorld:
    title: str
    recs: tuple[int, int, int]  # recommendations 1, 2 and 3 of the session, in list order
    texts: tuple[str, str, str]


@pytest.fixture
def follow_up_world(live_server) -> FollowUpWorld:
    tag = uuid.uuid4().hex[:6]
    title = f"E2E follow-up {tag}"
    texts = (f"First recommendation {tag}: publish age-appropriate design guidance.",
             f"Second recommendation {tag}: fund helplines for children in every region.",
             f"Third recommendation {tag}: report on platform transparency yearly.")
    with session_scope(live_server.database_url) as s:
        ds = DialogueSession(title=title, sector_focus="social_media", status="closed",
                             scheduled_start=datetime(2020, 2, 3, 9, 0, tzinfo=timezone.utc))
        s.add(ds)
        s.flush()
        recs = [Recommendation(session_id=ds.id, position=i, text=text, addressed_to=["all"])
                for i, text in enumerate(texts, start=1)]
        s.add_all(recs)
        s.flush()
        ids = tuple(r.id for r in recs)
    return FollowUpWorld(title, ids, texts)  # type: ignore[arg-type]


def _state(server, rec_ids) -> dict[int, tuple]:
    """Per recommendation: status, reason, owner, evidence and its timeline as (kind, from, to, note)."""
    with session_scope(server.database_url) as s:
        out = {}
        for rec_id in rec_ids:
            rec = s.get(Recommendation, rec_id)
            events = tuple(s.execute(
                select(RecommendationEvent.kind, RecommendationEvent.from_status, RecommendationEvent.to_status,
                       RecommendationEvent.note)
                .where(RecommendationEvent.recommendation_id == rec_id).order_by(RecommendationEvent.id)))
            out[rec_id] = (rec.follow_up_status, rec.status_reason, rec.owner, rec.evidence, events)
        return out


def _events_total(server) -> int:
    with session_scope(server.database_url) as s:
        return s.scalar(select(func.count()).select_from(RecommendationEvent))


def _choose(page, combobox, option_text: str) -> None:
    """Open a select box and pick the option showing `option_text`, as a person would."""
    wait_idle(page)
    combobox.click()
    option = page.get_by_role("option").filter(has_text=option_text).first
    option.wait_for()
    option.click()
    wait_idle(page)


def _form(page):
    return page.locator('[data-testid="stForm"]').filter(has_text="Update follow-up")


def _save(page, timeline_text: str) -> None:
    """Save, then wait for the new timeline entry: it is drawn after the form, so the form is the new one."""
    _form(page).get_by_role("button", name="Save follow-up").click()
    page.get_by_text("Follow-up saved; the timeline shows the change.").wait_for()
    page.get_by_text(timeline_text).first.wait_for()
    wait_idle(page)


def test_two_saves_then_a_comment_all_land_on_the_chosen_recommendation(live_server, page, follow_up_world):
    world, server = follow_up_world, live_server
    first, second, third = world.recs
    page.set_default_timeout(60_000)
    login(page, server.url, "leadership")
    goto_page(page, server.url, "follow-up", "Recommendation follow-up")
    # A fresh page load reruns once more when the login cookie component reports back: let it pass.
    wait_idle(page, settle_ms=1500)
    _choose(page, page.get_by_role("combobox", name="Session"), world.title)
    page.get_by_text("3 recommendation(s)").wait_for()
    _choose(page, page.get_by_role("combobox", name="Recommendation"), world.texts[1][:40])
    # User text is shown in its own direction: bidi isolation marks may sit around the title.
    heading = page.get_by_role("heading", name=re.compile(
        rf"^[\u2066-\u2069]*{re.escape(world.title)}[\u2066-\u2069]* · recommendation 2$"))
    heading.wait_for()
    before = _state(server, world.recs)
    events_before = _events_total(server)

    # 1. Forward to Implemented: only recommendation 2 moves, with one status event.
    _choose(page, _form(page).get_by_role("combobox", name="Status"), "Implemented")
    _save(page, "status Proposed → Implemented")
    heading.wait_for()
    after_first = _state(server, world.recs)
    assert after_first[second][:2] == ("implemented", None)
    assert after_first[second][4] == (("status", "proposed", "implemented", None),)
    assert {k: v for k, v in after_first.items() if k != second} == {k: before[k] for k in (first, third)}
    assert _events_total(server) == events_before + 1
    screenshot(page, "journey_follow_up_after_first_save")

    # 2. Straight after, a step back to In progress with a reason, on the same recommendation.
    _choose(page, _form(page).get_by_role("combobox", name="Status"), "In progress")
    _form(page).get_by_label("Reason or note for the status change").click()
    page.keyboard.type("The pilot covered two regions only.")
    _save(page, "status Implemented → In progress")
    heading.wait_for()
    assert_no_exception(page)
    after_second = _state(server, world.recs)
    assert after_second[second][:2] == ("in_progress", "The pilot covered two regions only.")
    assert after_second[second][4] == (("status", "proposed", "implemented", None),
                                       ("status", "implemented", "in_progress", "The pilot covered two regions only."))
    assert {k: v for k, v in after_second.items() if k != second} == {k: before[k] for k in (first, third)}
    assert _events_total(server) == events_before + 2

    # 3. A comment: one more event on recommendation 2, nothing anywhere else.
    page.get_by_label("Comment", exact=True).click()
    page.keyboard.type("Checked with the owner after the second save.")
    page.get_by_role("button", name="Add comment").click()
    page.get_by_text("Comment added to the timeline.").wait_for()
    heading.wait_for()
    after_comment = _state(server, world.recs)
    assert after_comment[second][:2] == after_second[second][:2]
    assert after_comment[second][4][-1] == ("comment", None, None, "Checked with the owner after the second save.")
    assert len(after_comment[second][4]) == 3
    assert {k: v for k, v in after_comment.items() if k != second} == {k: before[k] for k in (first, third)}
    assert _events_total(server) == events_before + 3
    page.get_by_text("Checked with the owner after the second save.").first.wait_for()
    assert_no_exception(page)
    screenshot(page, "journey_follow_up_after_comment")
