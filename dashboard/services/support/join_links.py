"""Join links: a participant opens one session from their own device without a password.

- **Personal links**, one per registration row, made by the moderators and sent by the
  secretariat (CSV). Whoever opens one counts in the registered person's stakeholder group.
- **Share-code joins**: someone with the session's share code declares their group; their
  browser gets a link of its own, and everything they answer is labelled "self-declared".

A token is 32 random URL-safe characters (192 bits) and opens its own session only: it signs in
as a participant account made for that link alone (no password, participant role, never listed
as a user). Every run re-reads the link, so revoking or regenerating it ends it at the holder's
next click. Making, revoking and regenerating links is audited; tokens are never written to the
audit trail.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Optional
from urllib.parse import urlencode

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import Attendance, DialogueSession, JoinLink, Person, User, utcnow

from dashboard.i18n import N_
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from dashboard.services.outcomes.publication import normalize_share_code

TOKEN_BYTES = 24  # 32 URL-safe characters
JOIN_PAGE = "follow"
NOT_VALID = N_("This join link does not work (any more): it may have been replaced or withdrawn. "
               "Ask the organisers for your current link.")
JOINABLE_STATUSES = ("draft", "live")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True)
class LinkRow:
    id: int
    attendance_id: int
    name: str
    organization: Optional[str]
    email: Optional[str]
    stakeholder_type: str
    is_youth: bool
    token: str
    created_at: datetime
    last_used_at: Optional[datetime]

    @property
    def group(self) -> str:
        return STAKEHOLDER_TYPES.get(self.stakeholder_type, self.stakeholder_type)


@dataclass(frozen=True)
class JoinedUser:
    """The account a valid link signs in as, read on every run (plain columns)."""

    user_id: int
    username: str
    display_name: str
    person_id: Optional[int]
    session_id: int
    declared_group: Optional[str]


def join_url(base_url: str, token: str) -> str:
    """The address to send: the app's base address, the participants' live page, the token."""
    return f"{base_url.rstrip('/')}/{JOIN_PAGE}?{urlencode({'join': token})}"


def _session(session: Session, session_id: int) -> DialogueSession:
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    return ds


def _active(session: Session, session_id: int):
    return select(JoinLink).where(JoinLink.session_id == session_id, JoinLink.attendance_id.is_not(None),
                                  JoinLink.revoked_at.is_(None))


def make_links(session: Session, *, session_id: int, actor: Actor, regenerate: bool = False) -> int:
    """A personal link for every registration that has none (all new ones when `regenerate`); how many made."""
    ds = _session(session, session_id)
    if ds.status == "published":
        raise Conflict("“{title}” is published: its live dialogue is over, so join links are of no use.",
                       title=ds.title)
    now = utcnow()
    revoked = 0
    if regenerate:
        revoked = session.execute(
            update(JoinLink).where(JoinLink.session_id == session_id, JoinLink.attendance_id.is_not(None),
                                   JoinLink.revoked_at.is_(None)).values(revoked_at=now)
            .execution_options(synchronize_session=False)).rowcount or 0
    have = set(session.scalars(_active(session, session_id).with_only_columns(JoinLink.attendance_id)))
    registrations = session.scalars(select(Attendance.id).where(Attendance.session_id == session_id)
                                    .order_by(Attendance.id)).all()
    if not registrations:
        raise ValidationError("Nobody is registered for this session yet: import the registration list first "
                              "(Prepare → Participants).")
    made = 0
    for attendance_id in registrations:
        if attendance_id in have:
            continue
        session.add(JoinLink(session_id=session_id, attendance_id=attendance_id, token=new_token(),
                             created_by_id=actor.user_id, created_at=now))
        made += 1
    session.flush()
    audit.record(session, actor, "regenerate" if regenerate else "create", "join_links", None,
                 session_id=session_id, after={"made": made, "revoked": revoked})
    return made


def revoke_link(session: Session, *, session_id: int, link_id: int, actor: Actor) -> None:
    """Withdraw one link: its holder is signed out at their next click."""
    link = session.get(JoinLink, link_id)
    if link is None or link.session_id != session_id:
        raise NotFound("That join link is not part of this session.")
    if link.revoked_at is not None:
        raise Conflict("That join link was already withdrawn: nothing was changed.")
    link.revoked_at = utcnow()
    session.flush()
    audit.record(session, actor, "revoke", "join_link", link.id, session_id=session_id,
                 note=f"registration {link.attendance_id}" if link.attendance_id else "share-code join")


def replace_link(session: Session, *, session_id: int, link_id: int, actor: Actor) -> int:
    """Withdraw one personal link and make a new one for the same registration; the new link's id."""
    link = session.get(JoinLink, link_id)
    if link is None or link.session_id != session_id or link.attendance_id is None:
        raise NotFound("That join link is not part of this session.")
    revoke_link(session, session_id=session_id, link_id=link_id, actor=actor)
    fresh = JoinLink(session_id=session_id, attendance_id=link.attendance_id, token=new_token(),
                     created_by_id=actor.user_id)
    session.add(fresh)
    session.flush()
    audit.record(session, actor, "create", "join_link", fresh.id, session_id=session_id,
                 note=f"registration {link.attendance_id}")
    return fresh.id


