"""Per-process settings and the per-event database session used by pages."""
from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from dashboard.config import SETTINGS_HELP, Settings, load_settings
from db.session import session_scope


@functools.lru_cache(maxsize=8)
def _settings_for(env_key: tuple[tuple[str, str], ...]) -> Settings:
    # A plain memo, not st.cache_resource: this is read several times in every live refresh, and
    # hashing the key for Streamlit's cache cost more than the lookup itself.
    return load_settings()


def get_settings() -> Settings:
    """The Settings for the current environment (cached per distinct environment)."""
    key = tuple((name, os.environ.get(name, "")) for name in SETTINGS_HELP)
    return _settings_for(key)


@contextmanager
def db() -> Iterator[Session]:
    """One transaction for one user event: commits on success, rolls back on error."""
    with session_scope(get_settings().database_url) as session:
        yield session
