"""How fast the live summary answers with 5,000 interventions in one session.

Fills one session (8 questions, 36 participants, 5,000 interventions with themes and speaking
times) into a fresh SQLite file, or into --database-url (reused when it already holds the
bench session). Then prints, as medians of --repeat runs:

- raw SQL: the core GROUP BY (question x stakeholder group), replayed on a DBAPI cursor;
- change stamp: the one indexed select every viewer's refresh makes;
- summary, uncached: summarize_live + key points + clock, the data part of one cache miss;
- page cold: pages/live_summary.py under AppTest with the shared caches (view and chart specs) cleared;
- page warm: the same page re-run with the cache filled (what every 2-second refresh costs);
- page after a new capture: one intervention saved, then the page (the recompute, shared by all viewers,
  re-ranks only the question that changed);
- empty page: a page that only checks the login and prints a title, the floor of any page.

    .venv/bin/python bench/bench_live_summary.py
    .venv/bin/python bench/bench_live_summary.py --database-url \\
        "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench_live"
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, select  # noqa: E402

from dashboard.services.audit import Actor  # noqa: E402
from dashboard.services.admin.demo import load_themes  # noqa: E402
from dashboard.services.live.capture import capture_intervention  # noqa: E402
from dashboard.services.live.key_points import list_key_points  # noqa: E402
from dashboard.services.live.clock import get_clock  # noqa: E402
from dashboard.services.live.summary import count_by_question_and_group, get_data_version, summarize_live  # noqa: E402
from dashboard.services.themes import list_themes, match_themes  # noqa: E402
from dashboard.services.admin.users import create_user, get_user  # noqa: E402
from db.codes import STAKEHOLDER_TYPES  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import (Attendance, DialogueSession, Intervention, InterventionTheme, Part, Person,  # noqa: E402
                       Question, Theme)
from db.session import get_engine, session_factory  # noqa: E402

TITLE = "Bench: live summary at 5,000 interventions"
BENCH_USER = "bench-moderator"
OPENINGS = ["We see that", "Our experience shows that", "Regulators expect that", "Young people told us that",
            "The evidence suggests that", "In our markets", "From the helpline data,", "Parents ask that"]
CLAIMS = [
    "age assurance must be proportionate to the risk of each feature",
    "safety by design defaults should switch off contact from strangers",
    "moderation of live voice chat needs human review at peak hours",
    "loot boxes and in-app purchases should be limited for players under 18",
    "reporting tools must be easy to find and answered within a day",
    "generative AI chatbots need guardrails against grooming scripts",
    "transparency reports should publish metrics on child safety",
    "digital literacy in schools must include teachers and parents",
    "privacy and data protection rules should stop profiling of children",
    "cooperation with law enforcement and hotlines works across borders",
    "youth panels should co-design safety features before launch",
    "screen time and wellbeing need research rather than assumptions",
]
CLOSINGS = ["This is urgent.", "We can share our data.", "Smaller companies need support to do this.",
            "It should be measured every year.", "Children should be asked first."]


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def fill(url: str, count: int) -> int:
    """Create the bench session (unless present) and return its id."""
    upgrade(url)
    with session_factory(url)() as s:
        load_themes(s)
        if get_user(s, BENCH_USER) is None:
            create_user(s, username=BENCH_USER, password="bench-password", roles=["moderator"])
        found = s.scalar(select(DialogueSession.id).where(DialogueSession.title == TITLE))
        if found is not None:
            s.commit()
            return found
        began = time.perf_counter()
        rng = random.Random(4)
        ds = DialogueSession(title=TITLE, sector_focus="gaming", status="live", approval_mode=False)
        s.add(ds)
        s.flush()
        questions = []
        for p in range(1, 3):
            part = Part(session_id=ds.id, position=p, title=f"Part {p}", objective="Bench objective")
            s.add(part)
            s.flush()
            for q in range(1, 5):
                question = Question(session_id=ds.id, part_id=part.id, position=q, text=f"Bench question {p}.{q}?")
                s.add(question)
                questions.append(question)
        groups = [g for g in STAKEHOLDER_TYPES if g != "other"]
        people = []
        for i in range(36):
            group = groups[i % len(groups)]
            person = Person(name=f"Bench speaker {i}", organization=f"Org {i}", stakeholder_type=group)
            s.add(person)
            s.flush()
            s.add(Attendance(session_id=ds.id, person_id=person.id, stakeholder_type=group,
                             youth_pseudonym_no=i + 1 if group == "youth" else None))
            people.append((person.id, group))
        s.flush()
        ds.current_question_id = questions[2].id
        themes = list_themes(s)
        theme_ids = dict(s.execute(select(Theme.code, Theme.id)).all())
        for _ in range(count):
            person_id, group = rng.choice(people)
            text = " ".join([rng.choice(OPENINGS), rng.choice(CLAIMS) + ".", rng.choice(CLAIMS).capitalize() + ".",
                             rng.choice(CLOSINGS)])
            item = Intervention(session_id=ds.id, question_id=rng.choice(questions).id, person_id=person_id,
                                stakeholder_type=group, text=text, speaking_seconds=rng.choice([None, 60, 90, 150]))
            s.add(item)
            s.flush()
            s.add_all(InterventionTheme(intervention_id=item.id, theme_id=theme_ids[c])
                      for c in match_themes(themes, text))
        s.commit()
        print(f"filled {count:,} interventions in {time.perf_counter() - began:.1f} s")
        return ds.id


def aggregate_statement(url: str, session_id: int) -> tuple[str, object]:
    """The core GROUP BY as the DBAPI receives it."""
    seen: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append((statement, parameters))

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", grab)
    try:
        with session_factory(url)() as s:
            count_by_question_and_group(s, session_id=session_id)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen[-1]


def raw_sql(url: str, statement: tuple[str, object]) -> None:
    connection = get_engine(url).raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(*statement)
        cursor.fetchall()
        cursor.close()
        connection.rollback()
    finally:
        connection.close()


def forget() -> None:
    """Empty every cache the live view uses: the Streamlit ones and the key points' memos."""
    from dashboard.services.live import key_points
    from dashboard.ui.live.cache import _compute, _spec

    _compute.clear()
    _spec.clear()
    key_points._ranked.cache_clear()
    key_points._sentences_of.cache_clear()


