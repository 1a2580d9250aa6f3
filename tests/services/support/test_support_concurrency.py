"""150 people answering 8 recommendations at once, then a close racing the last answers: nothing lost or doubled.

Each voter runs in one of several threads with its own transactions (one per answer, as the page
does); some change their answer, some send the same answer twice (a double click). A close then
races a second wave: every answer either made it into the frozen results or was refused.
"""
import random
import threading
from collections import Counter

from sqlalchemy import func, select

from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict
from dashboard.services.outcomes.recommendations import create_recommendation
from dashboard.services.support import checks, join_links
from db.models import SupportResponse
from db.session import session_scope
from tests.factories import make_person, make_session, make_user

VOTERS = 150
RECS = 8
THREADS = 6
GROUPS = ("member_state", "industry", "academia", "civil_society", "intergovernmental", "youth")
ANSWERS = ("support", "live_with", "oppose", "pass")


def test_150_voters_on_8_recommendations_lose_and_double_nothing(db_url):
    with session_scope(db_url) as s:
        mod = make_user(s)
        actor = Actor(mod.id, mod.username)
        ds = make_session(s)
        for i in range(VOTERS):
            make_person(s, ds.id, stakeholder_type=GROUPS[i % len(GROUPS)])
        recs = [create_recommendation(s, session_id=ds.id, actor=actor, text=f"R {i}").id for i in range(RECS)]
        join_links.make_links(s, session_id=ds.id, actor=actor)
        tokens = [link.token for link in join_links.list_links(s, session_id=ds.id)]
        sid = ds.id
    with session_scope(db_url) as s:
        voters = [join_links.redeem(s, t).user_id for t in tokens]
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor)

    final: dict[tuple[int, int], str] = {}
    lock = threading.Lock()
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def send(uid: int, rid: int, given: str) -> None:
        with session_scope(db_url) as s:
            checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=rid, user_id=uid, answer=given)

    def wave(mine: list[int], seed: int) -> None:
        rnd = random.Random(seed)
        try:
            barrier.wait()
            for uid in mine:
                for rid in recs:
                    given = rnd.choice(ANSWERS)
                    send(uid, rid, given)
                    if rnd.random() < 0.15:  # a double click
                        send(uid, rid, given)
                    if rnd.random() < 0.25:  # a change of mind
                        given = rnd.choice(ANSWERS)
                        send(uid, rid, given)
                    with lock:
                        final[(uid, rid)] = given
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=wave, args=(voters[t::THREADS], t)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(db_url) as s:
        stored = {(r.user_id, r.recommendation_id): r.answer for r in s.scalars(select(SupportResponse))}
    assert stored == final  # every last answer kept, one row per person and recommendation
    assert len(stored) == VOTERS * RECS

    # A second wave races the close: each answer lands before it (and is frozen) or is refused.
    accepted: dict[tuple[int, int], str] = {}
    refused = Counter()

    def late(mine: list[int]) -> None:
        for uid in mine:
            try:
                send(uid, recs[0], "oppose")
                with lock:
                    accepted[(uid, recs[0])] = "oppose"
            except Conflict:
                with lock:
                    refused["n"] += 1

    racers = [threading.Thread(target=late, args=(voters[t::THREADS],)) for t in range(THREADS)]
    for t in racers:
        t.start()
    with session_scope(db_url) as s:
        checks.close_check(s, session_id=sid, check_id=check_id, actor=actor)
    for t in racers:
        t.join()
    assert len(accepted) + refused["n"] == VOTERS
    with session_scope(db_url) as s:
        found = list(s.scalars(select(SupportResponse)))
        rows = {(r.user_id, r.recommendation_id): r.answer for r in found}
        frozen = checks.check_results(s, check_id=check_id)
        count = s.scalar(select(func.count()).select_from(SupportResponse))
    assert count == VOTERS * RECS
    expected = {**final, **accepted}
    assert rows == expected
    # The frozen figures are exactly the stored answers: nothing changed after the close.
    opposing = Counter(r.stakeholder_type for r in found if r.recommendation_id == recs[0] and r.answer == "oppose")
    assert sum(opposing.values()) >= len(accepted)
    first = next(r for r in frozen if r["recommendation_id"] == recs[0])
    assert {g["group"]: g["oppose"] for g in first["groups"]} == {g: opposing.get(g, 0) for g in GROUPS}
