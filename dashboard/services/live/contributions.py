"""Written input from participants: sent from their own device, decided on at the capture console.

A registered participant sends a short text on the question the room is on; the moderators
accept it (it becomes an intervention marked "written", attributed to the sender's registered
person and group, numbered like the rest), merge it into an intervention already captured, or
decline it with an optional reason. Every decision is audited. The sender sees the outcome of
their own input; nobody else's input is ever shown to a participant.

Each write first moves the session's change stamp (as captures do): that takes the session's
write lock before anything is read, so two copies of one submit meet one after the other and
the unique (session, client_token) returns the first row to the second.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import Intervention, Person, Question, User, WrittenContribution, utcnow

from dashboard.i18n import N_, english as _same
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from dashboard.services.live import capture
from dashboard.services.live.clock import list_question_refs
from dashboard.services.live.feed import numbered_interventions
from dashboard.services.outcomes.participant_view import registration_of_account
from dashboard.services.themes import suggest_themes

MAX_CHARS = 1_000
MAX_REASON_CHARS = 300
MAX_TOKEN_CHARS = 64
MIN_INTERVAL_S = 15
MAX_PER_SESSION = 20
ALREADY_DECIDED = N_("This written input was already decided ({status}): nothing was changed.")
# The same message for each decision, so each reads whole in the reader's language.
ALREADY_DECIDED_AS = {
    "accepted": N_("This written input was already decided (accepted): nothing was changed."),
    "merged": N_("This written input was already decided (merged): nothing was changed."),
    "declined": N_("This written input was already decided (declined): nothing was changed."),
}
GENERAL = N_("General")
ADDED_AS = N_("Added to the record as #{number}")
ADDED = N_("Added to the record")
MERGED_WITH = N_("Merged with #{number}")
MERGED = N_("Merged")
DECLINED_BECAUSE = N_("Not taken up: {reason}")
DECLINED = N_("Not taken up")
PENDING = N_("Waiting for the moderators")



@dataclass(frozen=True)
class SubmitResult:
    contribution_id: int
    question_id: Optional[int]
    created: bool  # False when the client token was already saved (a double submit)


@dataclass(frozen=True)
class ContributionRow:
    """One written input and what became of it (`person_name` is filled for staff lists only)."""

    id: int
    question_id: Optional[int]
    question_label: str  # "Part 1, Q2" or "General"
    stakeholder_type: str
    person_name: Optional[str]
    text: str
    status: str
    decline_reason: Optional[str]
    intervention_number: Optional[int]
    created_at: datetime

    @property
    def group(self) -> str:
        return STAKEHOLDER_TYPES.get(self.stakeholder_type, self.stakeholder_type)

    @property
    def outcome(self) -> str:
        """'Waiting for the moderators', 'Added to the record as #12', 'Merged with #4', 'Not taken up: …'."""
        return self.outcome_in()

    def outcome_in(self, translate: Callable[[str], str] = _same) -> str:
        """`outcome` in the reader's language (`translate`: English message -> translation); the
        moderator's reason stays as they wrote it."""
        number = self.intervention_number
        if self.status == "accepted":
            return translate(ADDED_AS).format(number=number) if number else translate(ADDED)
        if self.status == "merged":
            return translate(MERGED_WITH).format(number=number) if number else translate(MERGED)
        if self.status == "declined":
            return (translate(DECLINED_BECAUSE).format(reason=self.decline_reason) if self.decline_reason
                    else translate(DECLINED))
        return translate(PENDING)


def _clean_text(text: Optional[str]) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError("Nothing to send: write your input first.")
    if len(cleaned) > MAX_CHARS:
        raise ValidationError("Your input is {length} characters long; keep it to {limit} or fewer.",
                              length=f"{len(cleaned):,}", limit=f"{MAX_CHARS:,}")
    return cleaned