def uncached(url: str, session_id: int) -> None:
    forget()
    with session_factory(url)() as s:
        summarize_live(s, session_id=session_id)
        list_key_points(s, session_id=session_id)
        get_clock(s, session_id=session_id)


def stamp(url: str, session_id: int) -> None:
    with session_factory(url)() as s:
        get_data_version(s, session_id=session_id)


EMPTY_PAGE = """
import streamlit as st
from dashboard.auth import require_role
user = require_role("moderator", "admin")
st.title("Empty page")
"""


class Page:
    """A page script under AppTest, with a logged-in moderator preset."""

    def __init__(self, at, session_id: int) -> None:
        from streamlit import logger

        # Cache clears outside a server log a warning each; the figures are what matter.
        logger.set_log_level("error")
        self.at = at
        state = at.session_state
        state["authentication_status"], state["username"], state["name"] = True, BENCH_USER, BENCH_USER
        state["roles"], state["logout"], state["dd_session_id"] = ["moderator"], None, session_id
        self.run()

    def run(self) -> None:
        self.at.run()
        if self.at.exception:
            raise SystemExit(f"the page failed: {self.at.exception}")

    def cold(self) -> None:
        forget()
        self.run()

    def after_capture(self, url: str, session_id: int) -> float:
        """Capture one intervention on the current question, then time the page (ms)."""
        with session_factory(url)() as s:
            capture_intervention(s, session_id=session_id, actor=Actor(None, "bench"), stakeholder_type="youth",
                                 text="Young people want age assurance that is fair and easy to understand.")
            s.commit()
        began = time.perf_counter()
        self.run()
        return (time.perf_counter() - began) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    parser.add_argument("--interventions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure; the median is shown")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="bench_live_")
    url = args.database_url or f"sqlite:///{Path(workdir) / 'live.db'}"
    session_id = fill(url, args.interventions)
    os.environ.update(DATABASE_URL=url, DIALOGUE_DESK_DATA_DIR=workdir, DIALOGUE_DESK_ENV="development")
    from streamlit.testing.v1 import AppTest

    summary_page = Page(AppTest.from_file(str(ROOT / "pages" / "live_summary.py"), default_timeout=300), session_id)
    if not summary_page.at.metric or summary_page.at.metric[0].value == "0":
        raise SystemExit("the live summary showed no interventions")
    empty_page = Page(AppTest.from_string(EMPTY_PAGE, default_timeout=60), session_id)
    statement = aggregate_statement(url, session_id)
    with session_factory(url)() as s:
        total = len(s.scalars(select(Intervention.id).where(Intervention.session_id == session_id)).all())
    figures = {
        "raw SQL aggregate (GROUP BY)": _median_ms(lambda: raw_sql(url, statement), args.repeat),
        "change stamp (per refresh)": _median_ms(lambda: stamp(url, session_id), args.repeat),
        "summary + key points, uncached": _median_ms(lambda: uncached(url, session_id), args.repeat),
        "live summary page, cold cache": _median_ms(summary_page.cold, args.repeat),
        "live summary page, warm cache": _median_ms(summary_page.run, args.repeat),
        "page after a new capture": statistics.median(
            summary_page.after_capture(url, session_id) for _ in range(args.repeat)),
        "empty page": _median_ms(empty_page.run, args.repeat),
    }
    raw, empty = figures["raw SQL aggregate (GROUP BY)"], figures["empty page"]
    print(f"\nLive summary on {get_engine(url).dialect.name}: {total:,} interventions in one session "
          f"(median of {args.repeat} runs)\n")
    print(f"{'':34}{'time':>11}{'vs raw SQL':>12}{'vs empty page':>15}")
    for name, value in figures.items():
        print(f"{name:<34}{value:>8.1f} ms{value / raw:>11.1f}x{value / empty:>14.1f}x")
    print("\nPage times are AppTest server time for one full rerun of the page script (the browser's 2-second\n"
          "refresh re-runs only the live part of it). The warm figure is what each viewer's refresh costs; the\n"
          "recompute after a capture is paid once per change, for all viewers together.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
