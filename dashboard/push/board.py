"""Which sessions' change stamps this process watches, and who is waiting for them to move.

- A page asks `token_for(database_url, session_id)` when it draws a live view; the token is an
  unguessable per-process name for that session (it tells a browser nothing but "changed").
- A browser's long poll `await wait(token, since)` returns as soon as the session's stamp is
  greater than ``since``, or after ``timeout`` seconds with the stamp as it is.
- One daemon thread reads the stamps of the sessions with waiters, every ``interval`` seconds
  (at once after a commit in this process),
  in one query per database, and wakes the waiters whose stamp moved. It runs only while
  someone waits and stops when nobody has for a while, so tests and idle servers cost nothing.

Stamps only grow (every committed change adds one), so "greater than" is the whole rule.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Optional

from db import live_stamp

log = logging.getLogger(__name__)

Key = tuple[str, int]  # (database URL, session id)
# Reads the current stamps of some sessions of one database: {session_id: data_version}.
Reader = Callable[[str, Iterable[int]], dict[int, int]]


def read_stamps(database_url: str, session_ids: Iterable[int]) -> dict[int, int]:
    """The stamps of the given sessions, in one indexed query (sessions that are gone are left out)."""
    from dashboard.services.live.summary import get_data_versions
    from db.session import session_scope

    with session_scope(database_url) as session:
        return get_data_versions(session, list(session_ids))


@dataclass
class _Waiter:
    since: int
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future = field(repr=False)


class ChangeBoard:
    def __init__(self, reader: Reader = read_stamps, *, interval: float = 0.2, linger: float = 30.0) -> None:
        self._reader = reader
        self.interval = interval
        self._linger = linger
        self._secret = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._tokens: dict[str, Key] = {}
        self._names: dict[Key, str] = {}
        self._read_at: dict[Key, float] = {}  # when the watcher last read each stamp
        self._stamps: dict[Key, int] = {}
        self._waiters: dict[Key, list[_Waiter]] = defaultdict(list)
        self._thread: Optional[threading.Thread] = None
        self._wake = threading.Event()
        self.polls = 0  # queries made, for tests and the benchmark

    # -- the page side -------------------------------------------------------------------------
    def token_for(self, database_url: str, session_id: int) -> str:
        """The name under which browsers of this process follow one session's changes."""
        key = (database_url, int(session_id))
        token = self._names.get(key)
        if token is None:
            token = hmac.new(self._secret, f"{database_url}\n{session_id}".encode(), hashlib.sha256).hexdigest()[:32]
            with self._lock:
                self._tokens[token] = key
                self._names[key] = token
        return token

    def recent_stamp(self, database_url: str, session_id: int, *, within: float = 1.0) -> Optional[int]:
        """The session's stamp as the watcher last read it, if it read it in the last `within` seconds.

        While browsers follow a session the watcher reads its stamp every `interval` seconds, so
        read-only live pages (presenter, participants) can take it from here instead of the database.
        """
        key = (database_url, int(session_id))
        with self._lock:
            read = self._read_at.get(key)
            if read is None or time.monotonic() - read > within:
                return None
            return self._stamps.get(key)

    def note(self, database_url: str, session_id: int, version: int) -> None:
        """A page just read this stamp from the database: waiters behind it need not wait for the thread."""
        self._publish((database_url, int(session_id)), int(version))

    # -- the browser side ------------------------------------------------------------------------
    def known(self, token: str) -> bool:
        with self._lock:
            return token in self._tokens

    async def wait(self, token: str, since: int, timeout: float) -> Optional[int]:
        """The stamp once it is greater than ``since`` (or as it is after ``timeout`` s); None for an unknown token."""
        with self._lock:
            key = self._tokens.get(token)
            if key is None:
                return None
            stamp = self._stamps.get(key)
            if stamp is not None and stamp > since:
                return stamp
            loop = asyncio.get_running_loop()
            waiter = _Waiter(since, loop, loop.create_future())
            self._waiters[key].append(waiter)
            self._ensure_thread()
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.future), timeout)
        except asyncio.TimeoutError:
            with self._lock:
                return self._stamps.get(key, since)
        finally:
            with self._lock:
                waiters = self._waiters.get(key)
                if waiters and waiter in waiters:
                    waiters.remove(waiter)
                if not waiters:
                    self._waiters.pop(key, None)

    def waiting(self) -> int:
        with self._lock:
            return sum(len(w) for w in self._waiters.values())

    # -- the watcher ---------------------------------------------------------------------------
    def wake(self, _session_ids: object = None) -> None:
        """Read the stamps now rather than at the next poll (a commit in this process moved some)."""
        self._wake.set()

    def _ensure_thread(self) -> None:  # called with the lock held
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="dd-change-watcher", daemon=True)
            self._thread.start()

    def _publish(self, key: Key, stamp: int) -> None:
        with self._lock:
            if stamp <= self._stamps.get(key, -1):
                return
            self._stamps[key] = stamp
            ready = [w for w in self._waiters.get(key, ()) if stamp > w.since]
        for waiter in ready:
            waiter.loop.call_soon_threadsafe(_resolve, waiter.future, stamp)

    def poll_once(self) -> None:
        """Read the stamps of every session somebody waits for (one query per database)."""
        with self._lock:
            wanted: dict[str, set[int]] = defaultdict(set)
            for url, session_id in self._waiters:
                wanted[url].add(session_id)
        for url, ids in wanted.items():
            try:
                stamps = self._reader(url, ids)
            except Exception:  # a database hiccup must not kill the watcher; the next poll retries
                log.exception("reading change stamps failed")
                continue
            finally:
                self.polls += 1
            read = time.monotonic()
            for session_id, stamp in stamps.items():
                self._publish((url, session_id), stamp)
                with self._lock:
                    self._read_at[(url, session_id)] = read

    def _run(self) -> None:
        idle_since = time.monotonic()
        while True:
            if self.waiting():
                idle_since = time.monotonic()
                self.poll_once()
            elif time.monotonic() - idle_since > self._linger:
                with self._lock:
                    if not any(self._waiters.values()):
                        self._thread = None
                        return
            self._wake.wait(self.interval)
            self._wake.clear()


def _resolve(future: asyncio.Future, stamp: int) -> None:
    if not future.done():
        future.set_result(stamp)


BOARD = ChangeBoard()
# A capture saved through this server reaches its viewers without waiting for the next poll.
live_stamp.on_commit(BOARD.wake)
