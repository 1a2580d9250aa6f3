"""Light look-ups of dialogue sessions that many pages share (pickers, headers)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import DialogueSession

from dashboard.services.errors import NotFound


@dataclass(frozen=True)
class SessionChoice:
    id: int
    title: str
    series_name: str
    series_number: Optional[int]
    sector_focus: str
    status: str
    scheduled_start: Optional[datetime]
    chatham_house: bool

    @property
    def label(self) -> str:
        number = f"#{self.series_number} " if self.series_number else ""
        return f"{number}{self.title}"


def _choice(s: DialogueSession) -> SessionChoice:
    return SessionChoice(s.id, s.title, s.series_name, s.series_number, s.sector_focus, s.status,
                         s.scheduled_start, s.chatham_house)


def list_session_choices(session: Session, statuses: Optional[Iterable[str]] = None) -> list[SessionChoice]:
    """Sessions newest first, optionally only those in the given statuses."""
    stmt = select(DialogueSession).order_by(
        DialogueSession.scheduled_start.desc().nulls_first(), DialogueSession.id.desc()
    )
    if statuses is not None:
        stmt = stmt.where(DialogueSession.status.in_(list(statuses)))
    return [_choice(s) for s in session.scalars(stmt)]


def get_session_choice(session: Session, session_id: int) -> SessionChoice:
    """One session's header data; NotFound when it does not exist."""
    found = session.get(DialogueSession, session_id)
    if found is None:
        raise NotFound("Session {row_id} does not exist.", row_id=session_id)
    return _choice(found)
