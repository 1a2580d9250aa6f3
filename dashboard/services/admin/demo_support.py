"""Demo support checks: sessions 2 and 3 ran one at the end of their dialogue.

Every registered attendee got a personal join link; most of them answered. The answers follow a
plain pattern per stakeholder group (industry wary of mandatory duties, civil society and youth
wary of self-regulation) so the demo shows broad support, a divided recommendation and a group with
too few answers. Made through the same services as a real check, then dated to the session.
"""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Attendance, DialogueSession, JoinLink, SupportCheck
from dashboard.services import audit
from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.support import checks, join_links

DEMO_SESSIONS = (2, 3)  # series numbers
ANSWERS = ("support", "live_with", "oppose", "pass")
MANDATORY = ("must", "require", "mandatory", "regulat", "legal", "law")


def _weights(group: str, text: str) -> tuple[int, int, int, int]:
    """Support / live with / oppose / pass weights of a group for a recommendation's wording."""
    mandatory = any(word in text.lower() for word in MANDATORY)
    if group == "industry":
        return (2, 3, 4, 1) if mandatory else (6, 3, 1, 1)
    if group in ("civil_society", "youth"):
        return (8, 2, 1, 1) if mandatory else (4, 4, 2, 1)
    return (6, 3, 1, 1)


def add_demo_support_checks(session: Session, moderator_id: int) -> int:
    """Run and close a support check in the demo sessions; how many answers were given."""
    actor = audit.Actor(user_id=moderator_id, username="moderator")
    given = 0
    for number in DEMO_SESSIONS:
        ds = session.scalar(select(DialogueSession).where(DialogueSession.series_number == number))
        if ds is None or ds.scheduled_start is None:
            continue
        recs = list_recommendations(session, session_id=ds.id)[:8]
        if not recs:
            continue
        status = ds.status
        ds.status = "live"  # as it was at the end of its dialogue
        session.flush()
        join_links.make_links(session, session_id=ds.id, actor=actor)
        check_id = checks.open_check(session, session_id=ds.id, recommendation_ids=[r.id for r in recs], actor=actor)
        rnd = random.Random(ds.id)
        rows = session.execute(select(JoinLink.token, Attendance.stakeholder_type)
                               .join(Attendance, Attendance.id == JoinLink.attendance_id)
                               .where(JoinLink.session_id == ds.id).order_by(JoinLink.id)).all()
        for token, group in rows:
            if rnd.random() < 0.15:  # some left before the check
                continue
            user_id = join_links.redeem(session, token).user_id
            for rec in recs:
                answer = rnd.choices(ANSWERS, weights=_weights(group, rec.text))[0]
                checks.answer(session, session_id=ds.id, check_id=check_id, recommendation_id=rec.id,
                              user_id=user_id, answer=answer)
                given += 1
        checks.close_check(session, session_id=ds.id, check_id=check_id, actor=actor)
        check = session.get(SupportCheck, check_id)
        held = ds.scheduled_start + timedelta(minutes=105)
        check.opened_at, check.closed_at = held, held + timedelta(minutes=4)
        for link in session.scalars(select(JoinLink).where(JoinLink.session_id == ds.id)):
            link.created_at = ds.scheduled_start - timedelta(days=2)
            link.last_used_at = held if link.user_id else None
        ds.status = status
        session.flush()
    return given
