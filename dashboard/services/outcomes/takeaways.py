"""Key takeaways: short statements per Part (or for the whole session), with optional provenance."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models import Part, Takeaway, TakeawaySource, utcnow

from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.outcomes.common import (
    audited,
    check_interventions,
    check_order,
    clean_text,
    groups_by_owner,
    moved,
    part_heading,
    require_row,
    require_session,
    sources_by_owner,
)

ENTITY = "takeaway"
_UNSET: Any = object()


@dataclass(frozen=True)
class TakeawayInfo:
    id: int
    session_id: int
    part_id: Optional[int]  # None: about the whole session
    part_title: str
    text: str
    source_ids: tuple[int, ...]
    supporting_groups: tuple[str, ...]
    deleted_at: Optional[datetime]


def list_parts(session: Session, *, session_id: int,
               translate: Callable[[str], str] = lambda message: message) -> list[tuple[int, str]]:
    """(id, 'Part 1: title') of the session's Parts, in order ('Part' through `translate`, English by default)."""
    parts = session.scalars(select(Part).where(Part.session_id == session_id).order_by(Part.position, Part.id))
    return [(p.id, part_heading(n, p.title, translate)) for n, p in enumerate(parts, start=1)]


def _part_title(part: Optional[Part]) -> str:
    return part.title if part is not None else "Whole session"


def list_takeaways(session: Session, *, session_id: int, include_deleted: bool = False) -> list[TakeawayInfo]:
    """The session's takeaways, grouped by Part in Part order (whole-session ones last)."""
    stmt = (
        select(Takeaway, Part)
        .outerjoin(Part, Part.id == Takeaway.part_id)
        .where(Takeaway.session_id == session_id)
        .order_by(Part.id.is_(None), Part.position, Takeaway.position, Takeaway.id)
    )
    if not include_deleted:
        stmt = stmt.where(Takeaway.deleted_at.is_(None))
    rows = session.execute(stmt).all()
    ids = [t.id for t, _ in rows]
    sources = sources_by_owner(session, TakeawaySource, TakeawaySource.takeaway_id, ids)
    groups = groups_by_owner(session, TakeawaySource, TakeawaySource.takeaway_id, ids)
    return [
        TakeawayInfo(t.id, t.session_id, t.part_id, _part_title(p), t.text, sources.get(t.id, ()),
                     groups.get(t.id, ()), t.deleted_at)
        for t, p in rows
    ]


def _require(session: Session, takeaway_id: int) -> Takeaway:
    return require_row(session, Takeaway, takeaway_id, "Takeaway")


def _info(session: Session, takeaway_id: int) -> TakeawayInfo:
    found = _require(session, takeaway_id)
    for info in list_takeaways(session, session_id=found.session_id, include_deleted=True):
        if info.id == takeaway_id:
            return info
    raise NotFound("Takeaway {takeaway_id} does not exist.", takeaway_id=takeaway_id)


def _check_part(session: Session, session_id: int, part_id: Optional[int]) -> Optional[int]:
    if part_id is None:
        return None
    part = session.get(Part, part_id)
    if part is None or part.session_id != session_id:
        raise ValidationError("That Part does not belong to this session.")
    return part_id


def _state(session: Session, item: Takeaway) -> dict:
    sources = session.scalars(
        select(TakeawaySource.intervention_id).where(TakeawaySource.takeaway_id == item.id)
        .order_by(TakeawaySource.intervention_id)
    )
    return {**audit.snapshot(item), "sources": list(sources)}


def _siblings(session: Session, session_id: int, part_id: Optional[int]) -> list[Takeaway]:
    part_clause = Takeaway.part_id.is_(None) if part_id is None else Takeaway.part_id == part_id
    stmt = select(Takeaway).where(Takeaway.session_id == session_id, part_clause, Takeaway.deleted_at.is_(None))
    return list(session.scalars(stmt.order_by(Takeaway.position, Takeaway.id)))


def _next_position(session: Session, session_id: int, part_id: Optional[int]) -> int:
    part_clause = Takeaway.part_id.is_(None) if part_id is None else Takeaway.part_id == part_id
    last = session.scalar(select(func.max(Takeaway.position)).where(Takeaway.session_id == session_id, part_clause))
    return (last or 0) + 1


