"""The change board: a browser's long poll returns when, and only when, its session's stamp moved."""
import asyncio
import threading
import time

import pytest
from starlette.requests import Request

from dashboard.push.board import ChangeBoard, read_stamps
from dashboard.push.routes import make_route
from db.session import session_scope
from tests.factories import make_intervention, make_session

URL = "sqlite:///unused"


def run_alone(coroutine):
    """asyncio.run in a thread of its own: in the full suite the browser tests' driver keeps
    an event loop running on the main thread, where asyncio.run refuses to start."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class FakeStamps:
    """A database of stamps the test moves by hand; counts the reads."""

    def __init__(self, **stamps: int) -> None:
        self.stamps = {int(k.lstrip("s")): v for k, v in stamps.items()}
        self.reads: list[set[int]] = []
        self.lock = threading.Lock()

    def __call__(self, url: str, ids) -> dict[int, int]:
        ids = set(ids)
        with self.lock:
            self.reads.append(ids)
            return {i: v for i, v in self.stamps.items() if i in ids}

    def move(self, session_id: int) -> None:
        with self.lock:
            self.stamps[session_id] += 1


def _board(fake: FakeStamps, **kw) -> ChangeBoard:
    return ChangeBoard(fake, interval=kw.pop("interval", 0.02), linger=kw.pop("linger", 0.2))


def test_a_stamp_already_past_since_answers_at_once():
    board = _board(FakeStamps(s1=5))
    token = board.token_for(URL, 1)
    board.note(URL, 1, 5)
    assert run_alone(board.wait(token, 4, timeout=5)) == 5


def test_the_wait_ends_when_the_stamp_moves_and_not_before():
    fake = FakeStamps(s1=3)
    board = _board(fake)
    token = board.token_for(URL, 1)

    async def scenario():
        waiting = asyncio.create_task(board.wait(token, 3, timeout=10))
        await asyncio.sleep(0.3)
        assert not waiting.done(), "nothing changed, yet the long poll answered"
        fake.move(1)
        return await asyncio.wait_for(waiting, 2)

    began = time.monotonic()
    assert run_alone(scenario()) == 4
    assert time.monotonic() - began < 1.5


def test_another_sessions_change_does_not_wake_the_waiter():
    fake = FakeStamps(s1=1, s2=1)
    board = _board(fake)
    one, two = board.token_for(URL, 1), board.token_for(URL, 2)

    async def scenario():
        first = asyncio.create_task(board.wait(one, 1, timeout=10))
        second = asyncio.create_task(board.wait(two, 1, timeout=10))
        await asyncio.sleep(0.1)
        fake.move(2)
        assert await asyncio.wait_for(second, 2) == 2
        await asyncio.sleep(0.2)
        assert not first.done()
        first.cancel()

    run_alone(scenario())


def test_a_timeout_returns_the_stamp_as_it_is():
    board = _board(FakeStamps(s1=7))
    token = board.token_for(URL, 1)
    assert run_alone(board.wait(token, 7, timeout=0.2)) == 7


def test_an_unknown_token_gets_none():
    board = _board(FakeStamps(s1=1))
    assert run_alone(board.wait("not-a-token", 0, timeout=0.1)) is None


def test_tokens_are_per_session_and_not_the_session_number():
    board = _board(FakeStamps(s1=1, s2=1))
    one, two = board.token_for(URL, 1), board.token_for(URL, 2)
    assert one != two and len(one) == 32 and "1" != one
    assert board.token_for(URL, 1) == one
    assert ChangeBoard(FakeStamps()).token_for(URL, 1) != one, "another process names it differently"


def test_many_waiters_cost_one_read_per_poll_and_the_watcher_stops_when_nobody_waits():
    fake = FakeStamps(s1=1, s2=1)
    board = _board(fake, interval=0.05, linger=0.1)
    tokens = [board.token_for(URL, 1 + i % 2) for i in range(100)]

    async def scenario():
        waits = [asyncio.create_task(board.wait(t, 1, timeout=10)) for t in tokens]
        await asyncio.sleep(0.3)
        fake.move(1)
        fake.move(2)
        return await asyncio.wait_for(asyncio.gather(*waits), 3)

    assert run_alone(scenario()) == [2] * 100
    assert all(ids <= {1, 2} for ids in fake.reads)
    assert len(fake.reads) < 30, "one query per poll for all waiters, not one per waiter"
    time.sleep(0.6)
    reads = len(fake.reads)
    time.sleep(0.3)
    assert len(fake.reads) == reads, "with nobody waiting the watcher must stop reading"
    assert board.waiting() == 0


def test_a_failing_read_is_retried_not_fatal():
    fake = FakeStamps(s1=1)
    calls = {"n": 0}

    def flaky(url, ids):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OSError("database went away")
        return fake(url, ids)

    board = ChangeBoard(flaky, interval=0.02, linger=0.2)
    token = board.token_for(URL, 1)
    fake.move(1)
    assert run_alone(board.wait(token, 1, timeout=3)) == 2


def test_the_real_reader_sees_a_capture_in_the_database(db_url):
    with session_scope(db_url) as s:
        ds = make_session(s)
        session_id = ds.id
    before = read_stamps(db_url, [session_id, 999_999])
    assert list(before) == [session_id], "a session that does not exist is left out"
    board = ChangeBoard(interval=0.05, linger=0.2)
    token = board.token_for(db_url, session_id)

    async def scenario():
        waiting = asyncio.create_task(board.wait(token, before[session_id], timeout=10))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        with session_scope(db_url) as s:
            make_intervention(s, session_id)
        return await asyncio.wait_for(waiting, 3)

    assert run_alone(scenario()) == before[session_id] + 1


def _get(route, token: str, query: str):
    scope = {"type": "http", "method": "GET", "path": f"/_dd/changes/{token}", "query_string": query.encode(),
             "headers": [], "path_params": {"token": token}}
    response = run_alone(route.endpoint(Request(scope)))
    return response.status_code, response.body, response.headers


def test_the_route_answers_with_the_stamp_and_no_caching():
    board = _board(FakeStamps(s1=4))
    route = make_route(board, timeout=0.2)
    token = board.token_for(URL, 1)
    status, body, headers = _get(route, token, "since=3")
    assert (status, body) == (200, b'{"v":4}')
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("token, query, status", [("unknown", "since=1", 410), (None, "since=abc", 400)])
def test_the_route_refuses_unknown_tokens_and_bad_numbers(token, query, status):
    board = _board(FakeStamps(s1=4))
    route = make_route(board, timeout=0.2)
    assert _get(route, token or board.token_for(URL, 1), query)[0] == status


def test_the_route_is_mounted_where_the_component_looks():
    from dashboard.push.routes import PATH, ROUTES

    assert [r.path for r in ROUTES] == [PATH + "/{token:str}"]


def test_read_only_pages_get_the_stamp_only_while_the_watcher_keeps_it_fresh():
    fake = FakeStamps(s1=3)
    board = _board(fake, interval=0.02, linger=0.1)
    token = board.token_for(URL, 1)
    assert board.recent_stamp(URL, 1) is None, "never read: ask the database"

    async def scenario():
        waiting = asyncio.create_task(board.wait(token, 3, timeout=10))
        await asyncio.sleep(0.1)
        assert board.recent_stamp(URL, 1) == 3
        fake.move(1)
        assert await asyncio.wait_for(waiting, 2) == 4
        assert board.recent_stamp(URL, 1) == 4

    run_alone(scenario())
    time.sleep(0.3)
    assert board.recent_stamp(URL, 1, within=0.2) is None, "nobody follows it any more: the stamp is stale"


def test_a_token_is_computed_once_per_session():
    board = _board(FakeStamps(s1=1))
    assert board.token_for(URL, 1) is board.token_for(URL, 1)


def test_a_commit_in_this_process_wakes_the_watcher_at_once(db_url):
    """The watcher's next poll would come in `interval` seconds; a local commit does not wait for it."""
    with session_scope(db_url) as s:
        session_id = make_session(s).id
    board = ChangeBoard(interval=5.0, linger=0.5)  # a poll every 5 s: only the wake-up can be quick
    from db import live_stamp

    live_stamp.on_commit(board.wake)
    token = board.token_for(db_url, session_id)
    since = read_stamps(db_url, [session_id])[session_id]

    async def scenario():
        waiting = asyncio.create_task(board.wait(token, since, timeout=10))
        await asyncio.sleep(0.3)  # the watcher's first read is done; the next one is 5 s away
        began = time.monotonic()
        with session_scope(db_url) as s:
            make_intervention(s, session_id)
        stamp = await asyncio.wait_for(waiting, 3)
        return stamp, time.monotonic() - began

    try:
        stamp, took = run_alone(scenario())
    finally:
        live_stamp._COMMIT_LISTENERS.remove(board.wake)
    assert stamp == since + 1
    assert took < 1.0, f"woke after {took:.2f} s"
