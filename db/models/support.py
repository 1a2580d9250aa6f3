"""Participants' voice: personal join links, and support checks on draft recommendations."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class JoinLink(Base):
    """A way into one session for one participant, without a password.

    Personal links are made by the moderators for a registration row (the person's group is the
    registered one). A share-code join makes a link for the browser that used the code, with the
    group its holder declared ("self-declared"). The token opens this session only; revoking the
    link (or regenerating it) ends it at the holder's next click.
    """

    __tablename__ = "join_links"
    __table_args__ = (Index("ix_join_links_session_attendance", "session_id", "attendance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    attendance_id: Mapped[Optional[int]] = mapped_column(ForeignKey("attendance.id", ondelete="CASCADE"))
    # The participant account the link signs in as (made on first use, participant role only).
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    declared_group: Mapped[Optional[str]] = mapped_column(String(32))  # share-code joins only
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column()
    revoked_at: Mapped[Optional[datetime]] = mapped_column()


class SupportCheck(Base):
    """A round of Support / Can live with it / Oppose / Pass on chosen draft recommendations."""

    __tablename__ = "support_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    # A group's figures are shown only when at least this many of its members answered.
    min_group_size: Mapped[int] = mapped_column(Integer, default=3)
    # Moved by every answer (under the row's lock, so closing waits for answers in flight).
    version: Mapped[int] = mapped_column(Integer, default=0)
    # The results frozen when the check closed (per recommendation, per group; no people).
    results: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    opened_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[Optional[datetime]] = mapped_column()


class SupportCheckItem(Base):
    __tablename__ = "support_check_items"

    check_id: Mapped[int] = mapped_column(ForeignKey("support_checks.id", ondelete="CASCADE"), primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"),
                                                   primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SupportResponse(Base):
    """One participant's current answer on one recommendation of a check (changed in place)."""

    __tablename__ = "support_responses"
    __table_args__ = (
        UniqueConstraint("check_id", "recommendation_id", "user_id", name="uq_support_response_voter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("support_checks.id", ondelete="CASCADE"))
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"),
                                                   index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stakeholder_type: Mapped[str] = mapped_column(String(32))
    self_declared: Mapped[bool] = mapped_column(default=False)
    answer: Mapped[str] = mapped_column(String(16))  # db.codes.SUPPORT_ANSWERS
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
