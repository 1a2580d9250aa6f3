"""Many viewers on one server: what an idle viewer costs, and how fresh every screen is after a capture.

Starts a real Streamlit server (the desk from a code tree, or Streamlit's floor app), seeds the demo,
fills the live session with 60 interventions, then for each viewer count (default 1, 10, 50, 150)
connects that many headless viewers (bench/wsclient.py: Streamlit's own websocket protocol and
protobuf classes, doing what a browser tab does on its own) and prints:

- idle: server CPU per viewer-second with nothing changing (ms/s), and viewer re-runs per minute;
- under change (a capture every 3 s): server CPU per viewer-second, CPU per viewer refresh (ms),
  bytes per change per viewer, and freshness from commit to each viewer's screen (p50/p95, lost);
- RSS per viewer (MB) and the server's RSS.

    .venv/bin/python bench/bench_viewers.py                          # this tree: floor, live summary, presenter
    .venv/bin/python bench/bench_viewers.py --tree ../before --label before --viewers 1,10,50
    .venv/bin/python bench/bench_viewers.py --browsers 5             # the client checked against 5 real Chromiums
    .venv/bin/python bench/bench_viewers.py --replicas               # two servers on one PostgreSQL

A "before" tree is any checkout of the desk (e.g. `git worktree add ../before <commit>`); it is served
with its own code and its own .streamlit/config.toml, and written to by its own services.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import socket
import statistics
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from wsclient import Viewer  # noqa: E402

# page -> (url path, how a viewer's freshness is seen): the capture's note arriving, the new total
# arriving, or (a participant's page, which shows neither) the re-run for the new stamp finishing.
PAGES = {"floor": ("", "note"), "live-summary": ("live-summary", "note"), "presenter": ("presenter", "total"),
         "follow": ("follow", "stamp")}
COOKIE_NAME = "dialogue_desk_auth"
FILL = 60


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
        self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "capture_writer.py")], cwd=tree,
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


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@dataclass
class Result:
    page: str
    viewers: int
    idle_ms_per_s: float
    idle_runs_per_min: float
    change_ms_per_s: float
    ms_per_refresh: float
    kb_per_change: float
    fresh_p50: float
    fresh_p95: float
    lost: int
    rss_per_viewer_mb: float
    server_rss_mb: float
    driver_cpu_share: float


async def measure(server: Server, writer: Writer, *, page: str, session_id: int, viewers: int, cookie: str,
                  idle_s: float, changes: int, every: float, total: list[int]) -> Result:
    page_name, marker_kind = PAGES[page]
    query = f"session={session_id}" if page != "floor" else ""
    # The server's own idle cost (no viewers) is not any viewer's: measure it and take it off.
    cpu0, began = server.cpu(), time.monotonic()
    await asyncio.sleep(5)
    baseline = (server.cpu() - cpu0) / (time.monotonic() - began)
    rss0 = server.rss_mb()
    crowd = [Viewer("127.0.0.1", server.port, page_name, query, cookie) for _ in range(viewers)]
    for start in range(0, viewers, 10):
        await asyncio.gather(*(v.start() for v in crowd[start:start + 10]))
    await asyncio.sleep(3)
    print(f"  {page}: {viewers} viewers connected", flush=True)
    rss1 = server.rss_mb()
    me = psutil.Process()

    # Idle: nothing changes.
    runs0, cpu0, mine0 = sum(v.counters.runs for v in crowd), server.cpu(), sum(me.cpu_times()[:2])
    began = time.monotonic()
    await asyncio.sleep(idle_s)
    idle_wall = time.monotonic() - began
    idle_cpu = max(0.0, server.cpu() - cpu0 - baseline * idle_wall)
    idle_runs = sum(v.counters.runs for v in crowd) - runs0
    print(f"  {page}: idle runs {idle_runs} (timer {sum(v.counters.timer_runs for v in crowd)}, "
          f"pushed {sum(v.counters.push_runs for v in crowd)}, polls {sum(v.counters.polls for v in crowd)})")

    print(f"  {page}: idle measured", flush=True)
    # Under change: a capture every `every` seconds.
    cpu0, bytes0 = server.cpu(), sum(v.counters.bytes for v in crowd)
    runs0 = sum(v.counters.runs for v in crowd)
    fresh: list[float] = []
    lost = 0
    marks: list[tuple[bytes, float, int]] = []
    began = time.monotonic()
    loop = asyncio.get_running_loop()
    for k in range(changes):
        tick = time.monotonic()
        note = f"Bench note {k} {secrets.token_hex(4)} platforms should publish risk assessments"
        total[0] += 1
        text = note if marker_kind == "note" else f"{total[0]} interventions in the session so far"
        for v in crowd:
            v.expect(text)
        answer = await loop.run_in_executor(None, writer.ask, f"capture {session_id} {note}")
        marks.append((text.encode(), answer["t"], answer.get("v", 0)))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - tick)))
    await asyncio.sleep(max(5.0, every))
    change_wall = time.monotonic() - began
    change_cpu = max(0.0, server.cpu() - cpu0 - baseline * change_wall)
    received = sum(v.counters.bytes for v in crowd) - bytes0
    refreshes = sum(v.counters.runs for v in crowd) - runs0
    mine = sum(me.cpu_times()[:2]) - mine0
    for text, committed, stamp in marks:
        for v in crowd:
            seen = v.refreshed_for(stamp) if marker_kind == "stamp" else v.watch.get(text)
            if seen is None:
                lost += 1
            else:
                fresh.append(max(0.0, seen - committed))
    errors = [e for v in crowd for e in v.counters.errors]
    await asyncio.gather(*(v.stop() for v in crowd), return_exceptions=True)
    if errors:
        print(f"  ({len(errors)} client errors, first: {errors[0]})")
    await asyncio.sleep(2)
    print(f"  (server alone: {1000 * baseline:.1f} ms CPU per second, taken off the figures)")
    return Result(
        page=page, viewers=viewers,
        idle_ms_per_s=1000 * idle_cpu / (viewers * idle_wall),
        idle_runs_per_min=60 * idle_runs / (viewers * idle_wall),
        change_ms_per_s=1000 * change_cpu / (viewers * change_wall),
        ms_per_refresh=1000 * change_cpu / max(1, refreshes),
        kb_per_change=received / 1024 / (viewers * changes),
        fresh_p50=pct(fresh, 0.5), fresh_p95=pct(fresh, 0.95), lost=lost,
        rss_per_viewer_mb=(rss1 - rss0) / viewers, server_rss_mb=rss1,
        driver_cpu_share=mine / (idle_wall + change_wall),
    )


def print_table(label: str, results: list[Result], floor: dict[int, Result]) -> None:
    print(f"\n## {label}")
    print("| page | viewers | idle CPU ms/viewer-s | idle re-runs/viewer-min | change CPU ms/viewer-s | "
          "ms per refresh (x floor) | KB per change | fresh p50 / p95 s | lost | RSS MB/viewer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        base = floor.get(r.viewers)
        ratio = f" ({r.ms_per_refresh / base.ms_per_refresh:.1f}x)" if base and base.ms_per_refresh else ""
        print(f"| {r.page} | {r.viewers} | {r.idle_ms_per_s:.2f} | {r.idle_runs_per_min:.1f} | "
              f"{r.change_ms_per_s:.2f} | {r.ms_per_refresh:.1f}{ratio} | {r.kb_per_change:.1f} | "
              f"{r.fresh_p50:.2f} / {r.fresh_p95:.2f} | {r.lost} | {r.rss_per_viewer_mb:.2f} |")
    for r in results:
        if r.page != "floor" and r.idle_ms_per_s > 0:
            print(f"- {r.page} at {r.viewers}: idle viewers per core ~ {1000 / r.idle_ms_per_s:,.0f}; "
                  f"bench client used {100 * r.driver_cpu_share:.0f}% of a core; server RSS {r.server_rss_mb:.0f} MB")


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


def run_tree(args: argparse.Namespace) -> None:
    tree = Path(args.tree).resolve()
    app = "dashboard/serve.py" if (tree / "dashboard" / "serve.py").exists() else "dashboard/app.py"
    counts = [int(n) for n in args.viewers.split(",")]
    floor: dict[int, Result] = {}
    results: list[Result] = []
    with desk(tree, "dd_viewers_") as d:
        data, env, session_id, writer, total, cookie = d.data, d.env, d.session_id, d.writer, d.total, d.cookie
        print(f"# {args.label}: tree {tree.name}, app {app}, session {session_id} with {FILL} interventions, "
              f"{os.cpu_count()} cores, {args.idle}s idle, {args.changes} captures every {args.every}s")
        for page in args.pages.split(","):
            server = start_server(tree, str(ROOT / "bench" / "floor_app.py") if page == "floor" else app,
                                  env, data / f"server_{page}.log")
            try:
                # Warm-up: the first viewer loads the modules and fills the caches; not measured.
                asyncio.run(measure(server, writer, page=page, session_id=session_id, viewers=1, cookie=cookie,
                                    idle_s=1, changes=1, every=1, total=total))
                for n in counts:
                    r = asyncio.run(measure(server, writer, page=page, session_id=session_id, viewers=n,
                                            cookie=cookie, idle_s=args.idle, changes=args.changes,
                                            every=args.every, total=total))
                    results.append(r)
                    if page == "floor":
                        floor[n] = r
                    print(f"  {page} x{n}: idle {r.idle_ms_per_s:.2f} ms/s, refresh {r.ms_per_refresh:.1f} ms, "
                          f"fresh p95 {r.fresh_p95:.2f} s, lost {r.lost}", flush=True)
            finally:
                server.stop()
    print_table(args.label, results, floor)


async def measure_replicas(servers: dict[str, Server], writer: Writer, *, session_id: int, viewers: int,
                           cookie: str, changes: int, every: float, total: list[int]) -> dict[str, list[float]]:
    """Presenter viewers on each replica; captures go to the shared database. Freshness per replica."""
    crowds = {name: [Viewer("127.0.0.1", server.port, "presenter", f"session={session_id}", cookie)
                     for _ in range(viewers)] for name, server in servers.items()}
    for crowd in crowds.values():
        for start in range(0, viewers, 10):
            await asyncio.gather(*(v.start() for v in crowd[start:start + 10]))
    await asyncio.sleep(3)
    loop = asyncio.get_running_loop()
    marks: list[tuple[bytes, float]] = []
    for _ in range(changes):
        tick = time.monotonic()
        total[0] += 1
        text = f"{total[0]} interventions in the session so far"
        for crowd in crowds.values():
            for v in crowd:
                v.expect(text)
        answer = await loop.run_in_executor(None, writer.ask, f"capture {session_id} Replica bench note {total[0]}")
        marks.append((text.encode(), answer["t"]))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - tick)))
    await asyncio.sleep(5)
    fresh: dict[str, list[float]] = {}
    for name, crowd in crowds.items():
        fresh[name] = [max(0.0, v.watch[text] - t) if text in v.watch else float("inf")
                       for text, t in marks for v in crowd]
        await asyncio.gather(*(v.stop() for v in crowd), return_exceptions=True)
    return fresh


async def measure_mixed(server: Server, writer: Writer, *, groups: dict[str, int], session_id: int, cookie: str,
                        idle_s: float, changes: int, every: float, total: list[int]) -> None:
    """The issue's scenario: participants on their live page and a few moderators, one server."""
    query = f"session={session_id}"
    cpu0, began = server.cpu(), time.monotonic()
    await asyncio.sleep(5)
    baseline = (server.cpu() - cpu0) / (time.monotonic() - began)
    rss0 = server.rss_mb()
    crowd = [(page, Viewer("127.0.0.1", server.port, PAGES[page][0], query, cookie))
             for page, n in groups.items() for _ in range(n)]
    for start in range(0, len(crowd), 10):
        await asyncio.gather(*(v.start() for _, v in crowd[start:start + 10]))
    await asyncio.sleep(3)
    viewers = len(crowd)
    rss1 = server.rss_mb()
    cpu0, began = server.cpu(), time.monotonic()
    await asyncio.sleep(idle_s)
    idle_wall = time.monotonic() - began
    idle_cpu = max(0.0, server.cpu() - cpu0 - baseline * idle_wall)
    cpu0, began = server.cpu(), time.monotonic()
    loop = asyncio.get_running_loop()
    marks = []
    for k in range(changes):
        tick = time.monotonic()
        total[0] += 1
        note = f"Mixed bench note {k} {secrets.token_hex(4)}"
        texts = {"live-summary": note, "presenter": f"{total[0]} interventions in the session so far"}
        for page, v in crowd:
            if page in texts:
                v.expect(texts[page])
        answer = await loop.run_in_executor(None, writer.ask, f"capture {session_id} {note}")
        marks.append((texts, answer["t"], answer["v"]))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - tick)))
    await asyncio.sleep(5)
    change_wall = time.monotonic() - began
    change_cpu = max(0.0, server.cpu() - cpu0 - baseline * change_wall)
    fresh: dict[str, list[float]] = {page: [] for page in groups}
    lost = dict.fromkeys(groups, 0)
    for texts, committed, stamp in marks:
        for page, v in crowd:
            seen = v.refreshed_for(stamp) if PAGES[page][1] == "stamp" else v.watch.get(texts[page].encode())
            if seen is None:
                lost[page] += 1
            else:
                fresh[page].append(max(0.0, seen - committed))
    await asyncio.gather(*(v.stop() for _, v in crowd), return_exceptions=True)
    everyone = [f for values in fresh.values() for f in values]
    print(f"\n## One server, {viewers} viewers at once: "
          + ", ".join(f"{n} on {page}" for page, n in groups.items())
          + f"; a capture every {every}s ({changes} captures)")
    print("| viewers | freshness p50 / p95 s | lost |")
    print("|---|---:|---:|")
    for page in groups:
        print(f"| {groups[page]} on {page} | {pct(fresh[page], 0.5):.2f} / {pct(fresh[page], 0.95):.2f} | {lost[page]} |")
    print(f"| all {viewers} | {pct(everyone, 0.5):.2f} / {pct(everyone, 0.95):.2f} | {sum(lost.values())} |")
    idle_ms = 1000 * idle_cpu / (viewers * idle_wall)
    # psutil counts CPU in 10 ms ticks: below one tick over the window, say so instead of dividing by ~0.
    resolution = 1000 * 0.01 / (viewers * idle_wall)
    idle_text = (f"{idle_ms:.3f} ms per viewer-second (~{1000 / idle_ms:,.0f} idle viewers per core)" if idle_ms
                 >= resolution else f"below {resolution:.4f} ms per viewer-second (under one 10 ms CPU tick for "
                 f"all {viewers} in {idle_wall:.0f} s; over {1000 / resolution:,.0f} idle viewers per core)")
    print(f"- server CPU idle: {idle_text}; under change: "
          f"{1000 * change_cpu / change_wall:.0f} ms/s for all ({100 * change_cpu / change_wall:.0f}% of one core)")
    print(f"- RSS: {(rss1 - rss0) / viewers:.2f} MB per viewer; server {rss1:.0f} MB")


