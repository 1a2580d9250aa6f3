"""The live position of a session: agenda clock (segment, elapsed, overrun) and current question.

The state lives on the session row and the segments, not in anyone's browser, so every
moderator, rapporteur and presenter screen shows the same clock. Readers get the stored
timestamps (``ClockState``) and compute elapsed time for their own "now". A closed or published
session has no running clock: closing ends the open segment (`stop_clock`), and its reading is
"closed" whatever the stored timestamps say.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AgendaSegment, DialogueSession, Part, Question, utcnow

from dashboard.i18n import N_, english as _same
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.live.capture import LOCKED_STATUSES, bump_data_version


ANY = object()  # the default of `expected`: no check of the question the caller saw
QUESTION_LABEL = N_("Part {part}, Q{number}")



@dataclass(frozen=True)
class QuestionRef:
    id: int
    part_id: int
    part_no: int  # 1-based order of the Part in the session
    number: int  # 1-based order of the question within its Part
    part_title: str
    objective: Optional[str]
    text: str

    @property
    def label(self) -> str:
        return self.label_in()

    def label_in(self, translate: Callable[[str], str] = _same) -> str:
        """'Part 1, Q3' in the reader's language (`translate`: English message -> translation)."""
        return translate(QUESTION_LABEL).format(part=self.part_no, number=self.number)


@dataclass(frozen=True)
class SegmentRow:
    id: int
    position: int
    title: str
    kind: str
    planned_minutes: Optional[int]
    actual_start: Optional[datetime]
    actual_end: Optional[datetime]


@dataclass(frozen=True)
class ClockReading:
    status: str  # no_agenda | not_started | running | paused | finished | closed
    segment: Optional[SegmentRow]
    next_segment: Optional[SegmentRow]
    elapsed_seconds: int
    planned_seconds: Optional[int]

    @property
    def remaining_seconds(self) -> Optional[int]:
        return None if self.planned_seconds is None else self.planned_seconds - self.elapsed_seconds

    @property
    def overrun_seconds(self) -> int:
        remaining = self.remaining_seconds
        return -remaining if remaining is not None and remaining < 0 else 0


@dataclass(frozen=True)
class ClockState:
    segments: tuple[SegmentRow, ...]
    current_segment_id: Optional[int]
    started_at: Optional[datetime]
    paused_at: Optional[datetime]
    paused_seconds: int
    closed: bool = False  # the session is closed or published: the clock stands still for good

    def reading(self, now: Optional[datetime] = None) -> ClockReading:
        """Where the clock stands at `now` (default: this instant)."""
        now = now or utcnow()
        if self.closed:
            return ClockReading("closed", None, None, 0, None)
        if not self.segments:
            return ClockReading("no_agenda", None, None, 0, None)
        index = next((i for i, s in enumerate(self.segments) if s.id == self.current_segment_id), None)
        if index is None:
            done = all(s.actual_end is not None for s in self.segments)
            first_open = next((s for s in self.segments if s.actual_end is None), None)
            return ClockReading("finished" if done else "not_started", None, first_open, 0, None)
        segment = self.segments[index]
        following = self.segments[index + 1] if index + 1 < len(self.segments) else None
        until = self.paused_at or now
        elapsed = int((until - self.started_at).total_seconds()) - self.paused_seconds if self.started_at else 0
        planned = segment.planned_minutes * 60 if segment.planned_minutes else None
        status = "paused" if self.paused_at else "running"
        return ClockReading(status, segment, following, max(elapsed, 0), planned)


def list_question_refs(session: Session, *, session_id: int) -> list[QuestionRef]:
    """The session's questions in agenda order, numbered per Part ("Part 1, Q3")."""
    rows = session.execute(
        select(Question.id, Question.part_id, Question.text, Part.title, Part.objective)
        .join(Part, Part.id == Question.part_id)
        .where(Question.session_id == session_id)
        .order_by(Part.position, Part.id, Question.position, Question.id)
    ).all()
    refs: list[QuestionRef] = []
    part_numbers: dict[int, int] = {}
    counts: dict[int, int] = {}
    for qid, part_id, text, part_title, objective in rows:
        part_no = part_numbers.setdefault(part_id, len(part_numbers) + 1)
        counts[part_id] = counts.get(part_id, 0) + 1
        refs.append(QuestionRef(qid, part_id, part_no, counts[part_id], part_title, objective, text))
    return refs


