"""Shared fixtures: a fresh database per test (SQLite file, or a PostgreSQL schema), users,
and AppTest helpers.

PostgreSQL: tests using `db_url` run once on SQLite and once on PostgreSQL. When the server
is unreachable they skip, unless REQUIRE_POSTGRES=1 (CI), where they fail.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from db.migrate import upgrade
from db.session import dispose_engine, session_factory

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PG_ADMIN_URL = os.environ.get("DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


# --- SQLite: migrate once per run into a template file, copy it per test ----------------


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dashboard.services.taxonomy import load_themes

    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    factory = session_factory(url)
    with factory() as s:
        load_themes(s)
        s.commit()
    dispose_engine(url)
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> Iterator[str]:
    """A migrated SQLite file (with the theme taxonomy) for this test only."""
    path = tmp_path / "dialogue_desk.db"
    shutil.copy(_sqlite_template, path)
    url = f"sqlite:///{path}"
    yield url
    dispose_engine(url)


# --- PostgreSQL: one fresh schema per test ------------------------------------------------


@pytest.fixture(scope="session")
def _pg_available() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception as exc:  # noqa: BLE001 - any connection failure means "not available"
        if _flag("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL at {PG_ADMIN_URL} is unreachable: {exc}")
        return False


@pytest.fixture
def postgres_url(_pg_available: bool) -> Iterator[str]:
    """A migrated PostgreSQL schema (with the theme taxonomy) for this test only."""
    if not _pg_available:
        pytest.skip("PostgreSQL is not reachable at DATABASE_URL_TEST (set REQUIRE_POSTGRES=1 to fail instead)")
    from dashboard.services.taxonomy import load_themes

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_ADMIN_URL else "?"
    url = f"{PG_ADMIN_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        factory = session_factory(url)
        with factory() as s:
            load_themes(s)
            s.commit()
        yield url
    finally:
        dispose_engine(url)
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on a fresh SQLite file and on a fresh PostgreSQL schema."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def dbs(db_url: str) -> Iterator[Session]:
    """A Session on `db_url`; the test commits when it wants to."""
    with session_factory(db_url)() as session:
        yield session


@pytest.fixture
def sqlite_session(sqlite_url: str) -> Iterator[Session]:
    """A Session on a fresh SQLite file (for tests that need only one backend)."""
    with session_factory(sqlite_url)() as session:
        yield session


# --- the Streamlit app under AppTest ------------------------------------------------------


@pytest.fixture
def app_env(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the app at this test's database and data folder; returns the database URL."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    return sqlite_url


def make_app(timeout: float = 30):
    """A fresh AppTest of the entry script."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=timeout)


def login_as(at, username: str, roles: list[str] | tuple[str, ...], name: str | None = None):
    """Preset a logged-in session (the user must exist in the database)."""
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = name or username
    at.session_state["roles"] = list(roles)
    at.session_state["logout"] = None
    return at


def page_path(file: str) -> str:
    """A page path as AppTest.switch_page wants it (relative to dashboard/app.py)."""
    return f"../pages/{file}"
