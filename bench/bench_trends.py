"""How fast the trends page answers at series scale: page server time (cold and warm cache) vs raw SQL.

Generates 100 sessions / 50,000 interventions / 3,000 recommendations (bench/gen_series.py)
into a fresh SQLite file unless --database-url points at a database that already holds
them (an empty one is filled first). Then, for the unfiltered page and a filtered one:

- raw SQL: the aggregate statements the trends service issues, replayed on a DBAPI cursor;
- service: build_trend_report() (the same SQL plus turning rows into DataFrames);
- page cold: the whole trends page under AppTest with st.cache_data cleared;
- page warm: the same page re-run with the cache filled (change stamp + render only).

    .venv/bin/python bench/bench_trends.py
    .venv/bin/python bench/bench_trends.py --database-url "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench"
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select  # noqa: E402

from bench.gen_series import Size, generate_into  # noqa: E402
from dashboard.services.leadership.trends import TrendFilters, build_trend_report, get_change_stamp  # noqa: E402
from dashboard.services.admin.users import create_user, get_user  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import DialogueSession, Intervention, Recommendation  # noqa: E402
from db.session import get_engine, session_factory  # noqa: E402

BENCH_USER = "bench-leader"
FILTERED = TrendFilters(years=(2024, 2025), groups=("youth", "industry"), themes=("age_assurance",))


def _timed_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and fastest of `repeat` runs: on a busy shared machine the fastest is the least disturbed."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times)


def prepare(url: str) -> tuple[int, int, int]:
    """Make sure the database holds a series and a leadership account; return its size."""
    upgrade(url)
    with session_factory(url)() as s:
        empty = not s.scalar(select(func.count(DialogueSession.id)))
    if empty:
        done = generate_into(url, Size())
        print(f"generated the series in {done.seconds:.1f} s")
    with session_factory(url)() as s:
        if get_user(s, BENCH_USER) is None:
            create_user(s, username=BENCH_USER, password="bench-password", roles=["leadership"])
            s.commit()
        return (s.scalar(select(func.count(DialogueSession.id))) or 0,
                s.scalar(select(func.count(Intervention.id)).where(Intervention.deleted_at.is_(None))) or 0,
                s.scalar(select(func.count(Recommendation.id)).where(Recommendation.deleted_at.is_(None))) or 0)


def capture_statements(url: str, filters: TrendFilters) -> list[tuple[str, object]]:
    """The SQL the trends service sends for `filters`, as the DBAPI received it."""
    engine = get_engine(url)
    seen: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with session_factory(url)() as s:
            build_trend_report(s, filters=filters)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


def raw_sql(url: str, statements: list[tuple[str, object]]) -> None:
    """Replay the statements on one DBAPI connection and fetch every row."""
    connection = get_engine(url).raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        cursor.close()
        connection.rollback()
    finally:
        connection.close()


def service(url: str, filters: TrendFilters) -> None:
    with session_factory(url)() as s:
        build_trend_report(s, filters=filters)


def stamp(url: str) -> None:
    with session_factory(url)() as s:
        get_change_stamp(s)


def _quiet() -> None:
    """Widget updates and cache clears outside a server log a warning each; the figures are what matter."""
    from streamlit import logger

    logger.set_log_level("error")


class Page:
    """The real app under AppTest, logged in as leadership, on the trends page."""

    def __init__(self, url: str, data_dir: str) -> None:
        os.environ.update(DATABASE_URL=url, DIALOGUE_DESK_DATA_DIR=data_dir, DIALOGUE_DESK_ENV="development")
        from streamlit.testing.v1 import AppTest

        _quiet()
        self.at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
        state = self.at.session_state
        state["authentication_status"], state["username"], state["name"] = True, BENCH_USER, BENCH_USER
        state["roles"], state["logout"] = ["leadership"], None
        self.at.run()
        self.at.switch_page("../pages/trends.py").run()
        self._check()

    def _check(self) -> None:
        if self.at.exception:
            raise SystemExit(f"the trends page failed: {self.at.exception}")
        if not self.at.metric:
            raise SystemExit("the trends page showed no figures; is the series there?")

    def set_filters(self, filters: TrendFilters) -> None:
        _quiet()
        for key, value in (("tr_years", filters.years), ("tr_quarters", filters.quarters),
                           ("tr_sectors", filters.sectors), ("tr_groups", filters.groups),
                           ("tr_themes", filters.themes)):
            self.at.multiselect(key=key).set_value(list(value))
        self.at.run()
        self._check()

    def cold(self) -> None:
        import streamlit as st

        _quiet()
        st.cache_data.clear()
        self.at.run()
        self._check()

    def warm(self) -> None:
        self.at.run()
        self._check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the median is shown")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="bench_trends_")
    url = args.database_url or f"sqlite:///{Path(workdir) / 'series.db'}"
    sessions, interventions, recommendations = prepare(url)
    backend = get_engine(url).dialect.name
    print(f"\nTrends page on {backend}: {sessions} sessions, {interventions:,} interventions, "
          f"{recommendations:,} recommendations (median of {args.repeat} runs)\n")
    page = Page(url, workdir)
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name in (
        "raw SQL aggregates", "trends service (SQL + DataFrames)", "page, cold cache", "page, warm cache",
        "  of which change stamp")}
    counts = []
    for filters in (TrendFilters(), FILTERED):
        statements = capture_statements(url, filters)
        counts.append(len(statements))
        page.set_filters(filters)
        rows["raw SQL aggregates"].append(_timed_ms(lambda: raw_sql(url, statements), args.repeat))
        rows["trends service (SQL + DataFrames)"].append(_timed_ms(lambda: service(url, filters), args.repeat))
        rows["page, cold cache"].append(_timed_ms(page.cold, args.repeat))
        rows["page, warm cache"].append(_timed_ms(page.warm, args.repeat))
        rows["  of which change stamp"].append(_timed_ms(lambda: stamp(url), args.repeat))
    raw = rows["raw SQL aggregates"]
    head = "median ms (x SQL)   fastest ms (x SQL)"
    print(f"{'':36}{'unfiltered':^40}{'filtered':^40}\n{'':36}{head:^40}{head:^40}")
    for name, values in rows.items():
        cells = "".join(f"{med:>9.0f} ({med / rmed:>4.1f}x) {low:>13.0f} ({low / rlow:>4.1f}x)   "
                        for (med, low), (rmed, rlow) in zip(values, raw))
        print(f"{name:<36}{cells}")
    print(f"\nx = ratio to the raw SQL of the same filters ({counts[0]} and {counts[1]} statements, replayed on a "
          "DBAPI cursor).\nFiltered: years 2024-2025, youth + industry, theme age assurance. Page times are "
          "AppTest server time for one rerun.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
