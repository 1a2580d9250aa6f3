"""Closing, reopening and publishing a session; its share code.

A publication is a frozen snapshot (revision 1, 2, ...) of what participants may read.
Participants always read the latest revision; drafts never leave the staff pages.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import DialogueSession, JoinLink, Publication, User, utcnow

from dashboard.i18n import N_
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, ValidationError
from dashboard.services.live.clock import stop_clock
from dashboard.services.records import require_session
from dashboard.services.outcomes.snapshot import build_snapshot

PUBLISHABLE = ("closed", "published")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud in calls
_CODE_LENGTH = 8
# Why a session cannot be reopened, per status that is not closed (a whole sentence each).
_NOT_REOPENABLE = {
    "draft": N_("Only a closed session can be reopened; this one is draft."),
    "live": N_("Only a closed session can be reopened; this one is live."),
}


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    session_id: int
    revision: int
    reason: Optional[str]
    published_at: datetime
    published_by: Optional[str]
    takeaways: int
    recommendations: int


@dataclass(frozen=True)
class PublishState:
    session_id: int
    status: str
    closed_at: Optional[datetime]
    chatham_house: bool
    share_code: Optional[str]  # formatted for reading ("ABCD-EFGH")
    publications: tuple[PublicationInfo, ...]  # oldest first

    @property
    def latest(self) -> Optional[PublicationInfo]:
        return self.publications[-1] if self.publications else None

    @property
    def can_publish(self) -> bool:
        return self.status in PUBLISHABLE


def _info(pub: Publication, username: Optional[str]) -> PublicationInfo:
    snap = pub.snapshot or {}
    takeaways = len(snap.get("session_takeaways", [])) + sum(len(p.get("takeaways", [])) for p in snap.get("parts", []))
    return PublicationInfo(pub.id, pub.session_id, pub.revision, pub.reason, pub.published_at, username,
                           takeaways, len(snap.get("recommendations", [])))


def list_publications(session: Session, session_id: int) -> list[PublicationInfo]:
    """Every published revision of a session, oldest first."""
    rows = session.execute(
        select(Publication, User.username).outerjoin(User, User.id == Publication.published_by_id)
        .where(Publication.session_id == session_id).order_by(Publication.revision)
    ).all()
    return [_info(pub, username) for pub, username in rows]


def latest_publication(session: Session, session_id: int) -> Optional[tuple[PublicationInfo, dict[str, Any]]]:
    """The latest published revision and its snapshot, or None when never published."""
    row = session.execute(
        select(Publication, User.username).outerjoin(User, User.id == Publication.published_by_id)
        .where(Publication.session_id == session_id).order_by(Publication.revision.desc()).limit(1)
    ).first()
    if row is None:
        return None
    pub, username = row
    return _info(pub, username), dict(pub.snapshot)


def format_share_code(code: Optional[str]) -> Optional[str]:
    """'ABCDEFGH' -> 'ABCD-EFGH' for reading aloud."""
    if not code:
        return None
    return f"{code[:4]}-{code[4:]}" if len(code) == _CODE_LENGTH else code


def normalize_share_code(text: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def get_publish_state(session: Session, session_id: int) -> PublishState:
    """Status, share code and publication history of a session."""
    ds = require_session(session, session_id)
    return PublishState(ds.id, ds.status, ds.closed_at, ds.chatham_house, format_share_code(ds.share_code),
                        tuple(list_publications(session, session_id)))


def _iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value else None


def _set_status(session: Session, ds: DialogueSession, status: str, actor: Actor, action: str,
                note: Optional[str] = None) -> None:
    before = {"status": ds.status, "closed_at": _iso(ds.closed_at)}
    ds.status = status
    if status == "closed":
        ds.closed_at = utcnow()
    elif status == "live":
        ds.closed_at = None
    session.flush()
    audit.record(session, actor, action, "session", ds.id, session_id=ds.id, before=before,
                 after={"status": ds.status, "closed_at": _iso(ds.closed_at)}, note=note)


def close_session(session: Session, session_id: int, *, actor: Actor) -> None:
    """End the dialogue: no more captures until a moderator reopens it."""
    ds = require_session(session, session_id)
    if ds.status in PUBLISHABLE:
        raise Conflict("This session is already closed.")
    stop_clock(session, session_id=ds.id, actor=actor)
    _set_status(session, ds, "closed", actor, "close")


def reopen_session(session: Session, session_id: int, *, actor: Actor, reason: str) -> None:
    """Reopen a closed or published session for captures; the reason goes to the audit log."""
    ds = require_session(session, session_id)
    if ds.status not in PUBLISHABLE:
        raise Conflict(_NOT_REOPENABLE.get(ds.status, _NOT_REOPENABLE["live"]))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for reopening the session (it is kept in the audit log).")
    _set_status(session, ds, "live", actor, "reopen", note=reason)


def publish_session(session: Session, session_id: int, *, actor: Actor, reason: Optional[str] = None,
                    takeaway_ids: Optional[Iterable[int]] = None,
                    recommendation_ids: Optional[Iterable[int]] = None) -> PublicationInfo:
    """Freeze the chosen takeaways and recommendations (None = all current ones) as the next revision."""
    ds = require_session(session, session_id)
    if ds.status not in PUBLISHABLE:
        raise Conflict("Close the session before publishing: participants only ever see the outcome of a "
                       "finished dialogue.")
    last = session.scalar(select(func.max(Publication.revision)).where(Publication.session_id == session_id)) or 0
    reason = (reason or "").strip() or None
    if last and not reason:
        raise ValidationError("Say what changed: participants see an “Updated on …” note with this reason.")
    snapshot = build_snapshot(session, session_id, audience="participant", takeaway_ids=takeaway_ids,
                              recommendation_ids=recommendation_ids)
    pub = Publication(session_id=session_id, revision=last + 1, reason=reason, snapshot=snapshot,
                      published_by_id=actor.user_id, published_at=utcnow())
    session.add(pub)
    before_status = ds.status
    ds.status = "published"
    session.flush()
    info = _info(pub, actor.username if actor.user_id else None)
    audit.record(session, actor, "publish", "session", ds.id, session_id=ds.id,
                 before={"status": before_status, "revision": last or None},
                 after={"status": ds.status, "revision": pub.revision,
                        "takeaways": info.takeaways, "recommendations": [r["id"] for r in snapshot["recommendations"]]},
                 note=reason)
    return info


def _end_share_code_joins(session: Session, session_id: int) -> None:
    """Whoever joined the live dialogue with the old code is signed out (personal links stay)."""
    session.execute(update(JoinLink).where(JoinLink.session_id == session_id, JoinLink.declared_group.is_not(None),
                                           JoinLink.revoked_at.is_(None)).values(revoked_at=utcnow())
                    .execution_options(synchronize_session=False))


def regenerate_share_code(session: Session, session_id: int, *, actor: Actor) -> str:
    """A new share code; whoever came in with the old one loses access. Returns it formatted."""
    ds = require_session(session, session_id)
    before = ds.share_code
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if session.scalar(select(DialogueSession.id).where(DialogueSession.share_code == code)) is None:
            break
    ds.share_code = code
    _end_share_code_joins(session, ds.id)
    session.flush()
    # The code itself is a secret: the audit says that it changed, not what it is.
    audit.record(session, actor, "share_code", "session", ds.id, session_id=ds.id,
                 before={"share_code": bool(before)}, after={"share_code": True}, note="share code regenerated")
    return format_share_code(code) or code


def clear_share_code(session: Session, session_id: int, *, actor: Actor) -> None:
    """Remove the share code: only registered participants keep access."""
    ds = require_session(session, session_id)
    if ds.share_code is None:
        return
    ds.share_code = None
    _end_share_code_joins(session, ds.id)
    session.flush()
    audit.record(session, actor, "share_code", "session", ds.id, session_id=ds.id,
                 before={"share_code": True}, after={"share_code": False}, note="share code cleared")
