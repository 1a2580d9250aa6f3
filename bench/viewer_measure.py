"""One measurement of the viewer bench: N headless viewers on one page of one server, idle then
under change, and the table it prints."""
from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass

import psutil

from viewer_desk import Server, Writer
from wsclient import Viewer

# page -> (url path, how a viewer's freshness is seen): the capture's note arriving, the new total
# arriving, or (a participant's page, which shows neither) the re-run for the new stamp finishing.
PAGES = {"floor": ("", "note"), "live-summary": ("live-summary", "note"), "presenter": ("presenter", "total"),
         "follow": ("follow", "stamp")}


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
