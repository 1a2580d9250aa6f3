"""A once-per-process check that the database has been migrated."""
from __future__ import annotations

from typing import Optional

import streamlit as st

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
