"""User accounts, password checks with throttling, and server-side session revocation."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

import bcrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import ROLES
from db.models import LoginThrottle, User, utcnow

from dashboard.services.errors import NotFound, ValidationError

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
        raise ValidationError(
            f"Unknown role {', '.join(unknown)}. Roles are: {', '.join(ROLES)}."
        )
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
        raise ValidationError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(f"The username '{name}' is already taken.")
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


def list_users(session: Session) -> list[UserInfo]:
    """All accounts, by username."""
    return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def credentials_for_authenticator(session: Session) -> dict:
    """The credentials dict streamlit-authenticator expects, built from active accounts."""
    users = session.scalars(select(User).where(User.is_active.is_(True)))
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
        raise NotFound(f"No user named '{username}'.")
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
) -> UserInfo:
    """Change an account; deactivating or changing roles also ends its open sessions."""
    user = _require(session, username)
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


def set_password(session: Session, username: str, password: str) -> None:
    """Replace a password; every login made with the old one stops working."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    user = _require(session, username)
    user.password_hash = hash_password(password)
    user.sessions_valid_after = utcnow()
    session.flush()


def revoke_sessions(session: Session, username: str, at: Optional[datetime] = None) -> None:
    """Refuse every login cookie issued before `at` (default: now) for this user."""
    user = _require(session, username)
    user.sessions_valid_after = at or utcnow()
    session.flush()


def count_admins(session: Session) -> int:
    """How many active accounts hold the admin role."""
    return sum(1 for u in session.scalars(select(User).where(User.is_active.is_(True))) if "admin" in (u.roles or []))


# --- login checks with throttling ----------------------------------------------------------


class LoginThrottled(Exception):
    """Too many failed attempts for this username; the message says how long to wait."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            f"Too many failed login attempts. Try again in {seconds} second{'s' if seconds != 1 else ''}."
        )


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
    the username is locked out, before any password check.
    """
    now = now or utcnow()
    name = normalize_username(username)
    throttle = session.get(LoginThrottle, name) if name else None
    if throttle and throttle.locked_until and throttle.locked_until > now:
        raise LoginThrottled(max(1, int((throttle.locked_until - now).total_seconds() + 0.999)))
    user = session.scalar(select(User).where(User.username == name)) if name else None
    stored = user.password_hash if (user and user.is_active) else _DUMMY_HASH
    try:
        ok = bcrypt.checkpw((password or "").encode("utf-8"), stored.encode("utf-8"))
    except ValueError:
        ok = False
    ok = ok and user is not None and user.is_active
    if not name:
        return False
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
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None or not user.is_active:
        return False
    if user.sessions_valid_after is None:
        return True
    if issued_at.tzinfo is None:
        issued_at = issued_at.replace(tzinfo=timezone.utc)
    return issued_at >= user.sessions_valid_after


def count_users(session: Session) -> int:
    """Number of accounts."""
    return session.scalar(select(func.count(User.id))) or 0
