"""Checks a production deployment must pass before anyone can log in.

`load_settings()` already refuses a missing or weak cookie key. What it cannot see is the
database: an account still opened by a demo password (from a demo database promoted to
production) would let anyone in as that account, since the demo logins are in the README.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard.config import ConfigError, Settings
from db.session import session_scope


def production_problems(session: Session) -> list[str]:
    """What would make this database unsafe in production, one sentence each (empty: nothing)."""
    from dashboard.services.admin.demo_guard import list_demo_password_accounts

    accounts = list_demo_password_accounts(session)
    if not accounts:
        return []
    names = ", ".join(f"'{name}'" for name in accounts)
    return [
        f"account(s) {names} still use a demo password, which the README publishes. Give each a new password "
        "(python -m dashboard set-password USERNAME) or deactivate it (python -m dashboard deactivate-user "
        "USERNAME), then start again"
    ]


def check_production_ready(settings: Settings, session: Session) -> None:
    """In production, ConfigError naming every account that still uses a demo password; elsewhere nothing."""
    if not settings.is_production:
        return
    problems = production_problems(session)
    if problems:
        raise ConfigError("Production mode refuses to start: " + "; ".join(problems) + ".")


def ensure_production_ready(settings: Settings) -> None:
    """check_production_ready with its own database session (for the app's start and the command line)."""
    if not settings.is_production:
        return
    with session_scope(settings.database_url) as session:
        check_production_ready(settings, session)
