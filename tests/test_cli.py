"""The command line: init-db, add-user, seed-demo, backup/restore, and one-line errors."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    assert cli("demo-logins", DIALOGUE_DESK_ENV="production", DIALOGUE_DESK_COOKIE_KEY="k" * 40).returncode == 1


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
