"""The live change stamp moves with every flushed write that a live or presenter screen shows.

Live pages re-read a dialogue session's ``data_version`` to decide whether to recompute.
Bumping it by hand in each service missed writes (a Chatham House toggle, a title edit, a
participant's name), so one ``before_flush`` hook bumps it, once per transaction, for every row that
belongs to a dialogue session. Bulk ``update()``/``delete()`` statements bypass the flush; the few services
that use them bump the stamp themselves through ``bump_data_version``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from sqlalchemy import event, select, update
from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from db.models import (
    AuditEntry,
    Attendance,
    DialogueSession,
    Intervention,
    InterventionTheme,
    Person,
)

# Rows whose change never alters what a screen of the session shows.
_IGNORED = (AuditEntry,)
# Columns of a dialogue session that are bookkeeping, not content.
_SESSION_BOOKKEEPING = {"data_version", "updated_at"}
BUMPED_KEY = "dd_live_stamp_bumped"


def _changed_session_columns(session_row: DialogueSession) -> bool:
    state = inspect(session_row)
    for attr in state.attrs:
        if attr.key in _SESSION_BOOKKEEPING:
            continue
        if attr.history.has_changes():
            return True
    return False


def _session_ids_of(session: Session, obj: Any) -> set[int]:
    """The dialogue sessions whose screens show `obj`."""
    if isinstance(obj, _IGNORED):
        return set()
    if isinstance(obj, DialogueSession):
        return {obj.id} if obj.id is not None and _changed_session_columns(obj) else set()
    session_id = getattr(obj, "session_id", None)
    if isinstance(session_id, int):
        return {session_id}
    if isinstance(obj, InterventionTheme):
        with session.no_autoflush:
            found = session.get(Intervention, obj.intervention_id)
        return {found.session_id} if found is not None else set()
    if isinstance(obj, Person) and obj.id is not None:
        with session.no_autoflush:
            ids = session.scalars(select(Attendance.session_id).where(Attendance.person_id == obj.id))
            return set(ids)
    return set()


def _collect(session: Session, objects: Iterable[Any]) -> set[int]:
    ids: set[int] = set()
    for obj in objects:
        ids |= _session_ids_of(session, obj)
    return ids


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    done = session.info.setdefault(BUMPED_KEY, set())
    ids = _collect(session, [*session.new, *session.dirty, *session.deleted]) - done
    if not ids:
        return
    for sid in ids:
        row = session.identity_map.get(identity_key(DialogueSession, sid))
        if row is not None and row in session.dirty:
            # The row is flushed anyway: bump it in the same UPDATE, and keep the object current.
            row.data_version = (row.data_version or 0) + 1
            done.add(sid)
            ids = ids - {sid}
    if ids:
        session.connection().execute(
            update(DialogueSession).where(DialogueSession.id.in_(sorted(ids)))
            .values(data_version=DialogueSession.data_version + 1)
            .execution_options(synchronize_session=False)
        )
        for sid in ids:
            row = session.identity_map.get(identity_key(DialogueSession, sid))
            if row is not None:
                session.expire(row, ["data_version"])
    done.update(ids)


def mark_bumped(session: Session, session_id: int) -> None:
    """Record that this transaction already moved the stamp of `session_id` (once is enough)."""
    session.info.setdefault(BUMPED_KEY, set()).add(session_id)


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(BUMPED_KEY, None)


# Called after a commit that moved some sessions' stamps, with their ids: lets this process tell
# its own viewers at once instead of at the change watcher's next poll.
_COMMIT_LISTENERS: list[Callable[[set[int]], None]] = []


def on_commit(listener: Callable[[set[int]], None]) -> None:
    """Call `listener(session_ids)` after every commit that moved those sessions' stamps."""
    if listener not in _COMMIT_LISTENERS:
        _COMMIT_LISTENERS.append(listener)


def _after_commit(session: Session) -> None:
    moved = set(session.info.get(BUMPED_KEY, ()))
    if moved:
        for listener in list(_COMMIT_LISTENERS):
            listener(moved)


def install() -> None:
    """Register the hook once for every ORM session of the process."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_transaction_end", _forget)
        event.listen(Session, "after_commit", _after_commit)
