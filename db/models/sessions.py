"""Dialogue sessions, their agenda, Parts and questions, and who attended."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow


class Person(Base):
    """Someone who registered for or spoke in a session; kept across sessions."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_email", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    organization: Mapped[Optional[str]] = mapped_column(String(300))
    country: Mapped[Optional[str]] = mapped_column(String(120))
    email: Mapped[Optional[str]] = mapped_column(String(320))  # stored lower-case
    job_title: Mapped[Optional[str]] = mapped_column(String(300))
    stakeholder_type: Mapped[str] = mapped_column(String(32), default="other")
    is_youth: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DialogueSession(Base):
    __tablename__ = "dialogue_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    series_name: Mapped[str] = mapped_column(String(200), default="Industry Connect")
    series_number: Mapped[Optional[int]] = mapped_column(Integer)
    sector_focus: Mapped[str] = mapped_column(String(32), default="other")
    sector_other: Mapped[Optional[str]] = mapped_column(String(200))
    scheduled_start: Mapped[Optional[datetime]] = mapped_column()
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    format: Mapped[str] = mapped_column(String(16), default="online")
    interpretation_languages: Mapped[list[str]] = mapped_column(default=list)
    overview: Mapped[Optional[str]] = mapped_column(Text)
    # The ITU document symbol the report is filed under, e.g. "CWG-COP/24/INF/3".
    document_reference: Mapped[Optional[str]] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    chatham_house: Mapped[bool] = mapped_column(Boolean, default=True)
    approval_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    share_code: Mapped[Optional[str]] = mapped_column(String(32), unique=True)
    # Live state shared by every moderator's browser.
    current_question_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL", use_alter=True, name="fk_session_current_question")
    )
    current_segment_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("agenda_segments.id", ondelete="SET NULL", use_alter=True, name="fk_session_current_segment")
    )
    segment_started_at: Mapped[Optional[datetime]] = mapped_column()
    clock_paused_at: Mapped[Optional[datetime]] = mapped_column()
    clock_paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every write that changes what the live summary shows: a cheap change stamp.
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[Optional[datetime]] = mapped_column()
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    segments: Mapped[list["AgendaSegment"]] = relationship(
        back_populates="session", order_by="AgendaSegment.position", cascade="all, delete-orphan",
        foreign_keys="AgendaSegment.session_id",
    )
    parts: Mapped[list["Part"]] = relationship(
        back_populates="session", order_by="Part.position", cascade="all, delete-orphan"
    )


class AgendaSegment(Base):
    __tablename__ = "agenda_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    planned_minutes: Mapped[Optional[int]] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    actual_start: Mapped[Optional[datetime]] = mapped_column()
    actual_end: Mapped[Optional[datetime]] = mapped_column()

    session: Mapped[DialogueSession] = relationship(back_populates="segments", foreign_keys=[session_id])


class Part(Base):
    __tablename__ = "parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    objective: Mapped[Optional[str]] = mapped_column(Text)

    session: Mapped[DialogueSession] = relationship(back_populates="parts")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="part", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Denormalised from the Part so that per-session queries need no join.
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    part: Mapped[Part] = relationship(back_populates="questions")


class Attendance(Base):
    """A person registered for (and possibly speaking in) one session."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # The type this person had in this session (people change jobs between quarters).
    stakeholder_type: Mapped[str] = mapped_column(String(32), default="other")
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    # Stable within the session: "Youth participant 3" in anything published.
    youth_pseudonym_no: Mapped[Optional[int]] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()
