"""Helpers the outcome services share: provenance links, supporting groups, ordering."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import Intervention

from dashboard import textfmt
from dashboard.i18n import N_, english as _same
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import NotFound, ValidationError
from dashboard.services.records import require_row, require_session  # noqa: F401 - re-exported

_GROUP_ORDER = {code: i for i, code in enumerate(STAKEHOLDER_TYPES)}
# One whole sentence per kind of text (what `clean_text` is told it checks), so each translates as a sentence.
_EMPTY = {
    "The recommendation": N_("The recommendation cannot be empty."),
    "The merged recommendation": N_("The merged recommendation cannot be empty."),
    "The takeaway": N_("The takeaway cannot be empty."),
}
_TOO_LONG = {
    "The recommendation": N_("The recommendation is {length} characters long; keep it under {limit}."),
    "The merged recommendation": N_("The merged recommendation is {length} characters long; keep it under {limit}."),
    "The takeaway": N_("The takeaway is {length} characters long; keep it under {limit}."),
}


PART = N_("Part {number}")
PART_TITLED = N_("Part {number}: {title}")



def part_heading(number: int, title: Optional[str], translate: Callable[[str], str] = _same) -> str:
    """'Part 2: Title' (or the title alone when it already names its Part), 'Part' in the reader's language.

    `translate` turns our English message into the reader's language (identity: English).
    """
    clean = (title or "").strip()
    if not clean:
        return translate(PART).format(number=number)
    if textfmt.part_heading(number, clean) == clean:  # the title already says "Part 2 ..."
        return clean
    return translate(PART_TITLED).format(number=number, title=clean)


def clean_text(value: Optional[str], what: str, *, limit: int = 5000) -> str:
    """Whitespace-trimmed text; ValidationError when empty or too long.

    `what` is "The recommendation", "The merged recommendation" or "The takeaway".
    """
    text = (value or "").strip()
    if not text:
        raise ValidationError(_EMPTY[what])
    if len(text) > limit:
        raise ValidationError(_TOO_LONG[what], length=len(text), limit=limit)
    return text


def sort_groups(groups: Iterable[str]) -> tuple[str, ...]:
    """Stakeholder group codes, distinct, in the registry's fixed order."""
    return tuple(sorted(set(groups), key=lambda g: (_GROUP_ORDER.get(g, len(_GROUP_ORDER)), g)))


def check_interventions(session: Session, session_id: int, ids: Iterable[int]) -> list[int]:
    """The given intervention ids, de-duplicated; each must be a live intervention of this session."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    found = set(session.scalars(
        select(Intervention.id).where(
            Intervention.id.in_(wanted), Intervention.session_id == session_id,
            Intervention.deleted_at.is_(None),
        )
    ))
    missing = [i for i in wanted if i not in found]
    if len(missing) == 1:
        raise ValidationError("1 of the chosen interventions was deleted or belongs to another session since the "
                              "list was shown. Refresh the list and choose again.")
    if missing:
        raise ValidationError("{count} of the chosen interventions were deleted or belong to another session since "
                              "the list was shown. Refresh the list and choose again.", count=len(missing))
    return wanted


def sources_by_owner(session: Session, link: Any, owner_col: Any, owner_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Linked intervention ids per owner (recommendation or takeaway), live interventions only."""
    if not owner_ids:
        return {}
    rows = session.execute(
        select(owner_col, link.intervention_id)
        .join(Intervention, Intervention.id == link.intervention_id)
        .where(owner_col.in_(list(owner_ids)), Intervention.deleted_at.is_(None))
        .order_by(owner_col, link.intervention_id)
    ).all()
    out: dict[int, list[int]] = {}
    for owner, intervention_id in rows:
        out.setdefault(owner, []).append(intervention_id)
    return {k: tuple(v) for k, v in out.items()}


def groups_by_owner(session: Session, link: Any, owner_col: Any, owner_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Supporting stakeholder groups per owner: the distinct groups of its linked interventions."""
    if not owner_ids:
        return {}
    rows = session.execute(
        select(owner_col, Intervention.stakeholder_type)
        .join(Intervention, Intervention.id == link.intervention_id)
        .where(owner_col.in_(list(owner_ids)), Intervention.deleted_at.is_(None))
        .group_by(owner_col, Intervention.stakeholder_type)
    ).all()
    out: dict[int, list[str]] = {}
    for owner, group in rows:
        out.setdefault(owner, []).append(group)
    return {k: sort_groups(v) for k, v in out.items()}


def moved(ids: Sequence[int], item_id: int, offset: int) -> list[int]:
    """The id list with `item_id` moved by `offset` places (clamped at both ends)."""
    order = list(ids)
    if item_id not in order:
        raise NotFound("That item is no longer in the list; reload the page.")
    index = order.index(item_id)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    return order


def check_order(current: Sequence[int], wanted: Sequence[int]) -> None:
    """ValidationError unless `wanted` is a permutation of `current`."""
    if sorted(current) != sorted(wanted) or len(set(wanted)) != len(wanted):
        raise ValidationError("The new order must list every item exactly once; reload the page and try again.")


def audited(session: Session, actor: Actor, action: str, entity: str, item: Any,
            state: Callable[[Session, Any], dict], change: Callable[[], None]) -> None:
    """Apply `change` to a recommendation or takeaway and audit its state before and after."""
    before = state(session, item)
    change()
    session.flush()
    audit.record(session, actor, action, entity, item.id, session_id=item.session_id, before=before,
                 after=state(session, item))
