"""The Dialogue Desk schema: typed SQLAlchemy 2.x models.

Datetimes are stored in UTC and always come back timezone-aware (see ``UTCDateTime``),
on SQLite as on PostgreSQL. Codes (roles, stakeholder types, statuses) are plain strings
whose allowed values live in ``db.codes``.
"""
from __future__ import annotations

from .base import Base, UTCDateTime, utcnow
from .access import User, LoginThrottle, ShareAccess, AuditEntry
from .sessions import Person, DialogueSession, AgendaSegment, Part, Question, Attendance
from .dialogue import Theme, Intervention, InterventionTheme, KeyPoint, WrittenContribution
from .support import JoinLink, SupportCheck, SupportCheckItem, SupportResponse
from .outcomes import Recommendation, RecommendationTheme, RecommendationSource, RecommendationEvent, Takeaway, TakeawaySource, Publication

__all__ = [
    "Base",
    "UTCDateTime",
    "utcnow",
    "User",
    "LoginThrottle",
    "ShareAccess",
    "AuditEntry",
    "Person",
    "DialogueSession",
    "AgendaSegment",
    "Part",
    "Question",
    "Attendance",
    "Theme",
    "Intervention",
    "InterventionTheme",
    "KeyPoint",
    "WrittenContribution",
    "Recommendation",
    "RecommendationTheme",
    "RecommendationSource",
    "RecommendationEvent",
    "Takeaway",
    "TakeawaySource",
    "Publication",
    "JoinLink",
    "SupportCheck",
    "SupportCheckItem",
    "SupportResponse",
]
