"""How fast the trends page answers at series scale: page server time (cold, filter change, warm) vs raw SQL.

Generates 100 sessions / 50,000 interventions / 3,000 recommendations (bench/gen_series.py)
into a fresh SQLite file unless --database-url points at a database that already holds
them (an empty one is filled first; a PostgreSQL schema must exist). Then, for three filter
sets (none; one sector; years 2024-2025 + youth and industry + one theme):

- raw SQL: the statements build_trend_report() issues for every tab at once, replayed on a
  DBAPI cursor (the page issues the headline's and the open tab's only);
- service: build_trend_report() (the same SQL plus turning rows into DataFrames);
- page cold: the whole trends page under AppTest, one rerun after every trends cache was
  emptied (`trends_cache.clear()`: what a capture or follow-up edit does by moving the change
  stamp): held sessions and filter options, the headline, and the first tab's figures, chart
  specs and tables are computed;
- page filter change: the rerun after the filters were switched to this set from the previous
  one, when no view of this set is cached but the per-data cache (held sessions and filter
  options of the current change stamp) is warm: the headline and the first tab are computed;
- page warm: the same page re-run with everything cached (change stamp + drawing only);
- page, first open of a tab: the rerun a click on the Themes tab (the costliest GROUP BY), the
  Implementation tab (layered "too early" charts), the Support checks tab (the frozen results of
  ~100 closed checks read and tallied, and ~20,000 answers counted by person) or the Needs
  attention tab (the longest table and picker, with per-session recommendation numbers) makes
  when nobody opened it yet for this filter set and change stamp (only the open tab is counted
  and drawn).

Each page figure is AppTest server time for one rerun, which skips Streamlit's post-script
garbage collection (`runner.postScriptGC`): a real server adds that to every rerun.

    .venv/bin/python bench/bench_trends.py
    .venv/bin/python bench/bench_trends.py --database-url "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench_trends"
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
SECTOR = TrendFilters(sectors=("gaming",))
FILTERED = TrendFilters(years=(2024, 2025), groups=("youth", "industry"), themes=("age_assurance",))
SETS = {"unfiltered": TrendFilters(), "one sector": SECTOR, "filtered": FILTERED}


class _Paired:
    """A timed step with an untimed preparation before each run."""

    def __init__(self, prepare: Callable[[], None], step: Callable[[], None]) -> None:
        self.prepare, self.step = prepare, step

    def __call__(self) -> None:
        self.step()


def _timed_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and fastest of `repeat` runs: on a busy shared machine the fastest is the least disturbed."""
    times = []
    for _ in range(repeat):
        if isinstance(fn, _Paired):
            fn.prepare()
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
        from dashboard.ui.leadership import trends_cache

        _quiet()
        trends_cache.clear()
        self.at.run()
        self._check()

    def show_tab(self, name: str) -> None:
        """Open the tab whose label starts with `name`, as a click on it does."""
        _quiet()
        [label] = [t.label for t in self.at.tabs if t.label.startswith(name)]
        self.at.session_state["tr_tab"] = label
        self.at.run()
        self._check()

    def first_opening(self, filters: TrendFilters, name: str) -> Callable[[], None]:
        """A timed first opening of tab `name`: the headline and the first tab are cached, `name` is not."""
        from dashboard.ui.leadership import trends_cache
        from dashboard.ui.leadership.trends_blocks import TABS

        def prepare() -> None:
            self.set_filters(filters)
            self.show_tab(TABS[0])
            trends_cache.view_for.clear()
            self.warm()

        def step() -> None:
            self.show_tab(name)

        return _Paired(prepare, step)

    def filter_change(self, previous: TrendFilters, filters: TrendFilters) -> Callable[[], None]:
        """A timed switch from `previous` to `filters`, with no view of either cached but the options warm."""
        from dashboard.ui.leadership import trends_cache

        def prepare() -> None:
            self.set_filters(previous)
            trends_cache.view_for.clear()

        def change() -> None:
            self.set_filters(filters)

        return _Paired(prepare, change)

    def warm(self) -> None:
        self.at.run()
        self._check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; median and fastest are shown")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="bench_trends_")
    url = args.database_url or f"sqlite:///{Path(workdir) / 'series.db'}"
    sessions, interventions, recommendations = prepare(url)
    backend = get_engine(url).dialect.name
    print(f"\nTrends page on {backend}: {sessions} sessions, {interventions:,} interventions, "
          f"{recommendations:,} recommendations (median and fastest of {args.repeat} runs)\n")
    page = Page(url, workdir)
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name in (
        "raw SQL aggregates", "trends service (SQL + DataFrames)", "page, cold (trends caches empty)",
        "page, filter change", "page, warm", "  of which change stamp", "page, first open: Themes tab",
        "page, first open: Implementation", "page, first open: Support checks",
        "page, first open: Needs attention")}
    counts = []
    previous = FILTERED
    for filters in SETS.values():
        statements = capture_statements(url, filters)
        counts.append(len(statements))
        page.set_filters(filters)
        rows["raw SQL aggregates"].append(_timed_ms(lambda: raw_sql(url, statements), args.repeat))
        rows["trends service (SQL + DataFrames)"].append(_timed_ms(lambda: service(url, filters), args.repeat))
        rows["page, cold (trends caches empty)"].append(_timed_ms(page.cold, args.repeat))
        rows["page, filter change"].append(_timed_ms(page.filter_change(previous, filters), args.repeat))
        rows["page, warm"].append(_timed_ms(page.warm, args.repeat))
        rows["  of which change stamp"].append(_timed_ms(lambda: stamp(url), args.repeat))
        for tab, row in (("Themes", "page, first open: Themes tab"),
                         ("Implementation", "page, first open: Implementation"),
                         ("Support checks", "page, first open: Support checks"),
                         ("Needs attention", "page, first open: Needs attention")):
            rows[row].append(_timed_ms(page.first_opening(filters, tab), args.repeat))
        page.show_tab("Participation")
        previous = filters
    raw = rows["raw SQL aggregates"]
    head = "median  fastest (x SQL)"
    print(f"{'':36}" + "".join(f"{name:^27}" for name in SETS) + f"\n{'':36}" + f"{head:^27}" * len(SETS))
    for name, values in rows.items():
        cells = "".join(f"{med:>8.0f} {low:>8.0f} ({low / rlow:>4.1f}x)"
                        for (med, low), (_, rlow) in zip(values, raw))
        print(f"{name:<36}{cells}")
    print(f"\nx = fastest run / fastest raw SQL of the same filters ({', '.join(map(str, counts))} statements, "
          "replayed on a DBAPI cursor).\nOne sector: gaming. Filtered: years 2024-2025, youth + industry, theme age "
          "assurance. Filter change: from the previous column's filters (unfiltered: from 'filtered').\n"
          "Page times are AppTest server time for one rerun.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
