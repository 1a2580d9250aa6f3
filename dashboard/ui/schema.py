"""Once-per-process checks before serving anyone: the schema is migrated, production is not left with demo passwords."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from dashboard.config import ConfigError, Settings
from dashboard.startup_checks import ensure_production_ready
from db.migrate import pending_upgrade


@st.cache_resource(show_spinner=False, ttl=60)
def ensure_schema_ready(database_url: str) -> Optional[str]:
    """None when the schema is at the latest revision, else a message saying what to run."""
    try:
        pending = pending_upgrade(database_url)
    except Exception as exc:  # the database itself is unreachable
        return f"Cannot reach the database ({type(exc).__name__}). Check DATABASE_URL."
    if pending:
        return "The database is not set up or not up to date. Run: python -m dashboard init-db"
    return None


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
        return f"Dialogue Desk cannot start: {exc}"
    return None