def _set_sources(session: Session, item: Takeaway, intervention_ids: Sequence[int]) -> None:
    session.execute(delete(TakeawaySource).where(TakeawaySource.takeaway_id == item.id))
    for intervention_id in intervention_ids:
        session.add(TakeawaySource(takeaway_id=item.id, intervention_id=intervention_id))
    session.flush()


def create_takeaway(session: Session, *, session_id: int, actor: Actor, text: str, part_id: Optional[int] = None,
                    intervention_ids: Iterable[int] = ()) -> TakeawayInfo:
    """A new takeaway at the end of its Part's list, with optional source interventions."""
    require_session(session, session_id)
    part_id = _check_part(session, session_id, part_id)
    sources = check_interventions(session, session_id, intervention_ids)
    item = Takeaway(session_id=session_id, part_id=part_id, text=clean_text(text, "The takeaway", limit=1500),
                    position=_next_position(session, session_id, part_id), created_by_id=actor.user_id)
    session.add(item)
    session.flush()
    _set_sources(session, item, sources)
    audit.record(session, actor, "create", ENTITY, item.id, session_id=session_id, after=_state(session, item))
    return _info(session, item.id)


def update_takeaway(session: Session, takeaway_id: int, *, actor: Actor, text: Optional[str] = None,
                    part_id: Any = _UNSET, intervention_ids: Optional[Iterable[int]] = None) -> TakeawayInfo:
    """Change a takeaway's text, Part (None = whole session) or sources (only what is given)."""
    item = _require(session, takeaway_id)
    if item.deleted_at is not None:
        raise Conflict("This takeaway is deleted; restore it first.")
    before = _state(session, item)
    if text is not None:
        item.text = clean_text(text, "The takeaway", limit=1500)
    if part_id is not _UNSET and part_id != item.part_id:
        item.part_id = _check_part(session, item.session_id, part_id)
        item.position = _next_position(session, item.session_id, item.part_id)
    if intervention_ids is not None:
        _set_sources(session, item, check_interventions(session, item.session_id, intervention_ids))
    session.flush()
    after = _state(session, item)
    if after != {**before, "updated_at": after["updated_at"]}:
        audit.record(session, actor, "update", ENTITY, item.id, session_id=item.session_id, before=before, after=after)
    return _info(session, item.id)


def reorder_takeaways(session: Session, *, session_id: int, part_id: Optional[int], actor: Actor,
                      ordered_ids: Sequence[int]) -> None:
    """Put one Part's takeaways in the given order."""
    items = {t.id: t for t in _siblings(session, session_id, part_id)}
    check_order(list(items), ordered_ids)
    before = list(items)
    for position, item_id in enumerate(ordered_ids, start=1):
        items[item_id].position = position
    session.flush()
    audit.record(session, actor, "reorder", ENTITY, None, session_id=session_id,
                 before={"part_id": part_id, "order": before}, after={"part_id": part_id, "order": list(ordered_ids)})


def move_takeaway(session: Session, takeaway_id: int, *, actor: Actor, offset: int) -> None:
    """Move a takeaway up (negative offset) or down within its Part."""
    item = _require(session, takeaway_id)
    ids = [t.id for t in _siblings(session, item.session_id, item.part_id)]
    reorder_takeaways(session, session_id=item.session_id, part_id=item.part_id, actor=actor,
                      ordered_ids=moved(ids, item.id, offset))


def delete_takeaway(session: Session, takeaway_id: int, *, actor: Actor) -> None:
    """Soft-delete a takeaway (it can be restored); audited."""
    item = _require(session, takeaway_id)
    if item.deleted_at is not None:
        raise Conflict("This takeaway is already deleted.")
    audited(session, actor, "delete", ENTITY, item, _state, lambda: setattr(item, "deleted_at", utcnow()))


def restore_takeaway(session: Session, takeaway_id: int, *, actor: Actor) -> TakeawayInfo:
    """Undo a soft delete; the takeaway goes back to the end of its Part."""
    item = _require(session, takeaway_id)
    if item.deleted_at is None:
        raise Conflict("This takeaway is not deleted.")
    position = _next_position(session, item.session_id, item.part_id)

    def undelete() -> None:
        item.deleted_at, item.position = None, position

    audited(session, actor, "restore", ENTITY, item, _state, undelete)
    return _info(session, item.id)
