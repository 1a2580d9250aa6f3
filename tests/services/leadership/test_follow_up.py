"""Follow-up workflow: transitions, reasons, owner/review/evidence, timeline, permissions (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from dashboard.services.leadership import follow_up
from dashboard.services.audit import Actor, list_audit
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from db.models import Recommendation, RecommendationEvent
from tests.factories import make_session, make_user

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=timezone.utc)
LEAD = ("leadership",)


@pytest.fixture
def setup(dbs):
    session = make_session(dbs, status="published")
    user = make_user(dbs, "helena", ("leadership",), display_name="Helena Vasquez")
    recs = []
    for position, status in enumerate(("proposed", "accepted", "in_progress"), start=1):
        rec = Recommendation(session_id=session.id, position=position, text=f"Do thing {position}",
                             addressed_to=["industry"], follow_up_status=status,
                             status_changed_at=NOW - timedelta(days=30 * position))
        dbs.add(rec)
        recs.append(rec)
    dbs.flush()
    dbs.commit()
    return dbs, session.id, Actor(user.id, user.username), [r.id for r in recs]


def _events(dbs, rec_id):
    return list(dbs.scalars(select(RecommendationEvent).where(RecommendationEvent.recommendation_id == rec_id)
                            .order_by(RecommendationEvent.id)))


def test_a_forward_step_is_dated_kept_and_audited(setup):
    dbs, _, actor, (rec_id, *_) = setup
    detail = follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="accepted",
                                        reason="Agreed at the follow-up call", now=NOW)
    dbs.commit()
    assert detail.row.status == "accepted"
    rec = dbs.get(Recommendation, rec_id)
    assert rec.status_changed_at == NOW and rec.status_reason == "Agreed at the follow-up call"
    [event] = _events(dbs, rec_id)
    assert (event.kind, event.from_status, event.to_status, event.changed_by_id, event.changed_at) == (
        "status", "proposed", "accepted", actor.user_id, NOW)
    [entry] = list_audit(dbs, entity="recommendation", entity_id=rec_id)
    assert entry.before["follow_up_status"] == "proposed" and entry.after["follow_up_status"] == "accepted"


def test_steps_may_be_skipped_forward_without_a_reason(setup):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="implemented", now=NOW)
    assert dbs.get(Recommendation, rec_id).follow_up_status == "implemented"


def test_not_pursued_needs_a_reason(setup):
    dbs, _, actor, (_, rec_id, _) = setup
    with pytest.raises(ValidationError, match="not pursued: a reason is required"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="not_pursued", reason="  ")
    assert _events(dbs, rec_id) == []
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="not_pursued",
                               reason="Out of ITU's mandate", now=NOW)
    rec = dbs.get(Recommendation, rec_id)
    assert (rec.follow_up_status, rec.status_reason) == ("not_pursued", "Out of ITU's mandate")


def test_a_step_back_needs_a_reason(setup):
    dbs, _, actor, (_, _, rec_id) = setup
    with pytest.raises(ValidationError, match="moved back"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="accepted")
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="accepted",
                               reason="Work paused until funding is confirmed", now=NOW)
    assert dbs.get(Recommendation, rec_id).follow_up_status == "accepted"


def test_reopening_a_not_pursued_recommendation_needs_a_reason(setup):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="not_pursued", reason="No owner")
    with pytest.raises(ValidationError, match="a reason is required"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="implemented")


def test_unknown_status_and_stray_reason_are_refused(setup):
    dbs, _, actor, (rec_id, *_) = setup
    with pytest.raises(ValidationError, match="Unknown status"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="done")
    with pytest.raises(ValidationError, match="post a comment"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="proposed", reason="why not")


def test_owner_review_date_and_evidence_are_an_edit_entry_and_keep_the_status_date(setup):
    dbs, _, actor, (rec_id, *_) = setup
    before = dbs.get(Recommendation, rec_id).status_changed_at
    detail = follow_up.update_follow_up(
        dbs, rec_id, actor=actor, roles=LEAD, owner="  ITU BDT  ", review_date=date(2026, 9, 30),
        evidence="Guidance published: https://example.org/guidance. Minutes at http://example.org/m1", now=NOW)
    rec = dbs.get(Recommendation, rec_id)
    assert (rec.owner, rec.review_date, rec.status_changed_at) == ("ITU BDT", date(2026, 9, 30), before)
    assert detail.evidence_links == ("https://example.org/guidance", "http://example.org/m1")
    [event] = _events(dbs, rec_id)
    assert event.kind == "edit" and event.from_status is None
    assert event.note == "Owner: (none) → ITU BDT; Review date: (none) → 2026-09-30; Evidence updated"


def test_an_unchanged_save_writes_nothing(setup):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="proposed", owner=None,
                               review_date=None, evidence="")
    assert _events(dbs, rec_id) == []
    assert list_audit(dbs, entity="recommendation", entity_id=rec_id) == []


def test_a_stale_form_is_refused_instead_of_overwriting(setup):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="accepted")
    with pytest.raises(Conflict, match="changed this recommendation to “Accepted” meanwhile"):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="in_progress",
                                   expected_status="proposed")


@pytest.mark.parametrize("roles", [("participant",), ()])
def test_only_staff_and_leadership_may_update_or_comment(setup, roles):
    dbs, _, actor, (rec_id, *_) = setup
    with pytest.raises(PermissionDenied):
        follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=roles, status="accepted")
    with pytest.raises(PermissionDenied):
        follow_up.add_comment(dbs, rec_id, actor=actor, roles=roles, note="hello")


@pytest.mark.parametrize("roles", [("moderator",), ("admin",), ("leadership",)])
def test_moderators_admins_and_leadership_may_update(setup, roles):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=roles, status="accepted")
    follow_up.add_comment(dbs, rec_id, actor=actor, roles=roles, note="Noted")
    assert [e.kind for e in _events(dbs, rec_id)] == ["status", "comment"]


def test_deleted_and_merged_recommendations_are_not_followed_up(setup):
    dbs, _, actor, (first, second, third) = setup
    dbs.get(Recommendation, second).deleted_at = NOW
    dbs.get(Recommendation, third).merged_into_id = first
    dbs.flush()
    with pytest.raises(NotFound):
        follow_up.update_follow_up(dbs, second, actor=actor, roles=LEAD, status="accepted")
    with pytest.raises(Conflict, match=f"merged into recommendation {first}"):
        follow_up.add_comment(dbs, third, actor=actor, roles=LEAD, note="x")
    with pytest.raises(NotFound):
        follow_up.get_follow_up(dbs, 999_999)
    assert [r.id for r in follow_up.list_follow_up(dbs)] == [first]


def test_an_empty_comment_is_refused(setup):
    dbs, _, actor, (rec_id, *_) = setup
    with pytest.raises(ValidationError, match="empty"):
        follow_up.add_comment(dbs, rec_id, actor=actor, roles=LEAD, note="   ")


def test_timeline_lists_every_change_newest_first_with_who(setup):
    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="accepted", now=NOW)
    follow_up.add_comment(dbs, rec_id, actor=actor, roles=LEAD, note="Owner confirmed by e-mail",
                          now=NOW + timedelta(days=1))
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, owner="ITU BDT", now=NOW + timedelta(days=2))
    timeline = follow_up.list_timeline(dbs, rec_id)
    assert [(e.kind, e.note) for e in timeline] == [
        ("edit", "Owner: (none) → ITU BDT"), ("comment", "Owner confirmed by e-mail"), ("status", None)]
    assert {e.who for e in timeline} == {"Helena Vasquez"}
    assert timeline[2].summary == "15 Jun 2026, 12:00 CEST · Helena Vasquez · status Proposed → Accepted"


def test_list_numbers_filters_and_flags(setup):
    dbs, session_id, actor, (first, second, third) = setup
    other = make_session(dbs, status="closed")
    dbs.add(Recommendation(session_id=other.id, position=1, text="Elsewhere", addressed_to=[],
                           follow_up_status="implemented", status_changed_at=NOW - timedelta(days=400)))
    dbs.get(Recommendation, first).review_date = date(2026, 6, 14)
    dbs.flush()
    rows = follow_up.list_follow_up(dbs, session_id=session_id, now=NOW)
    assert [(r.id, r.number) for r in rows] == [(first, 1), (second, 2), (third, 3)]
    flags = {r.id: (r.overdue, r.stale) for r in rows}
    # 30 days unchanged but past review; 60 days: fine; 90 days: still within the quarter (91 days).
    assert flags == {first: (True, False), second: (False, False), third: (False, False)}
    assert [r.id for r in follow_up.list_follow_up(dbs, statuses=["accepted", "in_progress"], now=NOW)] == [second, third]
    assert [r.id for r in follow_up.list_follow_up(dbs, attention_only=True, now=NOW)] == [first]
    assert len(follow_up.list_follow_up(dbs, now=NOW + timedelta(days=2))) == 4


def test_needs_reason_matrix():
    assert not follow_up.needs_reason("proposed", "accepted")
    assert not follow_up.needs_reason("accepted", "implemented")
    assert follow_up.needs_reason("implemented", "in_progress")
    assert follow_up.needs_reason("in_progress", "not_pursued")
    assert follow_up.needs_reason("not_pursued", "proposed")
    assert "proposed" not in follow_up.allowed_next("proposed")


def test_participants_view_reads_the_new_status_and_its_date(setup):
    from dashboard.services.outcomes.snapshot import follow_up as published_follow_up

    dbs, _, actor, (rec_id, *_) = setup
    follow_up.update_follow_up(dbs, rec_id, actor=actor, roles=LEAD, status="in_progress", now=NOW)
    state = published_follow_up(dbs, [rec_id], staff=False)[rec_id]
    assert (state["status"], state["label"], state["since"]) == ("in_progress", "In progress", NOW.isoformat())
    assert "owner" not in state  # participants see the status only
