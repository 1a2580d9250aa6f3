"""Four people capturing into one session at once: nothing lost, nothing doubled.

Each writer thread has its own database sessions (one transaction per intervention, as the
console does), re-submits some of its own client tokens right away (a double click), and all
writers race on a shared set of tokens (the same form submitted from two tabs).
"""
import threading
from collections import Counter

from sqlalchemy import func, select

from dashboard.services.audit import Actor
from dashboard.services.live.capture import capture_intervention
from dashboard.services.live.summary import get_data_version, summarize_live
from db.models import Intervention
from db.session import session_scope
from tests.factories import make_person, make_session, make_user

WRITERS = 4
PER_WRITER = 500
SHARED = 25
GROUPS = ("member_state", "industry", "academia", "civil_society", "intergovernmental", "youth")


def test_concurrent_writers_lose_and_double_nothing(db_url):
    with session_scope(db_url) as s:
        user = make_user(s)
        ds = make_session(s, questions=(4,))
        speakers = [make_person(s, ds.id, stakeholder_type=g).id for g in GROUPS]
        session_id = ds.id
    with session_scope(db_url) as s:
        start_version = get_data_version(s, session_id=session_id)
    actor = Actor(user.id, user.username)
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []
    created_shared: Counter = Counter()
    doubles_ok: list[bool] = []
    lock = threading.Lock()
    calls = Counter()

    def submit(token: str, text: str, speaker: int):
        with session_scope(db_url) as s:
            result = capture_intervention(s, session_id=session_id, actor=actor, person_id=speaker, text=text,
                                          client_token=token, speaking_seconds=30)
        with lock:
            calls["n"] += 1
        return result

    def writer(w: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_WRITER):
                token = f"w{w}-{i}"
                first = submit(token, f"writer {w} note {i}", speakers[(w + i) % len(speakers)])
                if i % 20 == 0:  # a double click: the same form again
                    again = submit(token, f"writer {w} note {i}", speakers[(w + i) % len(speakers)])
                    with lock:
                        doubles_ok.append(again.intervention_id == first.intervention_id and not again.created)
                if i % 20 == 10:
                    j = i // 20
                    shared = submit(f"shared-{j}", f"shared note {j}", speakers[0])
                    if shared.created:
                        with lock:
                            created_shared[j] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below with the thread's context
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert all(doubles_ok) and len(doubles_ok) == WRITERS * PER_WRITER // 20
    assert sorted(created_shared) == list(range(SHARED)) and set(created_shared.values()) == {1}
    with session_scope(db_url) as s:
        total = s.scalar(select(func.count()).select_from(Intervention).where(Intervention.session_id == session_id))
        tokens = s.scalar(select(func.count(func.distinct(Intervention.client_token)))
                          .where(Intervention.session_id == session_id))
        texts = set(s.scalars(select(Intervention.text).where(Intervention.session_id == session_id)))
        version = get_data_version(s, session_id=session_id)
        summary = summarize_live(s, session_id=session_id)
    assert total == tokens == WRITERS * PER_WRITER + SHARED
    assert all(f"writer {w} note {i}" in texts for w in range(WRITERS) for i in range(PER_WRITER))
    assert summary.total_interventions == total
    assert summary.session_balance.speaking_seconds == 30 * total
    assert version - start_version == calls["n"]  # every submit, even a repeated one, went through the change stamp
