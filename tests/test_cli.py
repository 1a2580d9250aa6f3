"""The command line: init-db, add-user, seed-demo, backup/restore, production checks, and one-line errors."""
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DIALOGUE_DESK_ENV": "production", "DIALOGUE_DESK_COOKIE_KEY": secrets.token_urlsafe(48)}


@pytest.fixture
def cli(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIALOGUE_DESK") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", DIALOGUE_DESK_DATA_DIR=str(tmp_path / "data"),
               DIALOGUE_DESK_ENV="development")

    def run(*args: str, stdin: str | None = None, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env={**env, **extra},
                              input=stdin, capture_output=True, text=True, timeout=120)
    return run


def test_init_db_add_user_and_errors(cli):
    r = cli("init-db")
    assert r.returncode == 0, r.stderr
    assert "database ready" in r.stdout and "themes" in r.stdout
    r = cli("add-user", "Rapporteur", "--role", "moderator", "--name", "Ra Porteur", "--password-stdin",
            stdin="long-password\n")
    assert r.returncode == 0, r.stderr
    assert "created user 'rapporteur'" in r.stdout
    r = cli("add-user", "rapporteur", "--role", "moderator", "--password-stdin", stdin="long-password\n")
    assert r.returncode == 1
    assert r.stderr.strip() == "error: The username 'rapporteur' is already taken."
    r = cli("add-user", "someone", "--role", "moderator", "--password-stdin", stdin="short\n")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "at least 8" in r.stderr
    r = cli("add-user", "someone", "--role", "moderator")  # no terminal for a prompt
    assert r.returncode == 1 and "--password-stdin" in r.stderr


def test_production_refuses_to_start_without_a_key(cli):
    r = cli("init-db", DIALOGUE_DESK_ENV="production")
    assert r.returncode == 1
    assert "DIALOGUE_DESK_COOKIE_KEY" in r.stderr and "Traceback" not in r.stderr


def test_seed_demo_is_idempotent_and_demo_logins_print(cli):
    assert cli("init-db").returncode == 0
    first = cli("seed-demo")
    assert first.returncode == 0, first.stderr
    assert "demo data loaded" in first.stdout
    second = cli("seed-demo")
    assert "already present" in second.stdout
    logins = cli("demo-logins")
    assert "moderator" in logins.stdout and "password:" in logins.stdout
    assert cli("demo-logins", **PRODUCTION).returncode == 1


def _users(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "cli.db") as con:
        return con.execute("select count(*) from users").fetchone()[0]


def test_production_never_loads_the_demo_accounts(cli, tmp_path):
    assert cli("init-db", **PRODUCTION).returncode == 0
    r = cli("seed-demo", **PRODUCTION)
    assert r.returncode == 1 and "refusing to load demo data in production" in r.stderr
    forced = cli("seed-demo", "--force", **PRODUCTION)
    assert forced.returncode != 0 and "Traceback" not in forced.stderr
    assert _users(tmp_path) == 0


def test_production_refuses_a_database_with_demo_passwords_until_they_are_changed(cli, tmp_path):
    assert cli("seed-demo").returncode == 0  # a demo database, then switched to production
    r = cli("init-db", **PRODUCTION)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    for name in ("'admin'", "'moderator'", "'participant'", "'leadership'"):
        assert name in r.stderr
    assert "set-password" in r.stderr
    r = cli("set-password", "admin", "--password-stdin", stdin="a new and private password\n", **PRODUCTION)
    assert r.returncode == 0, r.stderr
    r = cli("deactivate-user", "moderator", "participant", "leadership", **PRODUCTION)
    assert r.returncode == 0 and "'leadership'" in r.stdout, r.stderr
    r = cli("check", **PRODUCTION)
    assert r.returncode == 0 and "ready for production" in r.stdout, r.stderr


def test_check_outside_production_only_notes_demo_passwords(cli):
    assert cli("seed-demo").returncode == 0
    r = cli("check")
    assert r.returncode == 0 and "note:" in r.stdout and "'admin'" in r.stdout


def test_production_refuses_a_predictable_cookie_key(cli):
    r = cli("init-db", DIALOGUE_DESK_ENV="production", DIALOGUE_DESK_COOKIE_KEY="a" * 32)
    assert r.returncode == 1 and "too predictable" in r.stderr and "token_urlsafe(48)" in r.stderr


def test_backup_and_restore_round_trip(cli, tmp_path):
    assert cli("init-db").returncode == 0
    assert cli("seed-demo").returncode == 0
    out = tmp_path / "b.json.gz"
    r = cli("backup", "--out", str(out))
    assert r.returncode == 0 and out.stat().st_size > 0, r.stderr
    assert cli("restore", str(out)).returncode == 1  # needs --yes
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli("init-db", DATABASE_URL=other).returncode == 0
    r = cli("restore", str(out), "--yes", DATABASE_URL=other)
    assert r.returncode == 0, r.stderr
    again = tmp_path / "again.json.gz"
    assert cli("backup", "--out", str(again), DATABASE_URL=other).returncode == 0
    import gzip
    import json
    a = json.loads(gzip.decompress(out.read_bytes()))["tables"]
    b = json.loads(gzip.decompress(again.read_bytes()))["tables"]
    assert a == b
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not a backup")
    r = cli("restore", str(bad), "--yes")
    assert r.returncode == 1 and "not a Dialogue Desk backup" in r.stderr
