"""Accounts, login throttling, share-code grants and the audit trail."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.sql.expression import false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:  # only for the annotation; the mapper resolves "Person" by name
    from .sessions import Person


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[Optional[str]] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(default=list)
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Made by a join link, for that link only: no password, participant role only, not listed as a user.
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Tokens issued before this moment are refused (set on logout and password change).
    sessions_valid_after: Mapped[Optional[datetime]] = mapped_column()
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    person: Mapped[Optional["Person"]] = relationship()


class LoginThrottle(Base):
    """Failed-login bookkeeping per username, shared by every replica through the database."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[Optional[datetime]] = mapped_column()
    locked_until: Mapped[Optional[datetime]] = mapped_column()


class ShareAccess(Base):
    """A user who opened a published session with its share code; valid while that code is unchanged."""

    __tablename__ = "share_access"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_share_access_session_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The code used: regenerating or clearing the session's code revokes the grant.
    code: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Who changed what, when, with the record before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[Optional[str]] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # create | update | delete | restore | ...
    entity: Mapped[str] = mapped_column(String(32))  # intervention | recommendation | session | ...
    entity_id: Mapped[Optional[int]] = mapped_column(Integer)
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[Optional[str]] = mapped_column(Text)
