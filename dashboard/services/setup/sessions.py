"""Creating, editing and listing dialogue sessions, and starting one from a past session's structure."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import SECTORS, SESSION_FORMATS, SESSION_STATUSES
from db.models import AgendaSegment, Attendance, DialogueSession, Intervention, Part, Question

from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import NotFound, ValidationError

# The six UN languages ITU interprets into; stored as codes on the session.
LANGUAGES: dict[str, str] = {
    "ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish",
}


@dataclass(frozen=True)
class SessionInput:
    """What the session form collects; `scheduled_start` is aware (see timefmt.combine_local)."""

    title: str
    series_number: Optional[int] = None
    sector_focus: str = "other"
    sector_other: Optional[str] = None
    scheduled_start: Optional[datetime] = None
    duration_minutes: int = 120
    format: str = "online"
    interpretation_languages: tuple[str, ...] = ()
    chatham_house: bool = True
    overview: Optional[str] = None
    document_reference: Optional[str] = None  # the ITU document symbol, e.g. "CWG-COP/24/INF/3"


@dataclass(frozen=True)
class SessionDetail:
    id: int
    title: str
    series_number: Optional[int]
    sector_focus: str
    sector_other: Optional[str]
    scheduled_start: Optional[datetime]
    duration_minutes: int
    format: str
    interpretation_languages: tuple[str, ...]
    chatham_house: bool
    overview: Optional[str]
    status: str
    document_reference: Optional[str] = None

    def as_input(self) -> SessionInput:
        """The form values for editing this session."""
        return SessionInput(self.title, self.series_number, self.sector_focus, self.sector_other,
                            self.scheduled_start, self.duration_minutes, self.format,
                            self.interpretation_languages, self.chatham_house, self.overview,
                            self.document_reference)


@dataclass(frozen=True)
class SessionListRow:
    id: int
    title: str
    series_number: Optional[int]
    sector_focus: str
    sector_other: Optional[str]
    status: str
    scheduled_start: Optional[datetime]
    format: str
    questions: int
    participants: int
    interventions: int


def _validated(data: SessionInput) -> SessionInput:
    title = " ".join((data.title or "").split())
    if not title:
        raise ValidationError("Give the session a title.")
    if len(title) > 300:
        raise ValidationError("The title is too long (300 characters at most).")
    if data.series_number is not None and not 1 <= data.series_number <= 9999:
        raise ValidationError("The series number must be a positive whole number.")
    if data.sector_focus not in SECTORS:
        raise ValidationError("Unknown sector focus “{code}”.", code=data.sector_focus)
    other = " ".join((data.sector_other or "").split()) or None
    if data.sector_focus == "other" and other is None:
        raise ValidationError("Describe the sector focus in the text box when you choose “Other”.")
    if data.scheduled_start is not None and data.scheduled_start.tzinfo is None:
        raise ValidationError("The start time needs a time zone.")
    if not 15 <= data.duration_minutes <= 600:
        raise ValidationError("The duration must be between 15 and 600 minutes.")
    if data.format not in SESSION_FORMATS:
        raise ValidationError("Unknown format “{code}”.", code=data.format)
    unknown = [code for code in data.interpretation_languages if code not in LANGUAGES]
    if unknown:
        raise ValidationError("Unknown interpretation language(s): {codes}.", codes=", ".join(unknown))
    reference = " ".join((data.document_reference or "").split()) or None
    if reference is not None and len(reference) > 100:
        raise ValidationError("The ITU document reference is too long (100 characters at most).")
    start = data.scheduled_start.astimezone(timezone.utc) if data.scheduled_start is not None else None
    return replace(
        data, title=title, sector_other=other if data.sector_focus == "other" else None, scheduled_start=start,
        interpretation_languages=tuple(dict.fromkeys(data.interpretation_languages)),
        overview=(data.overview or "").strip() or None, document_reference=reference,
    )


def _detail(s: DialogueSession) -> SessionDetail:
    return SessionDetail(s.id, s.title, s.series_number, s.sector_focus, s.sector_other, s.scheduled_start,
                         s.duration_minutes, s.format, tuple(s.interpretation_languages or ()), s.chatham_house,
                         s.overview, s.status, s.document_reference)


def _apply(target: DialogueSession, data: SessionInput) -> None:
    target.title = data.title
    target.series_number = data.series_number
    target.sector_focus = data.sector_focus
    target.sector_other = data.sector_other
    target.scheduled_start = data.scheduled_start
    target.duration_minutes = data.duration_minutes
    target.format = data.format
    target.interpretation_languages = list(data.interpretation_languages)
    target.chatham_house = data.chatham_house
    target.overview = data.overview
    target.document_reference = data.document_reference


def get_session_detail(session: Session, session_id: int) -> SessionDetail:
    """Everything the session form shows; NotFound when the session does not exist."""
    found = session.get(DialogueSession, session_id)
    if found is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    return _detail(found)


def create_session(session: Session, *, data: SessionInput, actor: Actor,
                   copy_structure_from: Optional[int] = None) -> int:
    """Create a draft session (optionally with a past session's Parts, questions and agenda); returns its id."""
    clean = _validated(data)
    source = None
    if copy_structure_from is not None:
        source = session.get(DialogueSession, copy_structure_from)
        if source is None:
            raise NotFound("Session {session_id} does not exist, so its structure cannot be copied.",
                           session_id=copy_structure_from)
    created = DialogueSession(status="draft", created_by_id=actor.user_id)
    _apply(created, clean)
    session.add(created)
    session.flush()
    audit.record(session, actor, "create", "session", created.id, session_id=created.id,
                 after=audit.snapshot(created),
                 note=f"structure copied from session {source.id}" if source is not None else None)
    if source is not None:
        _copy_structure(session, source, created)
    return created.id


def _copy_structure(session: Session, source: DialogueSession, target: DialogueSession) -> None:
    for part in source.parts:
        new_part = Part(session_id=target.id, position=part.position, title=part.title, objective=part.objective)
        session.add(new_part)
        session.flush()
        for question in part.questions:
            session.add(Question(session_id=target.id, part_id=new_part.id, position=question.position,
                                 text=question.text))
    for segment in source.segments:
        # Planned timings only: the source's actual start/end times belong to that session.
        session.add(AgendaSegment(session_id=target.id, position=segment.position, title=segment.title,
                                  planned_minutes=segment.planned_minutes, kind=segment.kind))
    session.flush()


def update_session(session: Session, *, session_id: int, data: SessionInput, actor: Actor) -> SessionDetail:
    """Save the session form; returns the updated detail."""
    found = session.get(DialogueSession, session_id)
    if found is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    clean = _validated(data)
    before = audit.snapshot(found)
    _apply(found, clean)
    session.flush()
    after = audit.snapshot(found)
    changed = {k: v for k, v in after.items() if before.get(k) != v and k not in ("updated_at", "data_version")}
    if changed:
        audit.record(session, actor, "update", "session", found.id, session_id=found.id,
                     before={k: before.get(k) for k in changed}, after=changed)
    return _detail(found)


def _count_by_session(session: Session, column, *where) -> dict[int, int]:
    stmt = select(column, func.count()).group_by(column)
    for clause in where:
        stmt = stmt.where(clause)
    return dict(session.execute(stmt).all())


def list_sessions(session: Session, *, statuses: Optional[Iterable[str]] = None) -> list[SessionListRow]:
    """Sessions newest first with their question, participant and intervention counts."""
    stmt = select(DialogueSession).order_by(DialogueSession.scheduled_start.desc().nulls_first(),
                                            DialogueSession.id.desc())
    if statuses is not None:
        wanted = [s for s in statuses if s in SESSION_STATUSES]
        stmt = stmt.where(DialogueSession.status.in_(wanted))
    rows = list(session.scalars(stmt))
    questions = _count_by_session(session, Question.session_id)
    people = _count_by_session(session, Attendance.session_id)
    spoken = _count_by_session(session, Intervention.session_id, Intervention.deleted_at.is_(None))
    return [
        SessionListRow(s.id, s.title, s.series_number, s.sector_focus, s.sector_other, s.status, s.scheduled_start,
                       s.format, questions.get(s.id, 0), people.get(s.id, 0), spoken.get(s.id, 0))
        for s in rows
    ]


def next_series_number(session: Session) -> int:
    """One more than the highest series number used so far (1 for the first session)."""
    return (session.scalar(select(func.max(DialogueSession.series_number))) or 0) + 1
