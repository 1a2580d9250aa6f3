"""What was said: interventions, their themes, key-point decisions, and participants' written input."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text  # "text" is also a column name below
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .sessions import Person


class Theme(Base):
    """One entry of the Child Online Protection theme taxonomy (loaded from db/data)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[Optional[str]] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(default=list)  # English
    # The other UN languages' keywords by language code: {"fr": ["vie privée", ...], ...}.
    keywords_by_language: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=sql_text("'{}'"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Intervention(Base):
    __tablename__ = "interventions"
    __table_args__ = (
        UniqueConstraint("session_id", "client_token", name="uq_intervention_client_token"),
        Index("ix_interventions_session_question", "session_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"))
    question_id: Mapped[Optional[int]] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    speaker_label: Mapped[Optional[str]] = mapped_column(String(300))  # unregistered speakers
    stakeholder_type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    # ISO 639-1 code of the note's language (db.codes.LANGUAGES); NULL when unknown.
    language: Mapped[Optional[str]] = mapped_column(String(8))
    speaking_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    # Set by the capturing browser once per form: a double-submit stores one row.
    client_token: Mapped[Optional[str]] = mapped_column(String(64))
    # How it reached the record (db.codes.CHANNELS): said on the call, or written in by a participant.
    channel: Mapped[str] = mapped_column(String(16), default="spoken", server_default=sql_text("'spoken'"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[Optional[datetime]] = mapped_column()

    themes: Mapped[list[Theme]] = relationship(secondary="intervention_themes")
    person: Mapped[Optional[Person]] = relationship()


class WrittenContribution(Base):
    """Written input a registered participant sent from their own device, for the moderators to decide on.

    Attributed to the sender's registered person and that registration's stakeholder group; once
    accepted or merged it points at the intervention it became or joined.
    """

    __tablename__ = "written_contributions"
    __table_args__ = (
        UniqueConstraint("session_id", "client_token", name="uq_written_contribution_client_token"),
        Index("ix_written_contributions_session_status", "session_id", "status"),
        Index("ix_written_contributions_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"))
    # The question open when it was sent (None: general discussion).
    question_id: Mapped[Optional[int]] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    stakeholder_type: Mapped[str] = mapped_column(String(32))  # of the registration, when it was sent
    text: Mapped[str] = mapped_column(Text)
    # Set by the sending browser once per form: a double click stores one row.
    client_token: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # db.codes.CONTRIBUTION_STATUSES
    decline_reason: Mapped[Optional[str]] = mapped_column(String(300))
    intervention_id: Mapped[Optional[int]] = mapped_column(ForeignKey("interventions.id", ondelete="SET NULL"),
                                                           index=True)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[Optional[datetime]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InterventionTheme(Base):
    __tablename__ = "intervention_themes"

    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True)


class KeyPoint(Base):
    """A moderator's decision on one extracted summary sentence: approve, hide or reword it."""

    __tablename__ = "key_points"
    __table_args__ = (
        UniqueConstraint("intervention_id", "sentence_hash", name="uq_key_point_sentence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[Optional[int]] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"))
    sentence_hash: Mapped[str] = mapped_column(String(64))
    original_text: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # the (possibly reworded) text shown
    state: Mapped[str] = mapped_column(String(16), default="approved")
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