def get_clock(session: Session, *, session_id: int) -> ClockState:
    """The stored clock of a session (segments in agenda order)."""
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    segments = session.scalars(select(AgendaSegment).where(AgendaSegment.session_id == session_id)
                               .order_by(AgendaSegment.position, AgendaSegment.id))
    rows = tuple(SegmentRow(s.id, s.position, s.title, s.kind, s.planned_minutes, s.actual_start, s.actual_end)
                 for s in segments)
    return ClockState(rows, ds.current_segment_id, ds.segment_started_at, ds.clock_paused_at,
                      ds.clock_paused_seconds or 0, closed=ds.status in LOCKED_STATUSES)


def _segments(session: Session, session_id: int) -> list[AgendaSegment]:
    found = list(session.scalars(select(AgendaSegment).where(AgendaSegment.session_id == session_id)
                                 .order_by(AgendaSegment.position, AgendaSegment.id)))
    if not found:
        raise ValidationError("This session has no agenda yet: add its segments under Prepare before using the clock.")
    return found


def _clock_audit(session: Session, actor: Actor, ds: DialogueSession, action: str) -> None:
    audit.record(session, actor, action, "session", ds.id, session_id=ds.id, after={
        "current_segment_id": ds.current_segment_id,
        "segment_started_at": ds.segment_started_at.isoformat() if ds.segment_started_at else None,
        "clock_paused_at": ds.clock_paused_at.isoformat() if ds.clock_paused_at else None,
        "clock_paused_seconds": ds.clock_paused_seconds,
    })


def _enter(ds: DialogueSession, segment: AgendaSegment, now: datetime) -> None:
    ds.current_segment_id = segment.id
    ds.segment_started_at = now
    ds.clock_paused_at = None
    ds.clock_paused_seconds = 0
    segment.actual_start = now
    segment.actual_end = None


def start_clock(session: Session, *, session_id: int, actor: Actor, now: Optional[datetime] = None) -> None:
    """Start the first open segment, or resume a paused clock; a draft session becomes live."""
    now = now or utcnow()
    ds = bump_data_version(session, session_id)
    segments = _segments(session, session_id)
    if ds.current_segment_id is None:
        first_open = next((s for s in segments if s.actual_end is None), None)
        if first_open is None:
            raise Conflict("Every agenda segment is already done. Use “Back” to reopen the last one.")
        _enter(ds, first_open, now)
    elif ds.clock_paused_at is not None:
        ds.clock_paused_seconds = (ds.clock_paused_seconds or 0) + int((now - ds.clock_paused_at).total_seconds())
        ds.clock_paused_at = None
    else:
        return
    if ds.status == "draft":
        audit.record(session, actor, "update", "session", ds.id, session_id=ds.id,
                     before={"status": "draft"}, after={"status": "live"}, note="agenda clock started")
        ds.status = "live"
    session.flush()
    _clock_audit(session, actor, ds, "clock_start")


def pause_clock(session: Session, *, session_id: int, actor: Actor, now: Optional[datetime] = None) -> None:
    """Pause the running segment's clock (start resumes it)."""
    ds = bump_data_version(session, session_id)
    if ds.current_segment_id is None or ds.clock_paused_at is not None:
        return
    ds.clock_paused_at = now or utcnow()
    session.flush()
    _clock_audit(session, actor, ds, "clock_pause")


def next_segment(session: Session, *, session_id: int, actor: Actor, now: Optional[datetime] = None) -> None:
    """End the current segment and start the next one (or finish the agenda)."""
    now = now or utcnow()
    ds = bump_data_version(session, session_id)
    segments = _segments(session, session_id)
    index = next((i for i, s in enumerate(segments) if s.id == ds.current_segment_id), None)
    if index is None:
        start_clock(session, session_id=session_id, actor=actor, now=now)
        return
    segments[index].actual_end = ds.clock_paused_at or now
    if index + 1 < len(segments):
        _enter(ds, segments[index + 1], now)
    else:
        ds.current_segment_id = None
        ds.segment_started_at = ds.clock_paused_at = None
        ds.clock_paused_seconds = 0
    session.flush()
    _clock_audit(session, actor, ds, "clock_next")


