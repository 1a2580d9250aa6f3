"""Saving a session's edited or imported structure in one transaction, without losing captured work."""
from __future__ import annotations

from typing import Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import SEGMENT_KINDS
from db.models import AgendaSegment, Part, Question, Takeaway

from dashboard.i18n import N_
from dashboard.importers.errors import Notice, Notices, NoticeValues
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, ValidationError
from dashboard.services.setup.structure import PartDraft, SaveResult, SegmentDraft, intervention_counts
from dashboard.services.records import require_session


class _StillUsed(NoticeValues, Conflict):
    """Questions that were spoken to cannot be deleted (the list of them is translated with the message)."""


def _clean(text: Optional[str]) -> Optional[str]:
    value = " ".join((text or "").split())
    return value or None


def _check_drafts(parts: Sequence[PartDraft], own_ids: set[int]) -> None:
    seen: set[int] = set()
    for p_index, part in enumerate(parts, 1):
        if not (part.title or "").strip():
            raise ValidationError("Part {part} needs a title.", part=p_index)
        if len(part.title) > 300:
            raise ValidationError("The title of Part {part} is too long (300 characters at most).", part=p_index)
        for q_index, question in enumerate(part.questions, 1):
            if not (question.text or "").strip():
                raise ValidationError("Question {question} of Part {part} is empty: write it or remove the row.",
                                      question=q_index, part=p_index)
            if len(question.text) > 2000:
                raise ValidationError("Question {question} of Part {part} is too long (2,000 characters at most).",
                                      question=q_index, part=p_index)
            if question.question_id is not None:
                if question.question_id not in own_ids:
                    raise ValidationError("A question in the list belongs to another session; reload the page.")
                if question.question_id in seen:
                    raise ValidationError("The same saved question appears twice; remove one of the copies.")
                seen.add(question.question_id)


def _check_segments(segments: Sequence[SegmentDraft]) -> None:
    for index, segment in enumerate(segments, 1):
        if not (segment.title or "").strip():
            raise ValidationError("Agenda item {item} needs a title.", item=index)
        if segment.minutes is not None and not 0 < segment.minutes <= 600:
            raise ValidationError("Agenda item {item}: minutes must be between 1 and 600.", item=index)
        if segment.kind not in SEGMENT_KINDS:
            raise ValidationError("Agenda item {item}: unknown kind “{kind}”.", item=index, kind=segment.kind)


