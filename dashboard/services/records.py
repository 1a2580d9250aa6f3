"""Fetching a row by id for any service: one place that turns a missing id into NotFound."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import DialogueSession

from dashboard.i18n import N_
from dashboard.services.errors import NotFound

# One whole message per kind of row, so each language can word it its own way.
MISSING = {
    "Session": N_("Session {row_id} does not exist."),
    "Recommendation": N_("Recommendation {row_id} does not exist."),
    "Takeaway": N_("Takeaway {row_id} does not exist."),
}


def require_row(session: Session, model: type, row_id: int, what: str) -> Any:
    """The row of `model` with this id, or NotFound ('Recommendation 7 does not exist.')."""
    found = session.get(model, row_id)
    if found is None:
        raise NotFound(MISSING.get(what, what + " {row_id} does not exist."), row_id=row_id)
    return found


def require_session(session: Session, session_id: int) -> DialogueSession:
    """The dialogue session, or NotFound ('Session 7 does not exist.')."""
    return require_row(session, DialogueSession, session_id, "Session")
