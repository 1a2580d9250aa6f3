"""Fetching a row by id for any service: one place that turns a missing id into NotFound."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import DialogueSession

from dashboard.services.errors import NotFound


def require_row(session: Session, model: type, row_id: int, what: str) -> Any:
    """The row of `model` with this id, or NotFound ('Recommendation 7 does not exist.')."""
    found = session.get(model, row_id)
    if found is None:
        raise NotFound(f"{what} {row_id} does not exist.")
    return found


def require_session(session: Session, session_id: int) -> DialogueSession:
    """The dialogue session, or NotFound ('Session 7 does not exist.')."""
    return require_row(session, DialogueSession, session_id, "Session")
