"""The question library: every guiding question asked in past sessions, searchable, reusable."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional, Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import DialogueSession, Intervention, Part, Question

from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class LibraryQuestion:
    question_id: int
    text: str
    part_title: str
    session_id: int
    session_title: str
    series_number: Optional[int]
    sector_focus: str
    scheduled_start: Optional[datetime]
    interventions: int  # how much discussion the question drew when it was asked


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_question_library(session: Session, *, query: str = "", sector: Optional[str] = None,
                            exclude_session_id: Optional[int] = None, limit: int = 50) -> list[LibraryQuestion]:
    """Past questions containing every word of `query` (newest session first, one row per distinct text)."""
    spoken = func.count(Intervention.id)
    stmt = (
        select(Question.id, Question.text, Part.title, DialogueSession.id, DialogueSession.title,
               DialogueSession.series_number, DialogueSession.sector_focus, DialogueSession.scheduled_start, spoken)
        .join(Part, Part.id == Question.part_id)
        .join(DialogueSession, DialogueSession.id == Question.session_id)
        .outerjoin(Intervention, and_(Intervention.question_id == Question.id, Intervention.deleted_at.is_(None)))
        .group_by(Question.id, Question.text, Part.title, DialogueSession.id, DialogueSession.title,
                  DialogueSession.series_number, DialogueSession.sector_focus, DialogueSession.scheduled_start,
                  Question.position, Part.position)
        .order_by(DialogueSession.scheduled_start.desc().nulls_last(), DialogueSession.id.desc(),
                  Part.position, Question.position)
        .limit(max(1, limit) * 4)
    )
    for word in re.findall(r"\w+", query or "")[:8]:
        stmt = stmt.where(Question.text.ilike(_like(word), escape="\\"))
    if sector:
        stmt = stmt.where(DialogueSession.sector_focus == sector)
    if exclude_session_id is not None:
        stmt = stmt.where(Question.session_id != exclude_session_id)
    seen: set[str] = set()
    found: list[LibraryQuestion] = []
    for row in session.execute(stmt):
        key = " ".join(row[1].casefold().split())
        if key in seen:
            continue
        seen.add(key)
        found.append(LibraryQuestion(*row))
        if len(found) >= limit:
            break
    return found


def add_questions(session: Session, *, session_id: int, part_id: Optional[int], texts: Sequence[str],
                  actor: Actor) -> int:
    """Append questions to a Part (a new "Guiding questions" Part when `part_id` is None); skips ones already there."""
    target = session.get(DialogueSession, session_id)
    if target is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    if part_id is None:
        position = (session.scalar(select(func.max(Part.position)).where(Part.session_id == session_id)) or 0) + 1
        part = Part(session_id=session_id, position=position, title="Guiding questions")
        session.add(part)
        session.flush()
        audit.record(session, actor, "create", "part", part.id, session_id=session_id, after=audit.snapshot(part))
    else:
        part = session.get(Part, part_id)
        if part is None or part.session_id != session_id:
            raise NotFound("That Part is not in this session any more; reload the page.")
    clean = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not clean:
        raise ValidationError("Tick at least one question to add.")
    present = {" ".join(t.casefold().split()) for t in session.scalars(
        select(Question.text).where(Question.session_id == session_id))}
    position = session.scalar(select(func.max(Question.position)).where(Question.part_id == part.id)) or 0
    added = 0
    for text in clean:
        if text.casefold() in present:
            continue
        position += 1
        question = Question(session_id=session_id, part_id=part.id, position=position, text=text)
        session.add(question)
        session.flush()
        audit.record(session, actor, "create", "question", question.id, session_id=session_id,
                     after=audit.snapshot(question), note="added from the question library")
        present.add(text.casefold())
        added += 1
    session.expire(part, ["questions"])
    session.flush()
    return added