def _check_rate(session: Session, *, session_id: int, user_id: int) -> None:
    sent = session.scalar(select(func.count()).select_from(WrittenContribution).where(
        WrittenContribution.session_id == session_id, WrittenContribution.user_id == user_id)) or 0
    if sent >= MAX_PER_SESSION:
        raise ValidationError("You have sent {count} written inputs in this session, the most one person "
                              "can send. Ask for the floor to say more.", count=MAX_PER_SESSION)
    last = session.scalar(select(func.max(WrittenContribution.created_at))
                          .where(WrittenContribution.user_id == user_id))
    if last is not None:
        wait = (last + timedelta(seconds=MIN_INTERVAL_S) - utcnow()).total_seconds()
        if wait > 0:
            seconds = max(1, int(wait + 0.999))
            if seconds == 1:
                raise ValidationError("You can send one written input every {interval} seconds: you can send "
                                      "again in 1 second. Your text is kept.", interval=MIN_INTERVAL_S)
            raise ValidationError("You can send one written input every {interval} seconds: you can send "
                                  "again in {seconds} seconds. Your text is kept.", interval=MIN_INTERVAL_S,
                                  seconds=seconds)


def may_contribute(session: Session, *, session_id: int, user_id: int) -> bool:
    """True when this account is registered for the session, so it may send written input."""
    return registration_of_account(session, user_id=user_id, session_id=session_id) is not None


def submit_contribution(session: Session, *, session_id: int, user_id: int, text: Optional[str],
                        client_token: str) -> SubmitResult:
    """Store a registered participant's written input on the current question; a repeated token returns the first."""
    token = (client_token or "").strip()
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise ValidationError("This form has expired: reload the page and send again.")
    cleaned = _clean_text(text)
    ds = capture.bump_data_version(session, session_id, allow_status=capture.LOCKED_STATUSES)
    registration = registration_of_account(session, user_id=user_id, session_id=session_id)
    if registration is None:
        raise PermissionDenied("You are not registered for this session, so you cannot send written input to it.")
    existing = session.scalars(select(WrittenContribution).where(
        WrittenContribution.session_id == session_id, WrittenContribution.client_token == token)).first()
    if existing is not None:
        if existing.user_id != user_id:
            raise ValidationError("This form has expired: reload the page and send again.")
        return SubmitResult(existing.id, existing.question_id, False)
    if ds.status == "draft":
        raise Conflict("The dialogue has not started yet: written input opens when the moderator starts it.")
    if ds.status != "live":
        raise Conflict("The dialogue has ended: written input is closed.")
    _check_rate(session, session_id=session_id, user_id=user_id)
    person_id, group = registration
    item = WrittenContribution(session_id=session_id, question_id=ds.current_question_id, user_id=user_id,
                               person_id=person_id, stakeholder_type=group, text=cleaned, client_token=token,
                               status="pending")
    session.add(item)
    session.flush()
    username = session.scalar(select(User.username).where(User.id == user_id)) or f"user {user_id}"
    audit.record(session, Actor(user_id, username), "create", "written_contribution", item.id,
                 session_id=session_id, after=audit.snapshot(item))
    return SubmitResult(item.id, item.question_id, True)


def _numbers(session: Session, session_id: int, ids: set[int]) -> dict[int, int]:
    if not ids:
        return {}
    item, number = numbered_interventions(session_id)
    return dict(session.execute(select(item.id, number).where(item.id.in_(ids))).all())


def _labels(session: Session, session_id: int, translate: Callable[[str], str] = _same) -> dict[Optional[int], str]:
    return {q.id: q.label_in(translate) for q in list_question_refs(session, session_id=session_id)}


def _rows(session: Session, session_id: int, found: list[tuple[WrittenContribution, Optional[str]]],
          translate: Callable[[str], str] = _same) -> list[ContributionRow]:
    if not found:
        return []
    labels = _labels(session, session_id, translate)
    numbers = _numbers(session, session_id, {c.intervention_id for c, _ in found if c.intervention_id})
    return [ContributionRow(c.id, c.question_id, labels.get(c.question_id, translate(GENERAL)), c.stakeholder_type,
                            name,
                            c.text, c.status, c.decline_reason, numbers.get(c.intervention_id), c.created_at)
            for c, name in found]


def list_contributions(session: Session, *, session_id: int, status: Optional[str] = None,
                       translate: Callable[[str], str] = _same) -> list[ContributionRow]:
    """The session's written input for the moderators: pending first, then oldest first (staff only: names).

    `translate` (English message -> the reader's language) words the question labels.
    """
    stmt = (select(WrittenContribution, Person.name).outerjoin(Person, Person.id == WrittenContribution.person_id)
            .where(WrittenContribution.session_id == session_id)
            .order_by((WrittenContribution.status != "pending"), WrittenContribution.id))
    if status is not None:
        stmt = stmt.where(WrittenContribution.status == status)
    return _rows(session, session_id, [tuple(row) for row in session.execute(stmt)], translate)