def run_mixed(args: argparse.Namespace) -> None:
    tree = Path(args.tree).resolve()
    follow, summary, presenter = (int(n) for n in args.mixed.split(","))
    with desk(tree, "dd_mixed_") as d:
        data, env, session_id, writer, total, cookie = d.data, d.env, d.session_id, d.writer, d.total, d.cookie
        server = start_server(tree, "dashboard/serve.py", env, data / "server_mixed.log")
        try:
            asyncio.run(measure(server, writer, page="follow", session_id=session_id, viewers=1, cookie=cookie,
                                idle_s=1, changes=1, every=1, total=total))  # warm-up
            asyncio.run(measure_mixed(server, writer, groups={"follow": follow, "live-summary": summary,
                                                              "presenter": presenter},
                                      session_id=session_id, cookie=cookie, idle_s=args.idle,
                                      changes=args.changes, every=args.every, total=total))
        finally:
            server.stop()


def run_replicas(args: argparse.Namespace) -> None:
    import psycopg

    tree = Path(args.tree).resolve()
    name = "dd_bench_replicas"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = f"postgresql+psycopg://{args.postgres.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"
    viewers = int(args.viewers.split(",")[0])
    with desk(tree, "dd_replicas_", database_url=url) as d:
        servers = {label: start_server(tree, "dashboard/serve.py", d.env, d.data / f"replica_{label}.log")
                   for label in ("A", "B")}
        try:
            fresh = asyncio.run(measure_replicas(servers, d.writer, session_id=d.session_id, viewers=viewers,
                                                 cookie=d.cookie, changes=args.changes, every=args.every,
                                                 total=d.total))
        finally:
            for server in servers.values():
                server.stop()
    print(f"\n## Two replicas on one PostgreSQL: {viewers} presenter viewers on each, "
          f"{args.changes} captures written to the shared database every {args.every}s")
    print("| replica | freshness p50 / p95 s | lost |")
    print("|---|---:|---:|")
    for label, values in fresh.items():
        seen = [v for v in values if v != float("inf")]
        print(f"| {label} | {pct(seen, 0.5):.2f} / {pct(seen, 0.95):.2f} | {len(values) - len(seen)} |")


