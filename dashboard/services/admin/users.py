"""User accounts, password checks with throttling, and server-side session revocation."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import LANGUAGES, ROLES
from db.models import LoginThrottle, User, utcnow

from dashboard.services.audit import Actor
from dashboard.i18n import N_
from dashboard.services.errors import DialogueDeskError, NotFound, ValidationError

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 8
# Checked against when the username is unknown, so that unknown and known usernames
# cost the same bcrypt work and response time reveals nothing.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt()).decode()


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    email: Optional[str]
    roles: tuple[str, ...]
    is_active: bool
    preferred_language: str
    person_id: Optional[int]
    sessions_valid_after: Optional[datetime]


_INFO_COLUMNS = (User.id, User.username, User.display_name, User.email, User.roles, User.is_active,
                 User.preferred_language, User.person_id, User.sessions_valid_after)


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        email=user.email,
        roles=tuple(user.roles or ()),
        is_active=user.is_active,
        preferred_language=user.preferred_language,
        person_id=user.person_id,
        sessions_valid_after=user.sessions_valid_after,
    )


def hash_password(password: str) -> str:
    """bcrypt hash of a password."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()


def normalize_username(username: str) -> str:
    """Usernames are case-insensitive: stored and compared lower-case."""
    return (username or "").strip().lower()


def _validate_roles(roles: list[str] | tuple[str, ...]) -> list[str]:
    roles = list(dict.fromkeys(r.strip().lower() for r in roles if r and r.strip()))
    if not roles:
        raise ValidationError("A user needs at least one role.")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValidationError("Unknown role {unknown}. Roles are: {roles}.", unknown=", ".join(unknown),
                              roles=", ".join(ROLES))
    return roles


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    roles: list[str] | tuple[str, ...],
    display_name: Optional[str] = None,
    email: Optional[str] = None,
    preferred_language: str = "en",
    person_id: Optional[int] = None,
) -> UserInfo:
    """Create an account; the password is stored as a bcrypt hash only."""
    name = normalize_username(username)
    if not USERNAME_RE.match(name):
        raise ValidationError(
            "Usernames are 2-64 characters: lower-case letters, digits, '.', '_' or '-'."
        )
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("Passwords need at least {minimum} characters.", minimum=MIN_PASSWORD_LENGTH)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError("The username '{username}' is already taken.", username=name)
    user = User(
        username=name,
        display_name=(display_name or name).strip(),
        email=(email or "").strip().lower() or None,
        password_hash=hash_password(password),
        roles=_validate_roles(roles),
        preferred_language=preferred_language,
        person_id=person_id,
    )
    session.add(user)
    session.flush()
    return _info(user)


def get_user(session: Session, username: str) -> Optional[UserInfo]:
    """The account for a username, or None."""
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    return _info(user) if user else None


def get_current_user(session: Session, username: str, login_at: datetime) -> Optional[UserInfo]:
    """The account behind a login made at `login_at`, or None once that login has ended (one query).

    Every page run and every live refresh asks this, so it reads plain columns (no ORM object).
    """
    row = session.execute(select(*_INFO_COLUMNS).where(User.username == normalize_username(username),
                                                       User.is_guest.is_(False))).first()
    if row is None or not row.is_active:
        return None
    if login_at.tzinfo is None:
        login_at = login_at.replace(tzinfo=timezone.utc)
    valid_after = row.sessions_valid_after
    if valid_after is not None and valid_after.tzinfo is None:
        valid_after = valid_after.replace(tzinfo=timezone.utc)  # SQLite hands back naive UTC
    if valid_after is not None and login_at < valid_after:
        return None
    return UserInfo(row.id, row.username, row.display_name, row.email, tuple(row.roles or ()), row.is_active,
                    row.preferred_language, row.person_id, valid_after)


def list_users(session: Session) -> list[UserInfo]:
    """All accounts, by username (not the participant accounts join links make for themselves)."""
    return [_info(u) for u in session.scalars(select(User).where(User.is_guest.is_(False)).order_by(User.username))]


def credentials_for_authenticator(session: Session) -> dict:
    """The credentials dict streamlit-authenticator expects, built from active accounts."""
    users = session.scalars(select(User).where(User.is_active.is_(True), User.is_guest.is_(False)))
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "email": u.email or "",
                "password": u.password_hash,
                "roles": list(u.roles or []),
            }
            for u in users
        }
    }