def count_pending(session: Session, *, session_id: int) -> int:
    """How many written inputs wait for a decision."""
    return session.scalar(select(func.count()).select_from(WrittenContribution).where(
        WrittenContribution.session_id == session_id, WrittenContribution.status == "pending")) or 0


def list_own_contributions(session: Session, *, session_id: int, user_id: int,
                           translate: Callable[[str], str] = _same) -> list[ContributionRow]:
    """What this account sent to the session, newest first, with what became of each (no names).

    `translate` (English message -> the reader's language) words the question labels.
    """
    # On every refresh of a participant's page: one indexed query when they sent nothing.
    found = session.scalars(select(WrittenContribution).where(
        WrittenContribution.session_id == session_id, WrittenContribution.user_id == user_id)
        .order_by(WrittenContribution.id.desc()))
    return _rows(session, session_id, [(c, None) for c in found], translate)


def _pending(session: Session, session_id: int, contribution_id: int) -> WrittenContribution:
    capture.bump_data_version(session, session_id)
    item = session.get(WrittenContribution, contribution_id)
    if item is None or item.session_id != session_id:
        raise NotFound("Written input {contribution_id} is not part of this session.", contribution_id=contribution_id)
    if item.status != "pending":
        if item.status in ALREADY_DECIDED_AS:
            raise Conflict(ALREADY_DECIDED_AS[item.status])
        raise Conflict(ALREADY_DECIDED, status=item.status)
    return item


def _decide(session: Session, item: WrittenContribution, actor: Actor, action: str, status: str, *,
            intervention_id: Optional[int] = None, reason: Optional[str] = None) -> None:
    before = audit.snapshot(item)
    item.status, item.intervention_id, item.decline_reason = status, intervention_id, reason
    item.decided_by_id, item.decided_at = actor.user_id, utcnow()
    session.flush()
    audit.record(session, actor, action, "written_contribution", item.id, session_id=item.session_id,
                 before=before, after=audit.snapshot(item))


def accept_contribution(session: Session, *, session_id: int, contribution_id: int, actor: Actor) -> int:
    """Turn pending written input into a written intervention (the sender's person and group); its number."""
    item = _pending(session, session_id, contribution_id)
    question = item.question_id
    if question is not None and session.get(Question, question) is None:
        question = None
    result = capture.capture_intervention(
        session, session_id=session_id, actor=actor, text=item.text, person_id=item.person_id,
        stakeholder_type=item.stakeholder_type, question_id=question, channel="written",
        theme_codes=suggest_themes(session, text=item.text), client_token=f"written-{item.id}")
    _decide(session, item, actor, "accept", "accepted", intervention_id=result.intervention_id)
    return result.number


def merge_contribution(session: Session, *, session_id: int, contribution_id: int,
                       intervention_id: Optional[int], actor: Actor) -> int:
    """Mark pending written input as merged into an intervention of the session (its text unchanged); its number."""
    if intervention_id is None:
        raise ValidationError("Pick the intervention to merge this written input into.")
    item = _pending(session, session_id, contribution_id)
    target = session.get(Intervention, intervention_id)
    if target is None or target.session_id != session_id or target.deleted_at is not None:
        raise ValidationError("Pick an intervention of this session to merge into.")
    _decide(session, item, actor, "merge", "merged", intervention_id=target.id)
    return capture.intervention_number(session, session_id=session_id, intervention_id=target.id)


def decline_contribution(session: Session, *, session_id: int, contribution_id: int, actor: Actor,
                         reason: Optional[str] = None) -> None:
    """Decline pending written input, with an optional reason the sender will read."""
    cleaned = " ".join((reason or "").split()) or None
    if cleaned is not None and len(cleaned) > MAX_REASON_CHARS:
        raise ValidationError("Keep the reason to {limit} characters or fewer (it is {length}).",
                              limit=MAX_REASON_CHARS, length=f"{len(cleaned):,}")
    item = _pending(session, session_id, contribution_id)
    _decide(session, item, actor, "decline", "declined", reason=cleaned)
