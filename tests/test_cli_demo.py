"""reset-demo: the documented way to start the demo afresh, refused in production."""
import secrets
import sqlite3

from tests.test_cli import cli  # noqa: F401 - the fixture


def _count(path, table: str) -> int:
    # Accounts only: the participant accounts the demo's join links made are not users anyone manages.
    where = " where is_guest = 0" if table == "users" else ""
    with sqlite3.connect(path) as con:
        return con.execute(f"select count(*) from {table}{where}").fetchone()[0]


def test_reset_demo_needs_yes_then_restores_the_demo_exactly(cli, tmp_path):  # noqa: F811
    db = tmp_path / "cli.db"
    assert cli("seed-demo").returncode == 0
    sessions, people = _count(db, "dialogue_sessions"), _count(db, "people")
    r = cli("add-user", "extra", "--role", "moderator", "--password-stdin", stdin="long-password\n")
    assert r.returncode == 0, r.stderr
    refused = cli("reset-demo")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert _count(db, "users") == 5
    done = cli("reset-demo", "--yes")
    assert done.returncode == 0, done.stderr
    assert "demo data reset" in done.stdout
    assert (_count(db, "dialogue_sessions"), _count(db, "people"), _count(db, "users")) == (sessions, people, 4)


def test_reset_demo_is_refused_in_production(cli, tmp_path):  # noqa: F811
    assert cli("seed-demo").returncode == 0
    r = cli("reset-demo", "--yes", DIALOGUE_DESK_ENV="production", DIALOGUE_DESK_COOKIE_KEY=secrets.token_urlsafe(48))
    assert r.returncode == 1 and "production" in r.stderr and "Traceback" not in r.stderr
    assert _count(tmp_path / "cli.db", "dialogue_sessions") == 4
