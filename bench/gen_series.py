"""Generate a large synthetic Industry Connect series for benchmarks (never part of the demo data).

Default size: 100 sessions, 50,000 interventions, 3,000 recommendations, with attendance,
theme tags, sources, follow-up histories and closed support checks (two sessions in three; their
results frozen by the same consensus maths closing a check uses), written with bulk inserts into an *empty*
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

from dashboard.services.support import consensus  # noqa: E402
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
    SupportCheck,
    SupportCheckItem,
    SupportResponse,
    Theme,
    User,
)
from db.session import dispose_engine, session_factory  # noqa: E402

GROUP_WEIGHTS = {"member_state": 5, "industry": 6, "academia": 3, "civil_society": 3,
                 "intergovernmental": 2, "youth": 2, "other": 1}
STATUS_WEIGHTS = {"proposed": 4, "accepted": 3, "in_progress": 3, "implemented": 3, "not_pursued": 1}
CHAIN = ["proposed", "accepted", "in_progress", "implemented"]
CHUNK = 5000
# How a group leans on one recommendation: shares of Support, Can live with it, Oppose, Pass.
MOODS = {"agrees": (6, 2.5, .5, 1), "lukewarm": (3, 3.5, 2, 1.5), "opposes": (1, 1.5, 6.5, 1)}
MOOD_WEIGHTS = {"agrees": 5, "lukewarm": 3, "opposes": 1}
ANSWERS = ("support", "live_with", "oppose", "pass")


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
    support_checks: int
    support_responses: int
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
    checks, responses = _support_checks(session, rng, sessions, roster, recs, now)
    _reset_sequences(session, [DialogueSession, Person, Attendance, Intervention, Recommendation, RecommendationEvent,
                               User, SupportCheck, SupportResponse])
    session.flush()
    return Generated(len(sessions), len(people), len(attendance), len(interventions), len(tags), len(recs),
                     len(events), checks, responses, time.perf_counter() - began)


def _support_checks(session: Session, rng: random.Random, sessions: list[dict], roster: dict[int, list[dict]],
                    recs: list[dict], now: datetime) -> tuple[int, int]:
    """Closed checks on two sessions in three, answered by most attendees and a few self-declared; results frozen."""
    users = [dict(id=p["id"], username=f"bench-voter-{p['id']}", display_name=p["name"], password_hash="!",
                  roles=["participant"], preferred_language="en", is_active=True, is_guest=True, person_id=p["id"],
                  created_at=now, updated_at=now)
             for p in {p["id"]: p for chosen in roster.values() for p in chosen}.values()]
    current = {}
    for r in recs:
        if r["deleted_at"] is None and r["merged_into_id"] is None:
            current.setdefault(r["session_id"], []).append(r["id"])
    checks, items, responses = [], [], []
    for s in sessions:
        if s["id"] % 3 == 0:
            continue  # never had a check: the trends say "no support check"
        voters = [(p["id"], p["stakeholder_type"], False) for p in roster[s["id"]] if rng.random() < .8]
        for _ in range(rng.randint(0, 3)):  # admitted by the share code, under the group they declared
            users.append(dict(id=len(users) + 100_000, username=f"bench-guest-{len(users)}", display_name="Guest",
                              password_hash="!", roles=["participant"], preferred_language="en", is_active=True,
                              is_guest=True, person_id=None, created_at=now, updated_at=now))
            voters.append((users[-1]["id"], _weighted(rng, GROUP_WEIGHTS), True))
        expected = {p["stakeholder_type"] for p in roster[s["id"]]}
        pool = list(current[s["id"]])
        for n in range(rng.choice((1, 1, 2))):
            check_id = len(checks) + 1
            closed = s["scheduled_start"] + timedelta(minutes=60 + 20 * n)
            results = {}
            for position, rid in enumerate(rng.sample(pool, min(len(pool), rng.randint(4, 8)))):
                items.append(dict(check_id=check_id, recommendation_id=rid, position=position))
                moods = {g: MOODS[_weighted(rng, MOOD_WEIGHTS)] for g in GROUP_WEIGHTS}
                tallies: dict[bool, dict[str, list[str]]] = {False: {}, True: {}}
                for user_id, group, declared in voters:
                    given = rng.choices(ANSWERS, weights=moods[group])[0]
                    tallies[declared].setdefault(group, []).append(given)
                    responses.append(dict(id=len(responses) + 1, check_id=check_id, recommendation_id=rid,
                                          user_id=user_id, stakeholder_type=group, self_declared=declared,
                                          answer=given, answered_at=closed, updated_at=closed))
                counted = {d: {g: consensus.Tally.of(a) for g, a in t.items()} for d, t in tallies.items()}
                result = consensus.recommendation_support(rid, counted[False], counted[True], min_group_size=3,
                                                          expected_groups=expected)
                results[str(rid)] = consensus.as_dict(result)
            checks.append(dict(id=check_id, session_id=s["id"], state="closed", min_group_size=3, version=len(voters),
                               results=results, opened_at=closed - timedelta(minutes=15), closed_at=closed))
    _bulk(session, User, users)
    _bulk(session, SupportCheck, checks)
    _bulk(session, SupportCheckItem, items)
    _bulk(session, SupportResponse, responses)
    return len(checks), len(responses)


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
        RecommendationSource, RecommendationEvent, Theme, User, SupportCheck, SupportCheckItem, SupportResponse))
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
          f"{done.recommendations} recommendations, {done.events} follow-up events, {done.support_checks} closed "
          f"support checks ({done.support_responses} answers) in {done.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
