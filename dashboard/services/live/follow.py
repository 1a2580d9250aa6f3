"""What a participant may follow live: the sessions, and the part of the live view they see.

- Sessions: those the account is registered for (or opened with the current share code) that are
  not over yet (draft or live); staff may follow any such session, to see what participants see.
- What is shown: the session, the current question and its Part's objective, the agenda segment,
  and — only when the moderators vet key points (approval mode) — the approved key points of the
  current question, cited by stakeholder group only: never a name, whatever the Chatham House
  setting, so youth participants stay pseudonymous.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import DialogueSession

from dashboard.i18n import english as _same
from dashboard.services.live.clock import ClockReading
from dashboard.services.live.key_points import KeyPointRow
from dashboard.services.live.summary import LiveSummary
from dashboard.services.outcomes.participant_view import READ_ALL_ROLES, sessions_of_account

FOLLOWABLE_STATUSES = ("draft", "live")


@dataclass(frozen=True)
class FollowableSession:
    id: int
    title: str
    series_number: Optional[int]
    status: str
    scheduled_start: Optional[datetime]

    @property
    def label(self) -> str:
        number = f"#{self.series_number} " if self.series_number else ""
        return f"{number}{self.title}"


def list_followable_sessions(session: Session, *, user_id: int, roles: Iterable[str]) -> list[FollowableSession]:
    """Draft and live sessions this account may follow, live ones first, then by date."""
    stmt = select(DialogueSession.id, DialogueSession.title, DialogueSession.series_number, DialogueSession.status,
                  DialogueSession.scheduled_start).where(DialogueSession.status.in_(FOLLOWABLE_STATUSES))
    if not set(roles) & set(READ_ALL_ROLES):
        registered, shared = sessions_of_account(session, user_id=user_id)
        stmt = stmt.where(DialogueSession.id.in_(registered | shared))
    rows = [FollowableSession(*row) for row in session.execute(stmt)]
    return sorted(rows, key=lambda r: (r.status != "live", -(r.scheduled_start.timestamp() if r.scheduled_start
                                                             else 0), -r.id))


@dataclass(frozen=True)
class SharedPoint:
    text: str
    group: str  # the stakeholder group's label: the only citation a participant sees


@dataclass(frozen=True)
class ParticipantView:
    title: str
    status: str
    question_label: Optional[str]
    question_text: Optional[str]
    part_title: Optional[str]
    objective: Optional[str]
    segment: Optional[str]
    clock_status: str
    points: tuple[SharedPoint, ...]
    points_shared: bool  # False: the moderators do not vet key points, so none are shown



def participant_view(summary: LiveSummary, reading: ClockReading,
                     key_points: Iterable[KeyPointRow], translate: Callable[[str], str] = _same) -> ParticipantView:
    """The participant's part of a live view (pure: built from the shared, cached live view).

    `translate` (English message -> the reader's language) gives the question's label and the groups'
    names in the reader's language.
    """
    current = summary.current_question
    points: tuple[SharedPoint, ...] = ()
    if summary.approval_mode and current is not None:
        points = tuple(SharedPoint(p.text, translate(STAKEHOLDER_TYPES.get(p.stakeholder_type, p.stakeholder_type)))
                       for p in key_points if p.state == "approved" and p.question_id == current.id)
    return ParticipantView(
        title=summary.title, status=summary.status,
        question_label=current.label_in(translate) if current else None,
        question_text=current.text if current else None,
        part_title=current.part_title if current else None, objective=current.objective if current else None,
        segment=reading.segment.title if reading.segment else None, clock_status=reading.status,
        points=points, points_shared=summary.approval_mode,
    )
