"""Once-per-process checks before serving anyone: the schema is migrated, production is not left with demo passwords."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.config import ConfigError, Settings
from dashboard.i18n import N_
from dashboard.startup_checks import ensure_production_ready
from db.migrate import pending_upgrade

UNREACHABLE = N_("Cannot reach the database ({error}). Check DATABASE_URL.")
NOT_MIGRATED = N_("The database is not set up or not up to date. Run: python -m dashboard init-db")
CANNOT_START = N_("Dialogue Desk cannot start: {reason}")


def _t(message: str) -> str:
    """Our message in the reader's language (imported late: the app checks this before anything else)."""
    from dashboard.ui.language import _
    return _(message)


@st.cache_resource(show_spinner=False, ttl=60)
def _schema_problem(database_url: str) -> Optional[tuple[str, str]]:
    """None when the schema is at the latest revision, else (message, error name) in English."""
    try:
        pending = pending_upgrade(database_url)
    except Exception as exc:  # the database itself is unreachable
        return UNREACHABLE, type(exc).__name__
    if pending:
        return NOT_MIGRATED, ""
    return None


def ensure_schema_ready(database_url: str) -> Optional[str]:
    """None when the schema is at the latest revision, else a message saying what to run (in the reader's language)."""
    problem = _schema_problem(database_url)
    if problem is None:
        return None
    message, error = problem
    return _t(message).format(error=error)


@st.cache_resource(show_spinner=False)
def _production_ready(settings: Settings) -> bool:
    # Only success is cached (an exception is not): the bcrypt checks run once per process
    # once the accounts are clean, and on every run while they are not.
    ensure_production_ready(settings)
    return True


def production_problem(settings: Settings) -> Optional[str]:
    """None when a production deployment may serve users, else why not (demo passwords left)."""
    try:
        _production_ready(settings)
    except ConfigError as exc:
        return _t(CANNOT_START).format(reason=exc)
    return None
