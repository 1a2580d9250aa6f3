"""Production refuses demo passwords: the checks the app runs at start, and the demo loader's own guard."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.config import ConfigError, load_settings
from dashboard.services.admin.demo import DEMO_ACCOUNTS, seed_demo
from dashboard.services.admin.demo_guard import list_demo_password_accounts
from dashboard.services.admin.users import set_password, update_user
from dashboard.services.errors import PermissionDenied
from dashboard.startup_checks import check_production_ready
from db.models import User
from tests.factories import make_user

STRONG_KEY = "Xq3-v9ZkLp2_Tr8mWc4YhB7nGd1sJf6aEu0oRi5Kx"


def _settings(tmp_path, environment: str):
    overrides = {"DIALOGUE_DESK_ENV": environment, "DIALOGUE_DESK_DATA_DIR": str(tmp_path)}
    if environment == "production":
        overrides["DIALOGUE_DESK_COOKIE_KEY"] = STRONG_KEY
    return load_settings(overrides)


def test_accounts_with_any_demo_password_are_listed(sqlite_session):
    s = sqlite_session
    make_user(s, "rapporteur", password="a private passphrase")
    make_user(s, "copycat", password=DEMO_ACCOUNTS[1].password)  # a demo password on another username
    make_user(s, "boss", ("admin",), password=DEMO_ACCOUNTS[0].password)
    make_user(s, "gone", password=DEMO_ACCOUNTS[2].password)
    update_user(s, "gone", is_active=False)
    assert list_demo_password_accounts(s) == ["boss", "copycat"]
    set_password(s, "copycat", "now something else entirely")
    assert list_demo_password_accounts(s) == ["boss"]


def test_production_refuses_to_start_naming_the_accounts(sqlite_session, tmp_path):
    s = sqlite_session
    make_user(s, "boss", ("admin",), password=DEMO_ACCOUNTS[0].password)
    check_production_ready(_settings(tmp_path, "demo"), s)  # demo mode expects demo passwords
    with pytest.raises(ConfigError, match=r"'boss' still use a demo password.*set-password"):
        check_production_ready(_settings(tmp_path, "production"), s)
    set_password(s, "boss", "a private passphrase")
    check_production_ready(_settings(tmp_path, "production"), s)


def test_the_demo_loader_itself_refuses_production(sqlite_session, monkeypatch):
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "production")
    with pytest.raises(PermissionDenied, match="never loaded in production"):
        seed_demo(sqlite_session)
    assert sqlite_session.scalar(select(func.count()).select_from(User)) == 0