def save_structure(session: Session, *, session_id: int, parts: Sequence[PartDraft],
                   segments: Optional[Sequence[SegmentDraft]], actor: Actor) -> SaveResult:
    """Replace the session's Parts and questions (and agenda unless `segments` is None) with the drafts."""
    target = require_session(session, session_id)
    questions = {q.id: q for q in session.scalars(select(Question).where(Question.session_id == session_id))}
    _check_drafts(parts, set(questions))
    if segments is not None:
        _check_segments(segments)
    counts = intervention_counts(session, session_id)
    kept = {q.question_id for p in parts for q in p.questions if q.question_id is not None}
    protected = [q for qid, q in questions.items() if qid not in kept and counts.get(qid)]
    if protected:
        listed = Notices(Notice(N_("“{question}” ({count} interventions)"), question=_short(q.text), count=counts[q.id])
                         for q in protected[:3])
        if len(protected) > 3:
            raise _StillUsed(N_("Questions with captured interventions cannot be deleted: {questions} and {more} "
                                "more. Keep them in the list; you can reword them or move them to another Part."),
                             questions=listed, more=len(protected) - 3)
        raise _StillUsed(N_("Questions with captured interventions cannot be deleted: {questions}. Keep them in the "
                            "list; you can reword them or move them to another Part."), questions=listed)
    existing_parts = list(session.scalars(
        select(Part).where(Part.session_id == session_id).order_by(Part.position, Part.id)))
    by_id = {p.id: p for p in existing_parts}
    claimed = {p.part_id for p in parts if p.part_id in by_id}
    free = [p for p in existing_parts if p.id not in claimed]
    used: list[Part] = []
    for position, draft in enumerate(parts, 1):
        part = by_id.get(draft.part_id) if draft.part_id is not None else None
        if part is None and free:
            part = free.pop(0)
        title, objective = _clean(draft.title) or f"Part {position}", _clean(draft.objective)
        if part is None:
            part = Part(session_id=session_id, position=position, title=title, objective=objective)
            session.add(part)
            session.flush()
            audit.record(session, actor, "create", "part", part.id, session_id=session_id, after=audit.snapshot(part))
        elif (part.position, part.title, part.objective) != (position, title, objective):
            before = audit.snapshot(part)
            part.position, part.title, part.objective = position, title, objective
            session.flush()
            audit.record(session, actor, "update", "part", part.id, session_id=session_id, before=before,
                         after=audit.snapshot(part))
        used.append(part)
    added = changed = 0
    for part, draft in zip(used, parts):
        for position, item in enumerate(draft.questions, 1):
            text = " ".join(item.text.split())
            question = questions.get(item.question_id) if item.question_id is not None else None
            if question is None:
                question = Question(session_id=session_id, part_id=part.id, position=position, text=text)
                session.add(question)
                session.flush()
                audit.record(session, actor, "create", "question", question.id, session_id=session_id,
                             after=audit.snapshot(question))
                added += 1
            elif (question.part_id, question.position, question.text) != (part.id, position, text):
                before = audit.snapshot(question)
                question.part_id, question.position, question.text = part.id, position, text
                session.flush()
                audit.record(session, actor, "update", "question", question.id, session_id=session_id,
                             before=before, after=audit.snapshot(question))
                changed += 1
    removed = 0
    for qid, question in questions.items():
        if qid not in kept:
            if target.current_question_id == qid:
                target.current_question_id = None
            audit.record(session, actor, "delete", "question", qid, session_id=session_id,
                         before=audit.snapshot(question))
            session.delete(question)
            removed += 1
    session.flush()
    _remove_parts(session, [p for p in existing_parts if p not in used], session_id, actor)
    segment_count = _save_segments(session, target.id, segments, actor) if segments is not None else None
    session.flush()
    session.expire(target, ["parts", "segments"])
    return SaveResult(len(used), added, changed, removed, segment_count)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _remove_parts(session: Session, parts: list[Part], session_id: int, actor: Actor) -> None:
    for part in parts:
        takeaways = session.scalar(
            select(func.count(Takeaway.id)).where(Takeaway.part_id == part.id, Takeaway.deleted_at.is_(None))
        )
        if takeaways:
            raise Conflict("Part “{title}” already has {count} takeaway(s) and cannot be removed; "
                           "keep the Part (you can rename it).", title=part.title, count=takeaways)
        remaining = session.scalar(select(func.count(Question.id)).where(Question.part_id == part.id))
        if remaining:
            raise Conflict("Part “{title}” still holds questions; move them before removing the Part.",
                           title=part.title)
        audit.record(session, actor, "delete", "part", part.id, session_id=session_id, before=audit.snapshot(part))
        # The cached collection may still list questions just moved elsewhere; the cascade must not see them.
        session.expire(part, ["questions"])
        session.delete(part)
    session.flush()


def _save_segments(session: Session, session_id: int, segments: Sequence[SegmentDraft], actor: Actor) -> int:
    existing = list(session.scalars(
        select(AgendaSegment).where(AgendaSegment.session_id == session_id).order_by(AgendaSegment.position)
    ))
    before = [audit.snapshot(s) for s in existing]
    for position, draft in enumerate(segments, 1):
        title = _clean(draft.title) or f"Item {position}"
        if position <= len(existing):
            row = existing[position - 1]
            row.position, row.title, row.planned_minutes, row.kind = position, title, draft.minutes, draft.kind
        else:
            session.add(AgendaSegment(session_id=session_id, position=position, title=title,
                                      planned_minutes=draft.minutes, kind=draft.kind))
    for row in existing[len(segments):]:
        if row.actual_start is not None:
            raise Conflict("The agenda item “{title}” has already been run in the session and cannot be removed; "
                           "keep it in the agenda (you can rename it).", title=row.title)
        session.delete(row)
    session.flush()
    after = [{"title": s.title, "minutes": s.minutes, "kind": s.kind} for s in segments]
    if [(b["title"], b["planned_minutes"], b["kind"]) for b in before] != [(a["title"], a["minutes"], a["kind"]) for a in after]:
        audit.record(session, actor, "update", "agenda", session_id, session_id=session_id,
                     before={"segments": before}, after={"segments": after})
    return len(segments)