def check_against_browsers(args: argparse.Namespace) -> None:
    """The same figures from N real Chromium tabs and from N protocol clients, one after the other."""
    from playwright.sync_api import sync_playwright

    tree = Path(args.tree).resolve()
    n = args.browsers
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    rows = []
    with desk(tree, "dd_browsers_") as d:
        data, env, session_id, writer, total, cookie = d.data, d.env, d.session_id, d.writer, d.total, d.cookie
        for page in args.pages.split(","):
            if page == "floor":
                continue
            server = start_server(tree, "dashboard/serve.py", env, data / f"server_{page}.log")
            try:
                asyncio.run(measure(server, writer, page=page, session_id=session_id, viewers=1, cookie=cookie,
                                    idle_s=1, changes=1, every=1, total=total))  # warm-up
                # Real browsers: idle CPU, then captures, freshness read from the page text.
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=chromium, headless=True,
                                                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                    context = browser.new_context()
                    name, value = cookie.split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": f"http://127.0.0.1:{server.port}"}])
                    tabs = [context.new_page() for _ in range(n)]
                    page_name = PAGES[page][0]
                    for tab in tabs:
                        tab.goto(f"http://127.0.0.1:{server.port}/{page_name}?session={session_id}")
                    for tab in tabs:
                        tab.get_by_text(f"{total[0]} interventions" if page == "presenter" else "Latest interventions",
                                        exact=False).first.wait_for(timeout=60_000)
                    time.sleep(3)
                    cpu0, began = server.cpu(), time.monotonic()
                    time.sleep(args.idle)
                    idle = (server.cpu() - cpu0) / (n * (time.monotonic() - began))
                    cpu0, began, fresh = server.cpu(), time.monotonic(), []
                    for k in range(args.changes):
                        total[0] += 1
                        note = f"Browser bench note {k} {secrets.token_hex(3)}"
                        text = note if page == "live-summary" else f"{total[0]} interventions in the session so far"
                        committed = writer.ask(f"capture {session_id} {note}")["t"]
                        for tab in tabs:  # one after another: the later ones can only be later
                            tab.get_by_text(text, exact=False).first.wait_for(timeout=20_000)
                            fresh.append(time.time() - committed)
                        time.sleep(max(0.0, args.every - (time.time() - committed)))
                    change = (server.cpu() - cpu0) / (n * (time.monotonic() - began))
                    browser.close()
                rows.append((page, "Chromium", n, 1000 * idle, 1000 * change, pct(fresh, 0.5), pct(fresh, 0.95)))
                r = asyncio.run(measure(server, writer, page=page, session_id=session_id, viewers=n, cookie=cookie,
                                        idle_s=args.idle, changes=args.changes, every=args.every, total=total))
                rows.append((page, "protocol client", n, r.idle_ms_per_s, r.change_ms_per_s, r.fresh_p50, r.fresh_p95))
            finally:
                server.stop()
    print(f"\n## The protocol client against real Chromium ({n} of each, one after the other)")
    print("| page | viewers | n | idle CPU ms/viewer-s | change CPU ms/viewer-s | fresh p50 / p95 s |")
    print("|---|---|---:|---:|---:|---:|")
    for page, kind, count, idle, change, p50, p95 in rows:
        print(f"| {page} | {kind} | {count} | {idle:.2f} | {change:.2f} | {p50:.2f} / {p95:.2f} |")
    print("(Chromium freshness is read tab after tab, so it is an upper bound.)")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", default=str(ROOT), help="the desk checkout to serve (default: this one)")
    parser.add_argument("--label", default="this tree")
    parser.add_argument("--pages", default="floor,follow,presenter,live-summary")
    parser.add_argument("--viewers", default="1,10,50,150")
    parser.add_argument("--idle", type=float, default=12.0, help="seconds of idle measurement")
    parser.add_argument("--changes", type=int, default=8)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between captures")
    parser.add_argument("--replicas", action="store_true",
                        help="two servers of the tree on one PostgreSQL database instead of the viewer table")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="an admin connection (for --replicas) that may create the bench database")
    parser.add_argument("--browsers", type=int, default=0,
                        help="check the protocol client against this many real Chromium tabs instead")
    parser.add_argument("--mixed", default="",
                        help="FOLLOW,SUMMARY,PRESENTER viewer counts at once on one server, e.g. 145,3,2")
    args = parser.parse_args(argv)
    if args.mixed:
        run_mixed(args)
    elif args.browsers:
        check_against_browsers(args)
    elif args.replicas:
        run_replicas(args)
    else:
        run_tree(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
