"""A session's structure (Parts, Objectives, questions, agenda): read it, preview an import, save edits safely.

The safety rule: a question with captured interventions can be reworded or moved, never
deleted, so re-importing a concept note never silently drops what was said.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AgendaSegment, Intervention, Part, Question

from dashboard.i18n import N_
from dashboard.importers.errors import Notice
from dashboard.services.records import require_session


@dataclass(frozen=True)
class QuestionView:
    id: int
    position: int
    text: str
    interventions: int


@dataclass(frozen=True)
class PartView:
    id: int
    position: int
    title: str
    objective: Optional[str]
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True)
class SegmentView:
    id: int
    position: int
    title: str
    minutes: Optional[int]
    kind: str
    started: bool


@dataclass(frozen=True)
class SessionStructure:
    session_id: int
    parts: tuple[PartView, ...]
    segments: tuple[SegmentView, ...]

    @property
    def question_count(self) -> int:
        return sum(len(p.questions) for p in self.parts)


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    question_id: Optional[int] = None  # an existing question being kept (possibly reworded or moved)
    interventions: int = 0  # shown in the preview; not used when saving


@dataclass(frozen=True)
class PartDraft:
    title: str
    objective: Optional[str]
    questions: tuple[QuestionDraft, ...]
    part_id: Optional[int] = None


@dataclass(frozen=True)
class SegmentDraft:
    title: str
    minutes: Optional[int]
    kind: str = "other"


@dataclass(frozen=True)
class StructureDraft:
    parts: tuple[PartDraft, ...]
    segments: Optional[tuple[SegmentDraft, ...]]  # None: leave the agenda as it is
    notes: tuple[str, ...] = ()  # Notices: English text that the interface can translate


@dataclass(frozen=True)
class SaveResult:
    parts: int
    questions_added: int
    questions_changed: int
    questions_removed: int
    segments: Optional[int]


_KIND_WORDS = (
    ("closing", ("closing", "wrap", "conclusion", "concluding", "next steps", "way forward")),
    ("opening", ("opening", "welcome")),
    ("scene_setting", ("scene", "keynote", "setting the scene", "framing", "context")),
    ("showcase", ("showcase", "presentation", "demo", "spotlight", "industry")),
    ("dialogue", ("dialogue", "discussion", "part ", "q&a", "roundtable", "round table", "debate")),
    ("opening", ("introduction", "remarks")),
)


def segment_kind(title: str) -> str:
    """The agenda segment kind a title suggests ("Industry showcases" -> showcase)."""
    lowered = f"{title.lower()} "
    for kind, words in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return "other"


def intervention_counts(session: Session, session_id: int) -> dict[int, int]:
    """Live (not deleted) interventions per question of the session."""
    stmt = (
        select(Intervention.question_id, func.count())
        .where(Intervention.session_id == session_id, Intervention.question_id.is_not(None),
               Intervention.deleted_at.is_(None))
        .group_by(Intervention.question_id)
    )
    return dict(session.execute(stmt).all())


def get_structure(session: Session, session_id: int) -> SessionStructure:
    """Parts with their questions (and how many interventions each has), and the agenda."""
    require_session(session, session_id)
    counts = intervention_counts(session, session_id)
    # Queried rather than read from relationships: collections cached earlier in the
    # transaction would miss rows just added or moved.
    part_rows = list(session.scalars(
        select(Part).where(Part.session_id == session_id).order_by(Part.position, Part.id)))
    questions: dict[int, list[Question]] = {p.id: [] for p in part_rows}
    for question in session.scalars(
        select(Question).where(Question.session_id == session_id).order_by(Question.position, Question.id)
    ):
        questions.setdefault(question.part_id, []).append(question)
    parts = tuple(
        PartView(p.id, i, p.title, p.objective,
                 tuple(QuestionView(q.id, j, q.text, counts.get(q.id, 0)) for j, q in enumerate(questions[p.id], 1)))
        for i, p in enumerate(part_rows, 1)
    )
    segment_rows = session.scalars(
        select(AgendaSegment).where(AgendaSegment.session_id == session_id).order_by(AgendaSegment.position,
                                                                                     AgendaSegment.id))
    segments = tuple(
        SegmentView(s.id, i, s.title, s.planned_minutes, s.kind, s.actual_start is not None)
        for i, s in enumerate(segment_rows, 1)
    )
    return SessionStructure(session_id, parts, segments)


def draft_from_structure(structure: SessionStructure, *, keep_ids: bool = True) -> StructureDraft:
    """The saved structure as an editable draft (ids kept for editing, dropped for copying elsewhere)."""
    parts = tuple(
        PartDraft(p.title, p.objective,
                  tuple(QuestionDraft(q.text, q.id if keep_ids else None, q.interventions if keep_ids else 0)
                        for q in p.questions),
                  p.id if keep_ids else None)
        for p in structure.parts
    )
    segments = tuple(SegmentDraft(s.title, s.minutes, s.kind) for s in structure.segments)
    return StructureDraft(parts, segments)


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def draft_for_import(session: Session, *, session_id: int, parts: Sequence[tuple[str, Optional[str], Sequence[str]]],
                     segments: Sequence[tuple[str, Optional[int]]]) -> StructureDraft:
    """An imported structure matched against the saved one: same or similar questions keep their id (and interventions)."""
    structure = get_structure(session, session_id)
    existing = [(p_index, q) for p_index, p in enumerate(structure.parts) for q in p.questions]
    unmatched = {q.id: q for _, q in existing}
    drafts: list[list[QuestionDraft]] = []
    for _, _, questions in parts:
        drafts.append([QuestionDraft(text) for text in questions])
    for exact in (True, False):
        for row in drafts:
            for i, draft in enumerate(row):
                if draft.question_id is not None:
                    continue
                match = _best_match(draft.text, list(unmatched.values()), exact)
                if match is not None:
                    row[i] = QuestionDraft(draft.text, match.id, match.interventions)
                    del unmatched[match.id]
    notes: list[str] = []
    part_drafts = [list(p) for p in parts]
    for p_index, question in existing:
        if question.id not in unmatched or not question.interventions:
            continue
        target = min(p_index, len(drafts) - 1) if drafts else None
        if target is None:
            old = structure.parts[p_index]
            part_drafts.append([old.title, old.objective, []])
            drafts.append([])
            target = len(drafts) - 1
        drafts[target].append(QuestionDraft(question.text, question.id, question.interventions))
        notes.append(Notice(N_("“{question}” is not in the new document but has {count} captured intervention(s), "
                               "so it was kept in Part {part}. You can reword or move it, not delete it."),
                            question=question.text, count=question.interventions, part=target + 1))
    dropped = sum(1 for _, q in existing if q.id in unmatched and not q.interventions)
    if dropped:
        notes.append(Notice(N_("{count} saved question(s) without interventions are not in the new document; "
                               "saving replaces them."), count=dropped))
    result_parts = tuple(
        PartDraft(str(p[0]), p[1], tuple(row),
                  structure.parts[i].id if i < len(structure.parts) else None)
        for i, (p, row) in enumerate(zip(part_drafts, drafts))
    )
    segment_drafts = tuple(SegmentDraft(t, m, segment_kind(t)) for t, m in segments) if segments else None
    return StructureDraft(result_parts, segment_drafts, tuple(notes))


def _best_match(text: str, candidates: list[QuestionView], exact: bool) -> Optional[QuestionView]:
    wanted = _normal(text)
    if exact:
        return next((q for q in candidates if _normal(q.text) == wanted), None)
    scored = [(difflib.SequenceMatcher(None, wanted, _normal(q.text)).ratio(), q) for q in candidates]
    scored = [(score, q) for score, q in scored if score >= 0.75]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None
