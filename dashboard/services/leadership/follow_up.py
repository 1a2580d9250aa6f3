"""Recommendation follow-up: status, owner, review date, evidence, and a dated timeline of every change.

Status moves forward along proposed -> accepted -> in_progress -> implemented (steps may be
skipped when the work moved faster than the records). `not_pursued` and any step backwards
need a reason. Every change adds a RecommendationEvent and an audit entry, and a status
change stamps `status_changed_at`, which the participants' view shows ("in progress since ...").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from db.codes import FOLLOW_UP_STATUSES, label
from db.models import DialogueSession, Recommendation, RecommendationEvent, User, utcnow
from dashboard.i18n import N_
from dashboard.timefmt import format_when, to_local

from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError

CHAIN = ("proposed", "accepted", "in_progress", "implemented")
OPEN_STATUSES = ("proposed", "accepted", "in_progress")
UPDATE_ROLES = ("admin", "moderator", "leadership")
# "Unchanged for more than a quarter": three months without a status change on an open recommendation.
STALE_AFTER = timedelta(days=91)
OWNER_LIMIT, TEXT_LIMIT = 300, 5000
_LINK = re.compile(r"https?://[^\s<>\"')\]]+")
ENTITY = "recommendation"
# Too-long texts, one message per field so that each reads whole in every language.
TOO_LONG = {
    "reason": N_("The reason is {length} characters long; keep it under {limit}."),
    "owner": N_("The owner is {length} characters long; keep it under {limit}."),
    "evidence": N_("The evidence is {length} characters long; keep it under {limit}."),
    "comment": N_("The comment is {length} characters long; keep it under {limit}."),
}


class _StatusLabels:
    """An error naming follow-up statuses by label (`status`, `choices`): the reader gets those translated too."""

    LABELS = ("status", "choices")

    def render(self, translate) -> str:
        shown = {name: ", ".join(translate(part) for part in str(value).split(", ")) if name in self.LABELS else value
                 for name, value in self.params.items()}  # type: ignore[attr-defined]
        try:
            return translate(self.template).format(**shown)  # type: ignore[attr-defined]
        except (KeyError, IndexError, ValueError):
            return str(self)


class StatusConflict(_StatusLabels, Conflict):
    """A Conflict whose `status` is a follow-up status label."""


class StatusValidationError(_StatusLabels, ValidationError):
    """A ValidationError whose `status` / `choices` are follow-up status labels."""


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    session_id: int
    session_label: str
    number: int  # place in its session's list
    text: str
    status: str
    status_changed_at: datetime
    owner: Optional[str]
    review_date: Optional[date]
    overdue: bool  # open and past its review date
    stale: bool  # open and no status change for more than a quarter

    @property
    def needs_attention(self) -> bool:
        return self.overdue or self.stale

    @property
    def status_label(self) -> str:
        return label(FOLLOW_UP_STATUSES, self.status)


@dataclass(frozen=True)
class FollowUpDetail:
    row: FollowUpRow
    addressed_to: tuple[str, ...]
    status_reason: Optional[str]
    evidence: Optional[str]
    evidence_links: tuple[str, ...]
    session_status: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    who: str
    kind: str  # status | comment | edit
    from_status: Optional[str]
    to_status: Optional[str]
    note: Optional[str]
    by_system: bool = False  # no account made it: `who` reads "system"

    @property
    def summary(self) -> str:
        when = format_when(self.at)
        if self.kind == "status":
            change = f"{label(FOLLOW_UP_STATUSES, self.from_status)} → {label(FOLLOW_UP_STATUSES, self.to_status)}"
            return f"{when} · {self.who} · status {change}"
        return f"{when} · {self.who} · {'comment' if self.kind == 'comment' else 'change'}"


def allowed_next(current: str) -> tuple[str, ...]:
    """Every status a recommendation may move to from `current` (a reason is needed for some)."""
    return tuple(s for s in FOLLOW_UP_STATUSES if s != current)


def needs_reason(current: str, new: str) -> bool:
    """True when moving from `current` to `new` must be explained: not pursued, or a step back."""
    if new == "not_pursued":
        return True
    if current == "not_pursued":
        return True
    return CHAIN.index(new) < CHAIN.index(current)


def attention_clause(today: date, now: datetime) -> ColumnElement:
    """Open recommendations past their review date, or with no status change for more than a quarter."""
    return and_(
        Recommendation.follow_up_status.in_(OPEN_STATUSES),
        or_(Recommendation.review_date < today, Recommendation.status_changed_at < now - STALE_AFTER),
    )


def _check_roles(roles: Iterable[str]) -> None:
    if not set(roles) & set(UPDATE_ROLES):
        raise PermissionDenied("Only moderators, administrators and BDT leadership can update follow-up.")


def _clean(value: Optional[str], what: str, limit: int) -> Optional[str]:
    """The trimmed text, None when empty; `what` names the field (a TOO_LONG key)."""
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError(TOO_LONG[what], length=len(text), limit=limit)
    return text or None


def _session_label(number: Optional[int], title: str) -> str:
    return f"#{number} {title}" if number else title


def _rows(session: Session, *, where: list, today: date, now: datetime) -> list[FollowUpRow]:
    numbered = (
        select(Recommendation.id.label("rid"), func.row_number().over(
            partition_by=Recommendation.session_id, order_by=(Recommendation.position, Recommendation.id)
        ).label("number"))
        .where(Recommendation.deleted_at.is_(None), Recommendation.merged_into_id.is_(None))
        .subquery()
    )
    stmt = (
        select(Recommendation, numbered.c.number, DialogueSession.series_number, DialogueSession.title)
        .join(numbered, numbered.c.rid == Recommendation.id)
        .join(DialogueSession, DialogueSession.id == Recommendation.session_id)
        .where(*where)
        .order_by(DialogueSession.scheduled_start.desc().nulls_last(), Recommendation.session_id.desc(),
                  numbered.c.number)
    )
    out = []
    for rec, number, series_number, title in session.execute(stmt):
        is_open = rec.follow_up_status in OPEN_STATUSES
        out.append(FollowUpRow(
            id=rec.id, session_id=rec.session_id, session_label=_session_label(series_number, title),
            number=int(number), text=rec.text, status=rec.follow_up_status,
            status_changed_at=rec.status_changed_at, owner=rec.owner, review_date=rec.review_date,
            overdue=is_open and rec.review_date is not None and rec.review_date < today,
            stale=is_open and rec.status_changed_at < now - STALE_AFTER,
        ))
    return out


def _clock(now: Optional[datetime]) -> tuple[datetime, date]:
    now = now or utcnow()
    return now, to_local(now).date()


def list_follow_up(
    session: Session, *, session_id: Optional[int] = None, statuses: Optional[Iterable[str]] = None,
    attention_only: bool = False, now: Optional[datetime] = None,
) -> list[FollowUpRow]:
    """Current recommendations to follow up, newest session first, optionally only those needing attention."""
    now, today = _clock(now)
    where: list = []
    if session_id is not None:
        where.append(Recommendation.session_id == session_id)
    if statuses:
        where.append(Recommendation.follow_up_status.in_(list(statuses)))
    if attention_only:
        where.append(attention_clause(today, now))
    return _rows(session, where=where, today=today, now=now)


def _require(session: Session, recommendation_id: int) -> Recommendation:
    rec = session.get(Recommendation, recommendation_id)
    if rec is None or rec.deleted_at is not None:
        raise NotFound("Recommendation {recommendation_id} does not exist (or was deleted).",
                       recommendation_id=recommendation_id)
    if rec.merged_into_id is not None:
        raise Conflict("Recommendation {recommendation_id} was merged into recommendation "
                       "{merged_into_id}; follow up that one instead.",
                       recommendation_id=recommendation_id, merged_into_id=rec.merged_into_id)
    return rec


def get_follow_up(session: Session, recommendation_id: int, *, now: Optional[datetime] = None) -> FollowUpDetail:
    """One recommendation's follow-up state; NotFound / Conflict when deleted or merged away."""
    rec = _require(session, recommendation_id)
    now, today = _clock(now)
    row = _rows(session, where=[Recommendation.id == rec.id], today=today, now=now)[0]
    session_status = session.scalar(select(DialogueSession.status).where(DialogueSession.id == rec.session_id))
    links = tuple(dict.fromkeys(m.rstrip(".,;:") for m in _LINK.findall(rec.evidence or "")))
    return FollowUpDetail(row, tuple(rec.addressed_to or ()), rec.status_reason, rec.evidence, links,
                          session_status or "")


