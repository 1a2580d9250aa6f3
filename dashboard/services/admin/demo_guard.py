"""Which accounts can still be opened with a published demo password (README lists them all)."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User

from dashboard.services.admin.demo import DEMO_ACCOUNTS

# Each check is a full bcrypt verification (~0.3 s), so a hash already found clean is not
# checked again in this process; a changed password gets a new hash (new salt) and is checked.
_CLEAN_HASHES: set[str] = set()


def _uses_a_demo_password(password_hash: str) -> bool:
    stored = password_hash.encode("utf-8")
    for account in DEMO_ACCOUNTS:
        try:
            if bcrypt.checkpw(account.password.encode("utf-8"), stored):
                return True
        except ValueError:  # not a bcrypt hash: no demo password opens it
            return False
    return False


def list_demo_password_accounts(session: Session) -> list[str]:
    """Usernames of active accounts whose password is one of the demo passwords, sorted."""
    users = session.execute(select(User.username, User.password_hash).where(User.is_active.is_(True))).all()
    pending = [(name, hashed) for name, hashed in users if hashed not in _CLEAN_HASHES]
    if not pending:
        return []
    # bcrypt releases the GIL: the checks of several accounts run on all cores.
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        found = list(pool.map(lambda row: _uses_a_demo_password(row[1]), pending))
    _CLEAN_HASHES.update(hashed for (_, hashed), demo in zip(pending, found) if not demo)
    return sorted(name for (name, _), demo in zip(pending, found) if demo)
