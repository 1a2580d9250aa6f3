"""The support check under load: 150 participants on their live page answer 8 draft recommendations
within 60 s while a moderator captures every 3 s and another watches the results.

Each participant is a headless viewer (bench/wsclient.py, Streamlit's own protocol and protobuf
classes) that joins with its personal link (``follow?join=…``) and picks answers in the support
check's radios, as a click would. It prints:

- answers sent, stored, lost and doubled (the database must hold one row per person and
  recommendation, each the last answer sent);
- the moderator's freshness: from the moment the n-th participant's first answer was saved (their
  run finished) to the moderator's screen first showing "n people have answered", for n = 10, 20, …;
- server CPU per participant refresh (answer runs and change-triggered runs), and per second.

Usage: python bench/bench_support.py [--participants 150] [--recommendations 8] [--seconds 60]
       [--database-url postgresql+psycopg://…]
       python bench/bench_support.py --browsers 5   # the client checked against 5 real Chromium tabs
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from viewer_desk import desk, start_server  # noqa: E402
from viewer_measure import pct  # noqa: E402
from wsclient import Viewer  # noqa: E402

GROUPS = ("member_state", "industry", "academia", "civil_society", "intergovernmental", "youth")
COUNT = re.compile(rb"\*\*(\d+)\*\* (?:people have|person has) answered")
LABELS = {"support": "Support", "live_with": "Can live with it", "oppose": "Oppose", "pass": "Pass"}


def prepare(url: str, session_id: int, participants: int, recommendations: int) -> tuple[list[str], list[int], int]:
    """Register the participants, make their links, draft the recommendations, open the check."""
    from sqlalchemy import select

    from dashboard.services.audit import Actor
    from dashboard.services.outcomes.recommendations import create_recommendation
    from dashboard.services.support import checks, join_links
    from db.models import Attendance, DialogueSession, Person
    from db.session import session_scope

    actor = Actor(None, "bench")
    with session_scope(url) as s:
        s.get(DialogueSession, session_id).status = "live"
        for i in range(participants):
            person = Person(name=f"Bench participant {i}", stakeholder_type=GROUPS[i % len(GROUPS)],
                            email=f"bench{i}@example.org")
            s.add(person)
            s.flush()
            s.add(Attendance(session_id=session_id, person_id=person.id, stakeholder_type=person.stakeholder_type))
        recs = [create_recommendation(s, session_id=session_id, actor=actor,
                                      text=f"Bench recommendation {n}: platforms should act on point {n}.").id
                for n in range(1, recommendations + 1)]
    with session_scope(url) as s:
        join_links.make_links(s, session_id=session_id, actor=actor)
        ours = set(s.scalars(select(Attendance.id).join(Person, Person.id == Attendance.person_id)
                             .where(Attendance.session_id == session_id, Person.name.like("Bench participant %"))))
        tokens = [link.token for link in join_links.list_links(s, session_id=session_id) if link.attendance_id in ours]
        check_id = checks.open_check(s, session_id=session_id, recommendation_ids=recs, actor=actor)
    return tokens, recs, check_id


def stored(url: str, check_id: int) -> dict[tuple[int, int], str]:
    from sqlalchemy import select

    from db.models import JoinLink, SupportResponse
    from db.session import session_scope

    with session_scope(url) as s:
        users = dict(s.execute(select(JoinLink.user_id, JoinLink.token)).all())
        return {(users.get(r.user_id, ""), r.recommendation_id): r.answer
                for r in s.scalars(select(SupportResponse).where(SupportResponse.check_id == check_id))}


async def run(args: argparse.Namespace) -> None:
    with desk(ROOT, "dd-bench-support-", args.database_url) as d:
        os.environ["DATABASE_URL"] = d.env["DATABASE_URL"]
        tokens, recs, check_id = prepare(d.env["DATABASE_URL"], d.session_id, args.participants,
                                         args.recommendations)
        server = start_server(ROOT, "dashboard/serve.py", d.env, d.data / "server.log")
        try:
            crowd = [Viewer("127.0.0.1", server.port, "follow", f"join={t}", "") for t in tokens]
            for start in range(0, len(crowd), 10):
                await asyncio.gather(*(v.start() for v in crowd[start:start + 10]))
            moderator = Viewer("127.0.0.1", server.port, "support-check", f"session={d.session_id}", d.cookie)
            await moderator.start()
            marks = list(range(10, len(crowd) + 1, 10))
            # Every count the moderator's screen shows, with when it first showed it.
            counts_seen: list[tuple[float, int]] = []
            reading = moderator._on_message

            def watching(raw: bytes, reading=reading) -> None:
                for found in COUNT.finditer(raw):
                    counts_seen.append((time.time(), int(found.group(1))))
                reading(raw)

            moderator._on_message = watching
            await asyncio.sleep(3)
            keys = [f"follow_support_answer.{check_id}.{r}" for r in recs]
            missing = sum(1 for v in crowd if not all(k in v.widgets for k in keys))
            print(f"{len(crowd)} participants connected ({missing} without the check drawn); moderator watching",
                  flush=True)

            rnd = random.Random(7)
            sent: dict[tuple[str, int], str] = {}
            first_saved: dict[int, float] = {}
            runs0 = sum(v.counters.runs for v in crowd)
            cpu0, began = server.cpu(), time.monotonic()

            async def participant(i: int, viewer: Viewer) -> None:
                # Eight answers spread over the window, some changed afterwards.
                moments = sorted(rnd.uniform(0, args.seconds) for _ in recs)
                t0 = time.monotonic()
                for rec, key, at in zip(recs, keys, moments):
                    await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
                    answer = rnd.choice(list(LABELS))
                    before = len(viewer.finished_at)
                    while viewer._running:  # one click at a time, as a person's page does
                        await asyncio.sleep(0.05)
                    if not await viewer.choose(key, LABELS[answer]):
                        continue
                    sent[(tokens[i], rec)] = answer
                    while len(viewer.finished_at) <= before:
                        await asyncio.sleep(0.02)
                    first_saved.setdefault(i, viewer.finished_at[before])

            async def moderator_captures() -> None:
                n = 0
                while time.monotonic() - began < args.seconds:
                    await asyncio.sleep(3)
                    n += 1
                    await asyncio.to_thread(d.writer.ask, f"capture {d.session_id} bench capture {n}")

            await asyncio.gather(*(participant(i, v) for i, v in enumerate(crowd)), moderator_captures())
            elapsed = time.monotonic() - began
            await asyncio.sleep(3)
            cpu = server.cpu() - cpu0
            runs = sum(v.counters.runs for v in crowd) - runs0

            saved_order = sorted(first_saved.values())
            fresh = []
            for n in marks:
                shown = min((t for t, c in counts_seen if c >= n), default=None)
                if shown is not None and len(saved_order) >= n:
                    fresh.append(max(0.0, shown - saved_order[n - 1]))
            rows = stored(d.env["DATABASE_URL"], check_id)
            lost = sum(1 for k, a in sent.items() if rows.get(k) != a)
            doubled = len(rows) - len({k for k in rows})
            print()
            print(f"support check: {len(crowd)} participants x {len(recs)} recommendations in {elapsed:.0f} s, "
                  f"a capture every 3 s")
            print(f"  answers sent {len(sent)}, stored {len(rows)}, lost or wrong {lost}, doubled {doubled}")
            print(f"  moderator screen, n-th person answered -> shown: p50 {pct(fresh, 0.5):.2f} s, "
                  f"p95 {pct(fresh, 0.95):.2f} s ({len(fresh)} of {len(marks)} marks seen)")
            print(f"  participant runs {runs}: {cpu / max(runs, 1) * 1000:.1f} ms server CPU per run; "
                  f"{cpu / elapsed * 100:.0f}% of a core over the window")
            print(f"  server RSS {server.rss_mb():.0f} MB")
            for v in [*crowd, moderator]:
                await v.stop()
        finally:
            server.stop()


def check_against_browsers(args: argparse.Namespace) -> None:
    """Server CPU per answer and click-to-saved time: N Chromium tabs, then N protocol clients."""
    from playwright.sync_api import sync_playwright

    n = args.browsers
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with desk(ROOT, "dd-bench-support-browsers-", args.database_url) as d:
        url = d.env["DATABASE_URL"]
        os.environ["DATABASE_URL"] = url
        tokens, recs, check_id = prepare(url, d.session_id, 2 * n, args.recommendations)
        server = start_server(ROOT, "dashboard/serve.py", d.env, d.data / "server.log")
        rows = []
        try:
            def saved(token: str, rec: int) -> bool:
                return (token, rec) in stored(url, check_id)

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                tabs = []
                for token in tokens[:n]:
                    tab = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
                    tab.goto(f"http://127.0.0.1:{server.port}/follow?join={token}")
                    tab.get_by_text("Answered 0 of", exact=False).first.wait_for(timeout=60_000)
                    tabs.append(tab)
                time.sleep(3)
                cpu0, waits = server.cpu(), []
                for tab, token in zip(tabs, tokens[:n]):
                    for rec in recs:
                        item = tab.locator(f'[class*="st-key-follow_support_item_{check_id}_{rec}"]')
                        clicked = time.monotonic()
                        item.get_by_text("Support", exact=True).click()
                        while not saved(token, rec):
                            time.sleep(0.01)
                        waits.append(time.monotonic() - clicked)
                        tab.wait_for_timeout(150)
                cpu = server.cpu() - cpu0
                browser.close()
            rows.append(("Chromium", n, 1000 * cpu / (n * len(recs)), pct(waits, 0.5), pct(waits, 0.95)))

            async def clients() -> None:
                crowd = [Viewer("127.0.0.1", server.port, "follow", f"join={t}", "") for t in tokens[n:]]
                for v in crowd:
                    await v.start()
                await asyncio.sleep(3)
                cpu0, waits = server.cpu(), []
                for v, token in zip(crowd, tokens[n:]):
                    for rec in recs:
                        clicked = time.monotonic()
                        await v.choose(f"follow_support_answer.{check_id}.{rec}", "Support")
                        while not await asyncio.to_thread(saved, token, rec):
                            await asyncio.sleep(0.01)
                        waits.append(time.monotonic() - clicked)
                        await asyncio.sleep(0.15)
                cpu = server.cpu() - cpu0
                rows.append(("protocol client", n, 1000 * cpu / (n * len(recs)), pct(waits, 0.5), pct(waits, 0.95)))
                for v in crowd:
                    await v.stop()

            asyncio.run(clients())
        finally:
            server.stop()
    print(f"\n## Answering: the protocol client against real Chromium ({n} of each, {len(recs)} answers each)")
    print("| participants | n | server CPU per answer | click to saved p50 / p95 |")
    print("|---|---:|---:|---:|")
    for kind, count, ms, p50, p95 in rows:
        print(f"| {kind} | {count} | {ms:.1f} ms | {p50:.2f} / {p95:.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--recommendations", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--browsers", type=int, default=0,
                        help="instead: server CPU per answer from N Chromium tabs against N protocol clients")
    args = parser.parse_args()
    if args.browsers:
        check_against_browsers(args)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
