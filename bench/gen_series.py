"""Generate a large synthetic Industry Connect series for benchmarks (never part of the demo data).

Default size: 100 sessions, 50,000 interventions, 3,000 recommendations, with attendance,
theme tags, sources and follow-up histories, written with bulk inserts into an *empty*
database (it is migrated first; PostgreSQL tables are then ANALYZEd, as autovacuum would):

    .venv/bin/python bench/gen_series.py --database-url sqlite:///bench/out/series.db
    .venv/bin/python bench/gen_series.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.services.taxonomy import load_themes  # noqa: E402
from db.codes import ADDRESSEES, SECTORS  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import (  # noqa: E402
    Attendance,
    DialogueSession,
    Intervention,
    InterventionTheme,
    Person,
    Recommendation,
    RecommendationEvent,
    RecommendationSource,
    RecommendationTheme,
    Theme,
)
from db.session import dispose_engine, session_factory  # noqa: E402

GROUP_WEIGHTS = {"member_state": 5, "industry": 6, "academia": 3, "civil_society": 3,
                 "intergovernmental": 2, "youth": 2, "other": 1}
STATUS_WEIGHTS = {"proposed": 4, "accepted": 3, "in_progress": 3, "implemented": 3, "not_pursued": 1}
CHAIN = ["proposed", "accepted", "in_progress", "implemented"]
CHUNK = 5000


@dataclass(frozen=True)
class Size:
    sessions: int = 100
    interventions: int = 50_000
    recommendations: int = 3_000
    people: int = 2_000


@dataclass(frozen=True)
class Generated:
    sessions: int
    people: int
    attendance: int
    interventions: int
    intervention_themes: int
    recommendations: int
    events: int
    seconds: float


def _bulk(session: Session, model: type, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model.__table__), rows[start:start + CHUNK])


def _reset_sequences(session: Session, models: list[type]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the data."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate(session: Session, size: Size = Size(), *, seed: int = 7, today: date | None = None) -> Generated:
    """Fill an empty, migrated database with a synthetic series of `size` (in the caller's transaction)."""
    began = time.perf_counter()
    rng = random.Random(seed)
    if session.scalar(select(func.count(DialogueSession.id))):
        raise SystemExit("the database already holds sessions; generate into an empty database")
    load_themes(session)
    theme_ids = list(session.scalars(select(Theme.id).order_by(Theme.position)))
    today = today or date.today()
    now = datetime.now(timezone.utc)
    # Roughly every 3-4 weeks, ending about a month ago, so the newest follow-ups are fresh.
    step = timedelta(days=26)
    first = datetime.combine(today, datetime.min.time(), timezone.utc).replace(hour=9) - step * (size.sessions + 1)
    sectors = [c for c in SECTORS if c != "other"]

    sessions = [dict(id=i, title=f"Benchmark dialogue {i}", series_name="Benchmark series", series_number=i,
                     sector_focus=sectors[i % len(sectors)], scheduled_start=first + step * i, duration_minutes=120,
                     format="online", interpretation_languages=[], status="published" if i % 3 else "closed",
                     chatham_house=True, approval_mode=False, clock_paused_seconds=0, data_version=0,
                     created_at=first + step * i - timedelta(days=30), updated_at=first + step * i)
                for i in range(1, size.sessions + 1)]
    _bulk(session, DialogueSession, sessions)

    orgs = [f"Organisation {n}" for n in range(1, size.people // 5 + 1)]
    countries = [f"Country {n}" for n in range(1, 61)]
    people = []
    for pid in range(1, size.people + 1):
        group = _weighted(rng, GROUP_WEIGHTS)
        people.append(dict(id=pid, name=f"Person {pid}", organization=rng.choice(orgs), country=rng.choice(countries),
                           email=f"person{pid}@bench.example", stakeholder_type=group, is_youth=group == "youth",
                           created_at=now, updated_at=now))
    _bulk(session, Person, people)

    attendance, roster = [], {}
    for s in sessions:
        chosen = rng.sample(people, rng.randint(20, 40))
        youth_no = 0
        for p in chosen:
            youth = p["stakeholder_type"] == "youth"
            youth_no += youth
            attendance.append(dict(id=len(attendance) + 1, session_id=s["id"], person_id=p["id"],
                                   stakeholder_type=p["stakeholder_type"], needs_review=False, attended=True,
                                   youth_pseudonym_no=youth_no if youth else None, registered_at=s["created_at"]))
        roster[s["id"]] = chosen
    _bulk(session, Attendance, attendance)

    interventions, tags, by_session = [], [], {}
    per_session = size.interventions // size.sessions
    for s in sessions:
        for _ in range(per_session + (1 if len(interventions) < size.interventions % size.sessions else 0)):
            iid = len(interventions) + 1
            speaker = rng.choice(roster[s["id"]])
            at = s["scheduled_start"] + timedelta(minutes=rng.randint(15, 115))
            interventions.append(dict(
                id=iid, session_id=s["id"], person_id=speaker["id"], stakeholder_type=speaker["stakeholder_type"],
                text=f"Synthetic intervention {iid}.", speaking_seconds=rng.randint(30, 300) if rng.random() < .7 else None,
                created_at=at, updated_at=at, deleted_at=at if rng.random() < .02 else None))
            for theme_id in rng.sample(theme_ids, rng.choice((1, 1, 2, 2, 3))):
                tags.append(dict(intervention_id=iid, theme_id=theme_id))
            by_session.setdefault(s["id"], []).append(iid)
    _bulk(session, Intervention, interventions)
    _bulk(session, InterventionTheme, tags)

    recs, rec_tags, sources, events = [], [], [], []
    per_session = size.recommendations // size.sessions
    for s in sessions:
        for position in range(1, per_session + 1):
            rid = len(recs) + 1
            status = _weighted(rng, STATUS_WEIGHTS)
            created = s["scheduled_start"] + timedelta(days=2)
            changed = created + (now - created) * rng.random() if status != "proposed" else created
            review = (changed + timedelta(days=rng.randint(30, 200))).date() if rng.random() < .7 else None
            recs.append(dict(
                id=rid, session_id=s["id"], position=position, text=f"Synthetic recommendation {rid}.",
                addressed_to=rng.sample(list(ADDRESSEES), rng.randint(1, 3)), priority="medium",
                follow_up_status=status, status_reason="Out of scope for now." if status == "not_pursued" else None,
                status_changed_at=changed, owner=rng.choice(orgs) if status != "proposed" else None,
                review_date=review, created_at=created, updated_at=changed,
                deleted_at=created if rng.random() < .01 else None,
                merged_into_id=rid - 1 if position > 1 and rng.random() < .01 else None))
            for theme_id in rng.sample(theme_ids, rng.choice((1, 2))):
                rec_tags.append(dict(recommendation_id=rid, theme_id=theme_id))
            for iid in rng.sample(by_session[s["id"]], 2):
                sources.append(dict(recommendation_id=rid, intervention_id=iid))
            steps = CHAIN[:CHAIN.index(status) + 1] if status in CHAIN else ["proposed", "not_pursued"]
            for before, after in zip(steps, steps[1:]):
                events.append(dict(id=len(events) + 1, recommendation_id=rid, kind="status", from_status=before,
                                   to_status=after, note=None, changed_at=changed))
    _bulk(session, Recommendation, recs)
    _bulk(session, RecommendationTheme, rec_tags)
    _bulk(session, RecommendationSource, sources)
    _bulk(session, RecommendationEvent, events)
    _reset_sequences(session, [DialogueSession, Person, Attendance, Intervention, Recommendation, RecommendationEvent])
    session.flush()
    return Generated(len(sessions), len(people), len(attendance), len(interventions), len(tags), len(recs),
                     len(events), time.perf_counter() - began)


def _analyze(database_url: str) -> None:
    """Give PostgreSQL's planner the statistics autovacuum would gather within a minute of a bulk load.

    Without them it guesses a handful of rows per table and sorts 50,000 interventions on disk
    (the trends' GROUP BYs took ~120 ms instead of ~70 ms here). SQLite keeps no statistics unless asked,
    and the app never asks, so it is left as it is.
    """
    from sqlalchemy import create_engine

    if not database_url.startswith("postgresql"):
        return
    tables = ", ".join(m.__table__.name for m in (
        DialogueSession, Person, Attendance, Intervention, InterventionTheme, Recommendation, RecommendationTheme,
        RecommendationSource, RecommendationEvent, Theme))
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"ANALYZE {tables}"))
    finally:
        engine.dispose()


def generate_into(database_url: str, size: Size = Size(), *, seed: int = 7) -> Generated:
    """Migrate `database_url`, fill it, commit, and (PostgreSQL) gather planner statistics."""
    upgrade(database_url)
    with session_factory(database_url)() as session:
        result = generate(session, size, seed=seed)
        session.commit()
    dispose_engine(database_url)
    _analyze(database_url)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty database (it is migrated first)")
    parser.add_argument("--sessions", type=int, default=Size.sessions)
    parser.add_argument("--interventions", type=int, default=Size.interventions)
    parser.add_argument("--recommendations", type=int, default=Size.recommendations)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    size = Size(args.sessions, args.interventions, args.recommendations)
    done = generate_into(args.database_url, size, seed=args.seed)
    print(f"generated {done.sessions} sessions, {done.people} people, {done.attendance} attendance rows, "
          f"{done.interventions} interventions ({done.intervention_themes} theme tags), "
          f"{done.recommendations} recommendations, {done.events} follow-up events in {done.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
