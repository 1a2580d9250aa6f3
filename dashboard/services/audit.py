"""The audit trail: one entry per create/update/delete of tracked records."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the command line / demo loader."""

    user_id: Optional[int]
    username: str


SYSTEM = Actor(user_id=None, username="system")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of an ORM object, JSON-ready (for before/after)."""
    mapper = sa_inspect(obj).mapper
    return {col.key: _jsonable(getattr(obj, col.key)) for col in mapper.column_attrs}


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Optional[int],
    *,
    session_id: Optional[int] = None,
    before: Optional[dict[str, Any]] = None,
    after: Optional[dict[str, Any]] = None,
    note: Optional[str] = None,
) -> AuditEntry:
    """Add one audit entry to the caller's transaction."""
    entry = AuditEntry(
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        session_id=session_id,
        before=before,
        after=after,
        note=note,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    username: Optional[str]
    action: str
    entity: str
    entity_id: Optional[int]
    before: Optional[dict[str, Any]]
    after: Optional[dict[str, Any]]
    note: Optional[str]


def list_audit(
    session: Session, *, session_id: Optional[int] = None, entity: Optional[str] = None,
    entity_id: Optional[int] = None, limit: int = 200,
) -> list[AuditRow]:
    """Newest audit entries first, optionally for one dialogue session or one record."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if session_id is not None:
        stmt = stmt.where(AuditEntry.session_id == session_id)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    return [
        AuditRow(e.at, e.username, e.action, e.entity, e.entity_id, e.before, e.after, e.note)
        for e in session.scalars(stmt)
    ]
