"""What each reader may see of a session's outcomes.

- Participants: the latest published revision of sessions they are registered for
  (User.person_id -> Attendance) or that they opened with that session's current share code.
- Leadership, moderators, admins: the latest published revision of any session.
- Staff reports (moderators, admins, the command line) use the live working state instead.
Nobody reads a draft through this module: a session without a Publication is invisible.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Optional

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import Attendance, DialogueSession, JoinLink, Person, Publication, ShareAccess, User, utcnow

from dashboard.i18n import N_
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import NotFound, ValidationError
from dashboard.services.outcomes.document import OutcomeDocument, read_document
from dashboard.services.outcomes.snapshot import build_snapshot, follow_up
from dashboard.services.outcomes.publication import latest_publication, list_publications, normalize_share_code

READ_ALL_ROLES = ("admin", "moderator", "leadership")
NOT_AVAILABLE = N_("These outcomes are not available to you. Outcomes appear here once a session you took part in "
                   "is published; for another session, ask the organisers for its share code.")
BAD_CODE = N_("No published session matches this code. Check it with the organisers (codes look like ABCD-EFGH).")


@dataclass(frozen=True)
class VisibleSession:
    id: int
    title: str
    series_number: Optional[int]
    scheduled_start: Optional[datetime]
    revision: int
    published_at: datetime
    access: str  # "registered" | "share code" | "staff"

    @property
    def label(self) -> str:
        number = f"#{self.series_number} " if self.series_number else ""
        return f"{number}{self.title}"


def _reads_all(roles: Iterable[str]) -> bool:
    return bool(set(roles) & set(READ_ALL_ROLES))


def _same_person(session: Session, user_id: int) -> Optional[tuple[Optional[int], Any]]:
    """(the account's linked person id, a condition matching its Person rows); None when nothing can match."""
    account = session.execute(select(User.person_id, User.email).where(User.id == user_id)).first()
    if account is None:
        return None
    # Registration lists identify people by email: an account with the same email is that
    # person, even before an admin links the account to the person record.
    same_person = [Person.id == account.person_id] if account.person_id is not None else []
    if account.email:
        same_person.append(func.lower(Person.email) == account.email.lower())
    return (account.person_id, or_(*same_person)) if same_person else None


def sessions_of_account(session: Session, *, user_id: int) -> tuple[set[int], set[int]]:
    """The sessions an account is registered for, and those it opened with a still-current share code or join link."""
    registered: set[int] = set()
    found = _same_person(session, user_id)
    if found is not None:
        registered = set(session.scalars(
            select(Attendance.session_id).join(Person, Person.id == Attendance.person_id).where(found[1])
        ))
    shared = set(session.scalars(
        select(ShareAccess.session_id).join(DialogueSession, DialogueSession.id == ShareAccess.session_id)
        .where(ShareAccess.user_id == user_id, ShareAccess.code == DialogueSession.share_code)
    ))
    # A still-valid join link opens its session too (a share-code join has no registration row).
    shared |= set(session.scalars(select(JoinLink.session_id).where(JoinLink.user_id == user_id,
                                                                    JoinLink.revoked_at.is_(None))))
    return registered, shared


def registration_of_account(session: Session, *, user_id: int, session_id: int) -> Optional[tuple[int, str]]:
    """(person id, registered stakeholder group) of this account in the session; None when not registered.

    The person linked to the account wins over another registration with the same email.
    """
    found = _same_person(session, user_id)
    if found is None:
        return None
    linked, condition = found
    rows = session.execute(
        select(Attendance.person_id, Attendance.stakeholder_type).join(Person, Person.id == Attendance.person_id)
        .where(Attendance.session_id == session_id, condition).order_by(Attendance.id)
    ).all()
    rows.sort(key=lambda row: row.person_id != linked)
    return (rows[0].person_id, rows[0].stakeholder_type) if rows else None


def list_visible_sessions(session: Session, *, user_id: int, roles: Iterable[str]) -> list[VisibleSession]:
    """Published sessions this user may read, newest first, with their latest revision."""
    latest = (select(Publication.session_id, func.max(Publication.revision).label("revision"),
                     func.max(Publication.published_at).label("published_at"))
              .group_by(Publication.session_id).subquery())
    stmt = select(DialogueSession, latest.c.revision, latest.c.published_at).join(
        latest, latest.c.session_id == DialogueSession.id)
    registered, shared = sessions_of_account(session, user_id=user_id)
    if not _reads_all(roles):
        stmt = stmt.where(DialogueSession.id.in_(registered | shared))
    stmt = stmt.order_by(DialogueSession.scheduled_start.desc().nulls_last(), DialogueSession.id.desc())
    out = []
    for ds, revision, published_at in session.execute(stmt):
        access = "registered" if ds.id in registered else "share code" if ds.id in shared else "staff"
        out.append(VisibleSession(ds.id, ds.title, ds.series_number, ds.scheduled_start, revision, published_at, access))
    return out


def may_read(session: Session, *, user_id: int, roles: Iterable[str], session_id: int) -> bool:
    """True when this user may read the published outcomes of this session."""
    return any(v.id == session_id for v in list_visible_sessions(session, user_id=user_id, roles=roles))


def open_with_share_code(session: Session, *, user_id: int, code: str) -> int:
    """Grant this user access to the published session whose current share code this is; its id."""
    normalized = normalize_share_code(code)
    if not normalized:
        raise ValidationError("Type the share code you were given (for example ABCD-EFGH).")
    ds = session.scalars(select(DialogueSession).where(DialogueSession.share_code == normalized)).first()
    published = ds is not None and session.scalar(
        select(func.count()).select_from(Publication).where(Publication.session_id == ds.id))
    if not published:
        raise NotFound(BAD_CODE)
    grant = session.scalars(select(ShareAccess).where(
        and_(ShareAccess.session_id == ds.id, ShareAccess.user_id == user_id))).first()
    if grant is None:
        session.add(ShareAccess(session_id=ds.id, user_id=user_id, code=normalized))
    else:
        grant.code, grant.granted_at = normalized, utcnow()
    session.flush()
    username = session.scalar(select(User.username).where(User.id == user_id)) or f"user {user_id}"
    audit.record(session, Actor(user_id, username), "share_open", "session", ds.id, session_id=ds.id,
                 note="opened the published outcomes with the share code")
    return ds.id


def _revisions(session: Session, session_id: int) -> list[dict[str, Any]]:
    return [{"revision": p.revision, "published_at": p.published_at.isoformat(), "reason": p.reason}
            for p in list_publications(session, session_id)]


HELD_STATUSES = ("closed", "published")


def session_held(status: str, scheduled_start: Optional[datetime], duration_minutes: Optional[int],
                 *, now: Optional[datetime] = None) -> bool:
    """True once the session took place: it was closed or published, or its scheduled end has passed."""
    if status in HELD_STATUSES:
        return True
    if scheduled_start is None:
        return False
    return scheduled_start + timedelta(minutes=duration_minutes or 0) <= (now or utcnow())


def _session_now(session: Session, facts: dict[str, Any]) -> dict[str, Any]:
    """The session facts with what may change after publishing: status, held, ITU document reference."""
    ds = session.get(DialogueSession, facts.get("id"))
    if ds is None:
        return facts
    # Read live, like follow-up: a reference ITU assigns after publishing reaches the published report.
    return {**facts, "status": ds.status, "document_reference": ds.document_reference,
            "held": session_held(ds.status, ds.scheduled_start, ds.duration_minutes)}


def _overlay(session: Session, doc: OutcomeDocument, *, staff: bool) -> OutcomeDocument:
    """The document with the session's live facts and each recommendation's current follow-up state added."""
    states = follow_up(session, [r["id"] for r in doc.get("recommendations", [])], staff=staff)
    doc = OutcomeDocument(**doc)
    doc["session"] = _session_now(session, doc.get("session", {}))  # type: ignore[typeddict-item]
    doc["recommendations"] = [{**r, "follow_up": states.get(r["id"])} for r in doc.get("recommendations", [])]
    return doc


def published_document(session: Session, session_id: int) -> Optional[OutcomeDocument]:
    """The latest published revision with live follow-up status; None when never published."""
    found = latest_publication(session, session_id)
    if found is None:
        return None
    info, snapshot = found
    doc = _overlay(session, read_document(snapshot), staff=False)
    doc["publication"] = {"revision": info.revision, "published_at": info.published_at.isoformat(),
                          "reason": info.reason}
    doc["revisions"] = _revisions(session, session_id)
    return doc


def get_published_view(session: Session, *, user_id: int, roles: Iterable[str], session_id: int) -> OutcomeDocument:
    """The published outcomes of one session for this reader; NotFound unless they may read them."""
    roles = tuple(roles)
    if not may_read(session, user_id=user_id, roles=roles, session_id=session_id):
        raise NotFound(NOT_AVAILABLE)
    doc = published_document(session, session_id)
    if doc is None:
        raise NotFound(NOT_AVAILABLE)
    return doc


def report_document(session: Session, session_id: int, *, audience: str) -> OutcomeDocument:
    """The document a report is rendered from: published for participants, working state for staff."""
    if audience == "participant":
        doc = published_document(session, session_id)
        if doc is None:
            raise NotFound("Session {session_id} has not been published yet, so there is no participant "
                           "version. Publish it first, or export the staff version.", session_id=session_id)
        return doc
    doc = _overlay(session, read_document(build_snapshot(session, session_id, audience="staff")), staff=True)
    latest = latest_publication(session, session_id)
    doc["publication"] = None
    doc["latest_published_revision"] = latest[0].revision if latest else None
    doc["revisions"] = _revisions(session, session_id)
    return doc


def preview_document(session: Session, session_id: int, *, takeaway_ids: Optional[Iterable[int]] = None,
                     recommendation_ids: Optional[Iterable[int]] = None) -> OutcomeDocument:
    """What participants would read if the session were published now with these items (staff only)."""
    doc = _overlay(session, read_document(build_snapshot(
        session, session_id, audience="participant", takeaway_ids=takeaway_ids,
        recommendation_ids=recommendation_ids)), staff=False)
    doc["publication"] = None
    doc["revisions"] = _revisions(session, session_id)
    return doc
