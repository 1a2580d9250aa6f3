"""Outcome documents for the report tests: one published session with known content."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashboard.services.outcomes import publication as pub
from dashboard.services.outcomes import recommendations as recs
from dashboard.services.outcomes import takeaways as tks
from dashboard.services.outcomes.participant_view import report_document
from db.models import Recommendation
from tests.reports.outcome_data import SUPPORT_R1, SUPPORT_R2, build_session, close_support_check

# Follow-up evidence: staff material, never in anything participants read.
EVIDENCE = "Pilot of friends-only defaults confirmed by the platform's safety team"
HOSTILE = "<script>alert(1)</script> **bold** [link](http://evil.example) | pipe\x07bell"


def _publish(s, *, support: bool):
    b = build_session(s)
    iv = b.interventions
    r1 = recs.promote_interventions(s, session_id=b.session_id, actor=b.actor, text="Friends-only chat by default.",
                                    intervention_ids=[iv["alice_q0"], iv["yara_q0"]], addressed_to=["industry"],
                                    priority="high")
    r2 = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text=HOSTILE,
                                    addressed_to=["academia", "un_itu"], intervention_ids=[iv["chen_q1"]])
    r3 = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Show loot box odds.",
                                    addressed_to=["all"], priority="low", intervention_ids=[iv["alice_q2"]])
    if support:  # asked during the dialogue, so the published revision freezes the results
        close_support_check(s, b.session_id, {r1.id: SUPPORT_R1, r2.id: SUPPORT_R2}, actor_id=b.actor.user_id)
    tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=b.parts[0], text="Defaults matter.")
    tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=b.parts[1], text="Odds should be plain.")
    tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, text="Meet again next quarter.")
    pub.close_session(s, b.session_id, actor=b.actor)
    pub.publish_session(s, b.session_id, actor=b.actor)
    pub.publish_session(s, b.session_id, actor=b.actor, reason="Recommendation 3 added after the call")
    rec = s.get(Recommendation, r1.id)
    rec.follow_up_status, rec.status_changed_at = "in_progress", datetime(2026, 3, 12, 9, tzinfo=timezone.utc)
    rec.owner = "ITU BDT"
    rec.evidence = EVIDENCE
    s.commit()
    return s, b, (r1.id, r2.id, r3.id)


@pytest.fixture
def published(sqlite_session):
    """(session, built, recommendation ids) for a session published as revision 2; no support check."""
    return _publish(sqlite_session, support=False)


@pytest.fixture
def published_with_support(sqlite_session):
    """As `published`, with R1 and R2 put to a closed support check (outcome_data.SUPPORT_R1, SUPPORT_R2), R3 not."""
    return _publish(sqlite_session, support=True)


@pytest.fixture
def supported_docs(published_with_support):
    """{"participant": ..., "staff": ...} documents of the session with support results."""
    s, b, _ = published_with_support
    return {audience: report_document(s, b.session_id, audience=audience) for audience in ("participant", "staff")}


@pytest.fixture
def participant_doc(published):
    s, b, _ = published
    return report_document(s, b.session_id, audience="participant")


@pytest.fixture
def staff_doc(published):
    s, b, _ = published
    return report_document(s, b.session_id, audience="staff")