def _event(session: Session, rec: Recommendation, actor: Actor, kind: str, note: Optional[str], at: datetime,
           from_status: Optional[str] = None, to_status: Optional[str] = None) -> None:
    session.add(RecommendationEvent(recommendation_id=rec.id, kind=kind, from_status=from_status,
                                    to_status=to_status, note=note, changed_by_id=actor.user_id, changed_at=at))


def _describe_edits(before: dict, rec: Recommendation) -> list[str]:
    notes = []
    if before["owner"] != rec.owner:
        notes.append(f"Owner: {before['owner'] or '(none)'} → {rec.owner or '(none)'}")
    if before["review_date"] != rec.review_date:
        old = before["review_date"].isoformat() if before["review_date"] else "(none)"
        notes.append(f"Review date: {old} → {rec.review_date.isoformat() if rec.review_date else '(none)'}")
    if before["evidence"] != rec.evidence:
        notes.append("Evidence updated" if rec.evidence else "Evidence removed")
    return notes


_UNSET = object()


def update_follow_up(
    session: Session, recommendation_id: int, *, actor: Actor, roles: Iterable[str],
    status: Optional[str] = None, reason: Optional[str] = None, owner: object = _UNSET,
    review_date: object = _UNSET, evidence: object = _UNSET, expected_status: Optional[str] = None,
    now: Optional[datetime] = None,
) -> FollowUpDetail:
    """Change status (with reason when required), owner, review date or evidence; each change is dated and kept."""
    _check_roles(roles)
    rec = _require(session, recommendation_id)
    if expected_status is not None and rec.follow_up_status != expected_status:
        raise StatusConflict(N_("Someone changed this recommendation to “{status}” meanwhile. Check the timeline "
                                "and try again."), status=label(FOLLOW_UP_STATUSES, rec.follow_up_status))
    at = now or utcnow()
    before = audit.snapshot(rec)
    previous = {"owner": rec.owner, "review_date": rec.review_date, "evidence": rec.evidence}
    why = _clean(reason, "reason", TEXT_LIMIT)
    if status is not None and status != rec.follow_up_status:
        if status not in FOLLOW_UP_STATUSES:
            raise StatusValidationError(N_("Unknown status “{code}”. Choose one of: {choices}."), code=status,
                                        choices=", ".join(FOLLOW_UP_STATUSES.values()))
        if needs_reason(rec.follow_up_status, status) and not why:
            if status == "not_pursued":
                raise ValidationError("Say why the recommendation is not pursued: a reason is required.")
            raise StatusValidationError(N_("Say why the recommendation is moved back to “{status}”: a reason is "
                                           "required."), status=label(FOLLOW_UP_STATUSES, status))
        _event(session, rec, actor, "status", why, at, rec.follow_up_status, status)
        rec.follow_up_status, rec.status_changed_at, rec.status_reason = status, at, why
    elif why:
        raise ValidationError("A reason goes with a status change; to add a remark without one, post a comment.")
    if owner is not _UNSET:
        rec.owner = _clean(owner, "owner", OWNER_LIMIT)  # type: ignore[arg-type]
    if review_date is not _UNSET:
        if review_date is not None and not isinstance(review_date, date):
            raise ValidationError("The review date must be a date.")
        rec.review_date = review_date  # type: ignore[assignment]
    if evidence is not _UNSET:
        rec.evidence = _clean(evidence, "evidence", TEXT_LIMIT)  # type: ignore[arg-type]
    edits = _describe_edits(previous, rec)
    if edits:
        _event(session, rec, actor, "edit", "; ".join(edits), at)
    session.flush()
    after = audit.snapshot(rec)
    if after != before:
        audit.record(session, actor, "follow_up", ENTITY, rec.id, session_id=rec.session_id, before=before, after=after)
    return get_follow_up(session, rec.id, now=at)


