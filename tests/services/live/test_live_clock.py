"""The shared agenda clock and the current question."""
from datetime import datetime, timedelta, timezone

import pytest

from dashboard.services.live import clock
from dashboard.services.audit import Actor, list_audit
from dashboard.services.errors import Conflict, ValidationError
from db.models import AgendaSegment, DialogueSession
from tests.factories import make_session, make_user

T0 = datetime(2025, 10, 30, 9, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def agenda(dbs):
    user = make_user(dbs)
    ds = make_session(dbs, status="draft")
    for pos, (title, minutes) in enumerate([("Scene-setting", 15), ("Showcases", 45), ("Dialogue", 60)], 1):
        dbs.add(AgendaSegment(session_id=ds.id, position=pos, title=title, planned_minutes=minutes))
    dbs.commit()
    return dbs, Actor(user.id, user.username), ds.id


def reading(s, sid, minutes):
    s.expire_all()
    return clock.get_clock(s, session_id=sid).reading(at(minutes))


def test_start_pause_resume_and_overrun(agenda):
    s, actor, sid = agenda
    assert reading(s, sid, 0).status == "not_started"
    clock.start_clock(s, session_id=sid, actor=actor, now=at(0))
    s.commit()
    assert s.get(DialogueSession, sid).status == "live"  # starting the clock opens the session
    r = reading(s, sid, 10)
    assert (r.status, r.segment.title, r.elapsed_seconds, r.remaining_seconds, r.overrun_seconds) == (
        "running", "Scene-setting", 600, 300, 0)
    assert r.next_segment.title == "Showcases"
    clock.pause_clock(s, session_id=sid, actor=actor, now=at(12))
    assert reading(s, sid, 30).elapsed_seconds == 12 * 60  # paused: time stands still
    clock.start_clock(s, session_id=sid, actor=actor, now=at(20))  # resume after 8 paused minutes
    r = reading(s, sid, 25)
    assert (r.status, r.elapsed_seconds, r.overrun_seconds) == ("running", 17 * 60, 2 * 60)
    assert [e.action for e in list_audit(s, session_id=sid, entity="session")][:3] == [
        "clock_start", "clock_pause", "clock_start"]


def test_next_and_back_move_through_the_agenda(agenda):
    s, actor, sid = agenda
    clock.next_segment(s, session_id=sid, actor=actor, now=at(0))  # "next" before start starts
    clock.next_segment(s, session_id=sid, actor=actor, now=at(16))
    r = reading(s, sid, 20)
    assert (r.segment.title, r.elapsed_seconds) == ("Showcases", 240)
    first = clock.get_clock(s, session_id=sid).segments[0]
    assert (first.actual_start, first.actual_end) == (at(0), at(16))
    clock.previous_segment(s, session_id=sid, actor=actor, now=at(21))  # a mis-click on "next"
    r = reading(s, sid, 22)
    assert (r.segment.title, r.elapsed_seconds) == ("Scene-setting", 22 * 60)
    assert clock.get_clock(s, session_id=sid).segments[1].actual_start is None
    for minute in (30, 80, 140):
        clock.next_segment(s, session_id=sid, actor=actor, now=at(minute))
    assert reading(s, sid, 150).status == "finished"
    with pytest.raises(Conflict, match="already done"):
        clock.start_clock(s, session_id=sid, actor=actor, now=at(151))
    clock.previous_segment(s, session_id=sid, actor=actor, now=at(152))
    assert reading(s, sid, 152).segment.title == "Dialogue"


def test_a_session_without_agenda_says_so(dbs):
    user = make_user(dbs)
    ds = make_session(dbs)
    dbs.commit()
    assert clock.get_clock(dbs, session_id=ds.id).reading().status == "no_agenda"
    with pytest.raises(ValidationError, match="no agenda yet"):
        clock.start_clock(dbs, session_id=ds.id, actor=Actor(user.id, user.username))


def test_current_question_steps_in_agenda_order(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(2, 3))
    dbs.commit()
    refs = clock.list_question_refs(dbs, session_id=ds.id)
    assert [r.label for r in refs] == ["Part 1, Q1", "Part 1, Q2", "Part 2, Q1", "Part 2, Q2", "Part 2, Q3"]
    labels = [clock.step_question(dbs, session_id=ds.id, step=1, actor=actor).label for _ in range(6)]
    assert labels == ["Part 1, Q1", "Part 1, Q2", "Part 2, Q1", "Part 2, Q2", "Part 2, Q3", "Part 2, Q3"]
    assert clock.step_question(dbs, session_id=ds.id, step=-1, actor=actor).label == "Part 2, Q2"
    clock.set_current_question(dbs, session_id=ds.id, question_id=None, actor=actor)
    assert dbs.get(DialogueSession, ds.id).current_question_id is None
    other = make_session(dbs)
    with pytest.raises(ValidationError):
        clock.set_current_question(dbs, session_id=ds.id, actor=actor,
                                   question_id=clock.list_question_refs(dbs, session_id=other.id)[0].id)


def test_a_closed_session_clock_cannot_move(dbs):
    user = make_user(dbs)
    ds = make_session(dbs, status="closed")
    dbs.commit()
    with pytest.raises(Conflict):
        clock.start_clock(dbs, session_id=ds.id, actor=Actor(user.id, user.username))


def test_a_press_acts_on_the_question_it_was_drawn_on(dbs):
    user = make_user(dbs)
    actor = Actor(user.id, user.username)
    ds = make_session(dbs, questions=(3,))
    dbs.commit()
    q1, q2, q3 = (r.id for r in clock.list_question_refs(dbs, session_id=ds.id))
    assert clock.step_question(dbs, session_id=ds.id, step=1, actor=actor, expected=None).id == q1
    assert clock.step_question(dbs, session_id=ds.id, step=1, actor=actor, expected=q1).id == q2
    # A second Next drawn on Q1 (another browser, or the same press again) must not skip Q2.
    with pytest.raises(Conflict, match="already moved on to Part 1, Q2; nothing changed"):
        clock.step_question(dbs, session_id=ds.id, step=1, actor=actor, expected=q1)
    with pytest.raises(Conflict):
        clock.set_current_question(dbs, session_id=ds.id, question_id=q3, actor=actor, expected=q1)
    assert dbs.get(DialogueSession, ds.id).current_question_id == q2
    moves = [e for e in list_audit(dbs, session_id=ds.id, entity="session") if e.action == "set_question"]
    assert len(moves) == 2


def test_closing_a_session_stops_its_clock(agenda):
    from dashboard.services.outcomes.publication import close_session, publish_session

    s, actor, sid = agenda
    clock.start_clock(s, session_id=sid, actor=actor, now=at(0))
    s.commit()
    close_session(s, sid, actor=actor)
    s.commit()
    ds = s.get(DialogueSession, sid)
    assert (ds.current_segment_id, ds.segment_started_at) == (None, None)
    first = clock.get_clock(s, session_id=sid).segments[0]
    assert first.actual_start == at(0) and first.actual_end is not None
    assert reading(s, sid, 600).status == "closed"  # hours later: no overrun, nothing running
    assert [e.action for e in list_audit(s, session_id=sid, entity="session")][:2] == ["close", "clock_stop"]
    publish_session(s, sid, actor=actor)
    s.commit()
    assert reading(s, sid, 900).status == "closed"


def test_a_published_session_reads_closed_even_with_a_clock_left_running(agenda):
    s, actor, sid = agenda
    clock.start_clock(s, session_id=sid, actor=actor, now=at(0))
    s.get(DialogueSession, sid).status = "published"  # as older data was left
    s.commit()
    r = reading(s, sid, 200)
    assert (r.status, r.overrun_seconds, r.segment) == ("closed", 0, None)