def previous_segment(session: Session, *, session_id: int, actor: Actor, now: Optional[datetime] = None) -> None:
    """Undo a "next": reopen the previous segment, keeping its original start time."""
    now = now or utcnow()
    ds = bump_data_version(session, session_id)
    segments = _segments(session, session_id)
    index = next((i for i, s in enumerate(segments) if s.id == ds.current_segment_id), None)
    if index is None:
        ended = [i for i, s in enumerate(segments) if s.actual_end is not None]
        if not ended:
            raise Conflict("The agenda has not started yet.")
        target = max(ended)
    else:
        if index == 0:
            raise Conflict("This is the first segment of the agenda.")
        segments[index].actual_start = segments[index].actual_end = None
        target = index - 1
    segment = segments[target]
    segment.actual_end = None
    ds.current_segment_id = segment.id
    ds.segment_started_at = segment.actual_start or now
    ds.clock_paused_at = None
    ds.clock_paused_seconds = 0
    session.flush()
    _clock_audit(session, actor, ds, "clock_back")


def stop_clock(session: Session, *, session_id: int, actor: Actor, now: Optional[datetime] = None) -> None:
    """End the open segment and stop the clock (closing a session calls this); no-op when stopped."""
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    if ds.current_segment_id is None:
        return
    segment = session.get(AgendaSegment, ds.current_segment_id)
    if segment is not None and segment.actual_end is None:
        segment.actual_end = ds.clock_paused_at or now or utcnow()
    ds.current_segment_id = None
    ds.segment_started_at = ds.clock_paused_at = None
    ds.clock_paused_seconds = 0
    session.flush()
    _clock_audit(session, actor, ds, "clock_stop")


def _check_expected(session: Session, ds: DialogueSession, expected: object) -> None:
    # The caller acts on the question it had on screen: when it moved meanwhile (another
    # moderator, or the same press arriving twice), acting again would skip a question.
    if expected is ANY or ds.current_question_id == expected:
        return
    now = next((r for r in list_question_refs(session, session_id=ds.id) if r.id == ds.current_question_id), None)
    if now is None:
        raise Conflict("The question had already moved on to general discussion; nothing changed. "
                       "Press again if you meant to move from there.")
    raise Conflict("The question had already moved on to Part {part}, Q{number}; nothing changed. "
                   "Press again if you meant to move from there.", part=now.part_no, number=now.number)


def set_current_question(session: Session, *, session_id: int, question_id: Optional[int],
                         actor: Actor, expected: object = ANY) -> Optional[QuestionRef]:
    """Make a question the one under discussion (None = general discussion); returns it.

    `expected` is the current question the caller saw (None = general discussion): when the
    session has moved on since, nothing changes and Conflict says so.
    """
    ds = bump_data_version(session, session_id)
    _check_expected(session, ds, expected)
    if question_id is not None:
        owner = session.scalar(select(Question.session_id).where(Question.id == question_id))
        if owner != session_id:
            raise ValidationError("That question does not belong to this session.")
    if ds.current_question_id != question_id:
        before = {"current_question_id": ds.current_question_id}
        ds.current_question_id = question_id
        session.flush()
        audit.record(session, actor, "set_question", "session", ds.id, session_id=ds.id,
                     before=before, after={"current_question_id": question_id})
    return next((r for r in list_question_refs(session, session_id=session_id) if r.id == question_id), None)


def step_question(session: Session, *, session_id: int, step: int, actor: Actor,
                  expected: object = ANY) -> Optional[QuestionRef]:
    """Move the current question forward (+1) or back (-1) in agenda order; returns the new one.

    `expected` as for `set_current_question`: one press moves one question from the one seen.
    """
    refs = list_question_refs(session, session_id=session_id)
    if not refs:
        raise ValidationError("This session has no questions yet: add them under Prepare.")
    ds = bump_data_version(session, session_id)
    _check_expected(session, ds, expected)
    ids = [r.id for r in refs]
    # From general discussion both directions land on the first question.
    index = max(0, min(len(refs) - 1, ids.index(ds.current_question_id) + step)) if ds.current_question_id in ids else 0
    return set_current_question(session, session_id=session_id, question_id=refs[index].id, actor=actor)