def add_comment(session: Session, recommendation_id: int, *, actor: Actor, roles: Iterable[str], note: str,
                now: Optional[datetime] = None) -> None:
    """Add a dated comment to the recommendation's timeline (does not change its status)."""
    _check_roles(roles)
    rec = _require(session, recommendation_id)
    text = _clean(note, "comment", TEXT_LIMIT)
    if not text:
        raise ValidationError("The comment is empty.")
    at = now or utcnow()
    _event(session, rec, actor, "comment", text, at)
    session.flush()
    audit.record(session, actor, "comment", ENTITY, rec.id, session_id=rec.session_id, after={"note": text})


def list_timeline(session: Session, recommendation_id: int) -> list[TimelineEntry]:
    """Every follow-up event of a recommendation, newest first, with who made it."""
    stmt = (
        select(RecommendationEvent, User.display_name, User.username)
        .outerjoin(User, User.id == RecommendationEvent.changed_by_id)
        .where(RecommendationEvent.recommendation_id == recommendation_id)
        .order_by(RecommendationEvent.changed_at.desc(), RecommendationEvent.id.desc())
    )
    return [
        TimelineEntry(e.changed_at, display or username or "system", e.kind, e.from_status, e.to_status, e.note,
                      by_system=not (display or username))
        for e, display, username in session.execute(stmt)
    ]