def list_links(session: Session, *, session_id: int) -> list[LinkRow]:
    """The session's current personal links, by registration (staff only: names and tokens)."""
    stmt = (select(JoinLink.id, JoinLink.attendance_id, Person.name, Person.organization, Person.email,
                   Attendance.stakeholder_type, Person.is_youth, JoinLink.token, JoinLink.created_at,
                   JoinLink.last_used_at)
            .join(Attendance, Attendance.id == JoinLink.attendance_id)
            .join(Person, Person.id == Attendance.person_id)
            .where(JoinLink.session_id == session_id, JoinLink.revoked_at.is_(None))
            .order_by(Person.name, JoinLink.id))
    return [LinkRow(*row) for row in session.execute(stmt)]


def _guest(session: Session, *, display_name: str, person_id: Optional[int]) -> User:
    user = User(username=f"guest-{secrets.token_hex(8)}", display_name=display_name, email=None,
                password_hash="!", roles=["participant"], preferred_language="en", is_active=True, is_guest=True,
                person_id=person_id)
    session.add(user)
    session.flush()
    return user


def redeem(session: Session, token: str) -> JoinedUser:
    """Sign in with a link: its participant account (made on first use); PermissionDenied when not valid."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise PermissionDenied(NOT_VALID)
    link = session.scalar(select(JoinLink).where(JoinLink.token == token))
    if link is None or link.revoked_at is not None:
        raise PermissionDenied(NOT_VALID)
    ds = session.get(DialogueSession, link.session_id)
    if ds is None:
        raise PermissionDenied(NOT_VALID)
    if link.user_id is None or session.get(User, link.user_id) is None:
        person = None
        if link.attendance_id is not None:
            person = session.scalar(select(Person).join(Attendance, Attendance.person_id == Person.id)
                                    .where(Attendance.id == link.attendance_id))
        name = person.name if person is not None else "Participant (self-declared)"
        link.user_id = _guest(session, display_name=name, person_id=person.id if person else None).id
    link.last_used_at = utcnow()
    session.flush()
    found = joined_user(session, token)
    if found is None:  # pragma: no cover - just made
        raise PermissionDenied(NOT_VALID)
    return found


def joined_user(session: Session, token: str) -> Optional[JoinedUser]:
    """The account behind a still-valid link (one query, every run); None once withdrawn."""
    row = session.execute(
        select(User.id, User.username, User.display_name, User.person_id, JoinLink.session_id,
               JoinLink.declared_group)
        .join(User, User.id == JoinLink.user_id)
        .where(JoinLink.token == token, JoinLink.revoked_at.is_(None), User.is_active.is_(True))).first()
    return JoinedUser(*row) if row is not None else None


def join_with_share_code(session: Session, *, code: str, declared_group: Optional[str]) -> tuple[str, int]:
    """Admit someone by the session's share code with the group they declare; (their token, session id)."""
    cleaned = normalize_share_code(code)
    if declared_group not in STAKEHOLDER_TYPES:
        raise ValidationError("Choose the stakeholder group you belong to.")
    ds = session.scalar(select(DialogueSession).where(DialogueSession.share_code == cleaned)) if cleaned else None
    if ds is None or ds.status not in JOINABLE_STATUSES:
        raise PermissionDenied("That share code does not open a dialogue that is on. Check the code with the "
                               "organisers.")
    link = JoinLink(session_id=ds.id, attendance_id=None, declared_group=declared_group, token=new_token())
    session.add(link)
    session.flush()
    audit.record(session, Actor(None, "share code"), "create", "join_link", link.id, session_id=ds.id,
                 note=f"self-declared: {declared_group}")
    redeem(session, link.token)  # its participant account, so the browser is signed in at once
    return link.token, ds.id


def joined_sessions(session: Session, *, user_id: int) -> set[int]:
    """Sessions this account holds a valid link to."""
    return set(session.scalars(select(JoinLink.session_id).where(JoinLink.user_id == user_id,
                                                                 JoinLink.revoked_at.is_(None))))


def declared_group(session: Session, *, user_id: int, session_id: int) -> Optional[str]:
    """The group declared with a share-code join to this session, if that is how this account came in."""
    return session.scalar(select(JoinLink.declared_group).where(
        JoinLink.user_id == user_id, JoinLink.session_id == session_id, JoinLink.revoked_at.is_(None),
        JoinLink.declared_group.is_not(None)).order_by(JoinLink.id.desc()).limit(1))
