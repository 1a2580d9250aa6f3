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
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from viewer_desk import FILL, Server, Writer, desk, start_server  # noqa: E402
from viewer_measure import PAGES, Result, measure, pct, print_table  # noqa: E402
from wsclient import Viewer  # noqa: E402


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