def _require(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise NotFound("No user named '{username}'.", username=username)
    return user


def update_user(
    session: Session,
    username: str,
    *,
    display_name: Optional[str] = None,
    email: Optional[str] = None,
    roles: Optional[list[str]] = None,
    is_active: Optional[bool] = None,
    preferred_language: Optional[str] = None,
    person_id: Optional[int] = None,
    actor: Optional[Actor] = None,
) -> UserInfo:
    """Change an account; deactivating or changing roles also ends its open sessions.

    Refused: an admin (`actor`) removing their own admin role or deactivating themselves, and
    any change that would leave no active admin.
    """
    user = _require(session, username)
    _check_admin_kept(session, user, roles=roles, is_active=is_active, actor=actor)
    if display_name is not None:
        if not display_name.strip():
            raise ValidationError("The display name cannot be empty.")
        user.display_name = display_name.strip()
    if email is not None:
        user.email = email.strip().lower() or None
    if preferred_language is not None:
        user.preferred_language = preferred_language
    if person_id is not None:
        user.person_id = person_id
    revoke = False
    if roles is not None:
        new_roles = _validate_roles(roles)
        revoke = set(new_roles) != set(user.roles or [])
        user.roles = new_roles
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        revoke = revoke or not is_active
    if revoke:
        user.sessions_valid_after = utcnow()
    session.flush()
    return _info(user)


def _check_admin_kept(session: Session, user: User, *, roles: Optional[list[str]], is_active: Optional[bool],
                      actor: Optional[Actor]) -> None:
    loses_admin = roles is not None and "admin" in (user.roles or []) and "admin" not in roles
    deactivated = is_active is False and user.is_active
    if actor is not None and actor.user_id == user.id:
        if deactivated:
            raise ValidationError("You cannot deactivate your own account: ask another admin to do it.")
        if loses_admin:
            raise ValidationError("You cannot remove your own admin role: ask another admin to do it.")
    if (loses_admin or deactivated) and user.is_active and "admin" in (user.roles or []):
        others = session.scalars(select(User).where(User.is_active.is_(True), User.id != user.id))
        if not any("admin" in (u.roles or []) for u in others):
            raise ValidationError("'{username}' is the last active admin: give another account the admin "
                                  "role first, so that someone can still manage users.", username=user.username)


def set_password(session: Session, username: str, password: str) -> None:
    """Replace a password; every login made with the old one stops working."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("Passwords need at least {minimum} characters.", minimum=MIN_PASSWORD_LENGTH)
    user = _require(session, username)
    user.password_hash = hash_password(password)
    user.sessions_valid_after = utcnow()
    session.flush()


def revoke_sessions(session: Session, username: str, at: Optional[datetime] = None) -> None:
    """Refuse every login cookie issued before `at` (default: now) for this user."""
    user = _require(session, username)
    user.sessions_valid_after = at or utcnow()
    session.flush()


# --- login checks with throttling ----------------------------------------------------------


DEACTIVATED = N_("This account is deactivated. Ask an administrator if you need it again.")
THROTTLED = N_("Too many failed login attempts. Try again in {seconds} seconds.")
THROTTLED_ONE = N_("Too many failed login attempts. Try again in 1 second.")


class AccountDeactivated(DialogueDeskError):
    """The password was right but the account is deactivated (said only after a correct password)."""

    def __init__(self) -> None:
        super().__init__(DEACTIVATED)


class LoginThrottled(DialogueDeskError):
    """Too many failed attempts for this username; the message says how long to wait."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        if seconds == 1:
            super().__init__(THROTTLED_ONE)
        else:
            super().__init__(THROTTLED, seconds=seconds)


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    lockout_seconds: int = 30
    lockout_max_seconds: int = 900


def check_password(
    session: Session, username: str, password: str, *, policy: ThrottlePolicy = ThrottlePolicy(),
    now: Optional[datetime] = None,
) -> bool:
    """True when the password is right for an active user; counts failures, may lock out.

    Unknown usernames cost the same bcrypt check as known ones. Raises LoginThrottled while
    the username is locked out, before any password check, and AccountDeactivated when the
    password is right for a deactivated account (a wrong one gets the usual False).
    """
    now = now or utcnow()
    name = normalize_username(username)
    throttle = session.get(LoginThrottle, name) if name else None
    if throttle and throttle.locked_until and throttle.locked_until > now:
        raise LoginThrottled(max(1, int((throttle.locked_until - now).total_seconds() + 0.999)))
    user = session.scalar(select(User).where(User.username == name)) if name else None
    stored = user.password_hash if user else _DUMMY_HASH
    try:
        ok = bcrypt.checkpw((password or "").encode("utf-8"), stored.encode("utf-8"))
    except ValueError:
        ok = False
    ok = ok and user is not None
    if not name:
        return False
    if ok and not user.is_active:
        raise AccountDeactivated()
    if ok:
        if throttle is not None:
            throttle.failed_count = 0
            throttle.locked_until = None
        session.flush()
        return True
    if throttle is None:
        throttle = LoginThrottle(username=name, failed_count=0)
        session.add(throttle)
    # Failures long ago do not count towards a new lockout.
    if throttle.last_failed_at and now - throttle.last_failed_at > timedelta(seconds=policy.lockout_max_seconds):
        throttle.failed_count = 0
    throttle.failed_count = (throttle.failed_count or 0) + 1
    throttle.last_failed_at = now
    over = throttle.failed_count - policy.max_failures
    if over >= 0:
        seconds = min(policy.lockout_seconds * (2 ** over), policy.lockout_max_seconds)
        throttle.locked_until = now + timedelta(seconds=seconds)
    session.flush()
    return False


def token_is_current(session: Session, username: str, issued_at: datetime) -> bool:
    """A login (cookie or live session) is current if its user is active and it post-dates revocation."""
    return get_current_user(session, username, issued_at) is not None


def set_preferred_language(session: Session, user_id: int, language: str) -> None:
    """Remember the interface language an account chose (one of the six UN languages)."""
    if language not in LANGUAGES:
        raise ValidationError("Unknown language {language}: choose one of {choices}.", language=repr(language),
                              choices=", ".join(LANGUAGES))
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("That account no longer exists.")
    user.preferred_language = language
    session.flush()
