"""The servers and data the viewer bench measures: a seeded data folder of a code tree, its live
session filled and a moderator writing to it, and Streamlit servers started on that tree."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Optional

import jwt
import psutil

BENCH = Path(__file__).resolve().parent
COOKIE_NAME = "dialogue_desk_auth"
FILL = 60  # interventions in the live session before measuring


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def ps(self) -> psutil.Process:
        return psutil.Process(self.process.pid)

    def cpu(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def rss_mb(self) -> float:
        return self.ps.memory_info().rss / 2**20

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def prepare_data(tree: Path, env: dict[str, str]) -> None:
    py = sys.executable
    for command in (["init-db"], ["seed-demo"]):
        subprocess.run([py, "-m", "dashboard", *command], cwd=tree, env=env, check=True, capture_output=True)


def start_server(tree: Path, app: str, env: dict[str, str], log: Path) -> Server:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=tree, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return Server(process, port, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not become healthy")


class Writer:
    """The moderator: bench/capture_writer.py running in the tree under test."""

    def __init__(self, tree: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, str(BENCH / "capture_writer.py")], cwd=tree,
                                        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line: str) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        try:
            return json.loads(line)
        except ValueError:
            raise RuntimeError(f"capture writer said {line!r}") from None

    def close(self) -> None:
        self.process.terminate()


def cookie_for(username: str, key: str, days: float = 7.0) -> str:
    exp = (datetime.now(timezone.utc) + timedelta(days=days)).timestamp()
    return f"{COOKIE_NAME}={jwt.encode({'username': username, 'exp_date': exp}, key, algorithm='HS256')}"


def base_env(data_dir: Path, database_url: str, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"DATABASE_URL": database_url, "DIALOGUE_DESK_DATA_DIR": str(data_dir), "DIALOGUE_DESK_ENV": "demo",
                "DIALOGUE_DESK_COOKIE_KEY": key, "PYTHONUNBUFFERED": "1"})
    return env


def live_session_id(tree: Path, env: dict[str, str]) -> int:
    code = ("import os,sys; sys.path.insert(0, os.getcwd()); from sqlalchemy import select; "
            "from db.models import DialogueSession; from db.session import session_scope; "
            "s=session_scope(os.environ['DATABASE_URL']).__enter__(); "
            "print(s.scalar(select(DialogueSession.id).where(DialogueSession.status.in_(['draft','live']))"
            ".order_by(DialogueSession.id.desc())))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


@dataclass
class Desk:
    """A migrated, seeded data folder of a tree, its live session filled, and the moderator writing to it."""
    data: Path
    env: dict[str, str]
    key: str
    session_id: int
    writer: Writer
    total: list[int]  # interventions in the session so far (a list: measurements add to it)

    @property
    def cookie(self) -> str:
        return cookie_for("moderator", self.key)


@contextlib.contextmanager
def desk(tree: Path, prefix: str, database_url: Optional[str] = None) -> Iterator[Desk]:
    key = secrets.token_hex(32)  # one cookie key: a login is good on every server of the tree
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        data = Path(tmp)
        env = base_env(data, database_url or f"sqlite:///{data / 'dialogue_desk.db'}", key)
        prepare_data(tree, env)
        session_id = live_session_id(tree, env)
        writer = Writer(tree, env)
        try:
            writer.ask(f"fill {session_id} {FILL}")
            yield Desk(data, env, key, session_id, writer, [FILL])
        finally:
            writer.close()
