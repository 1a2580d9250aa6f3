"""Drafting recommendations: create or promote from interventions, edit, reorder, merge, delete.

Every recommendation keeps its provenance (the interventions it was drawn from); its
supporting stakeholder groups are always computed from those links, never typed in.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.codes import ADDRESSEES, PRIORITIES
from db.models import Intervention, Recommendation, RecommendationEvent, RecommendationSource, Theme, utcnow

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
    require_row,
    require_session,
    sources_by_owner,
)

ENTITY = "recommendation"
ALL = "all"  # the "All stakeholders" addressee


@dataclass(frozen=True)
class RecommendationInfo:
    id: int
    session_id: int
    number: int  # 1-based place in the session's current list (0 when merged or deleted)
    text: str
    addressed_to: tuple[str, ...]
    priority: str
    theme_codes: tuple[str, ...]
    theme_labels: tuple[str, ...]
    source_ids: tuple[int, ...]
    supporting_groups: tuple[str, ...]
    follow_up_status: str
    status_changed_at: datetime
    merged_into_id: Optional[int]
    deleted_at: Optional[datetime]

    @property
    def is_current(self) -> bool:
        return self.merged_into_id is None and self.deleted_at is None


def _current(stmt):
    return stmt.where(Recommendation.deleted_at.is_(None), Recommendation.merged_into_id.is_(None))


def _infos(session: Session, recs: Sequence[Recommendation]) -> list[RecommendationInfo]:
    ids = [r.id for r in recs]
    sources = sources_by_owner(session, RecommendationSource, RecommendationSource.recommendation_id, ids)
    groups = groups_by_owner(session, RecommendationSource, RecommendationSource.recommendation_id, ids)
    out, number = [], 0
    for rec in recs:
        current = rec.deleted_at is None and rec.merged_into_id is None
        number += 1 if current else 0
        themes = sorted(rec.themes, key=lambda t: t.position)
        out.append(RecommendationInfo(
            rec.id, rec.session_id, number if current else 0, rec.text, tuple(rec.addressed_to or ()),
            rec.priority, tuple(t.code for t in themes), tuple(t.label for t in themes),
            sources.get(rec.id, ()), groups.get(rec.id, ()), rec.follow_up_status, rec.status_changed_at,
            rec.merged_into_id, rec.deleted_at,
        ))
    return out


def list_recommendations(session: Session, *, session_id: int, include_removed: bool = False) -> list[RecommendationInfo]:
    """The session's recommendations in their agreed order (merged and deleted ones only on request)."""
    stmt = select(Recommendation).where(Recommendation.session_id == session_id)
    if not include_removed:
        stmt = _current(stmt)
    # Current ones first so that their numbers are 1..n, in position order.
    stmt = stmt.order_by(
        (Recommendation.deleted_at.is_not(None) | Recommendation.merged_into_id.is_not(None)),
        Recommendation.position, Recommendation.id,
    )
    return _infos(session, list(session.scalars(stmt)))


def get_recommendation(session: Session, recommendation_id: int) -> RecommendationInfo:
    """One recommendation; NotFound when it does not exist."""
    rec = _require(session, recommendation_id)
    for info in list_recommendations(session, session_id=rec.session_id, include_removed=True):
        if info.id == recommendation_id:
            return info
    raise NotFound("Recommendation {recommendation_id} does not exist.", recommendation_id=recommendation_id)


def _require(session: Session, recommendation_id: int) -> Recommendation:
    return require_row(session, Recommendation, recommendation_id, "Recommendation")


def _require_current(session: Session, recommendation_id: int) -> Recommendation:
    rec = _require(session, recommendation_id)
    if rec.merged_into_id is not None:
        raise Conflict("Recommendation {recommendation_id} was merged into recommendation {target}; edit that one "
                       "instead.", recommendation_id=recommendation_id, target=rec.merged_into_id)
    if rec.deleted_at is not None:
        raise Conflict("Recommendation {recommendation_id} is deleted; restore it first.",
                       recommendation_id=recommendation_id)
    return rec


def _addressees(codes: Iterable[str], previous: Iterable[str] = ()) -> list[str]:
    chosen = list(dict.fromkeys(codes))
    if not chosen:
        raise ValidationError("Say who the recommendation is addressed to (at least one group).")
    unknown = [c for c in chosen if c not in ADDRESSEES]
    if unknown:
        raise ValidationError("Unknown addressee: {codes}. Choose from: {choices}.", codes=", ".join(unknown),
                              choices=", ".join(ADDRESSEES.values()))
    if ALL in chosen and len(chosen) > 1:
        # "All stakeholders" beside named groups contradicts itself: the newer pick wins. All
        # added to named groups means everyone; a group added to All narrows it to the groups.
        had = set(previous)
        chosen = [ALL] if had and ALL not in had else [c for c in chosen if c != ALL]
    return [c for c in ADDRESSEES if c in chosen]


def _priority(code: str) -> str:
    if code not in PRIORITIES:
        raise ValidationError("Priority must be one of: {choices}.", choices=", ".join(PRIORITIES.values()))
    return code


def _themes(session: Session, codes: Iterable[str]) -> list[Theme]:
    wanted = list(dict.fromkeys(codes))
    found = {t.code: t for t in session.scalars(select(Theme).where(Theme.code.in_(wanted)))} if wanted else {}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError("Unknown theme: {codes}.", codes=", ".join(missing))
    return [found[c] for c in wanted]


def _state(session: Session, rec: Recommendation) -> dict:
    """The audit picture of a recommendation: its columns plus themes and sources."""
    sources = session.scalars(
        select(RecommendationSource.intervention_id).where(RecommendationSource.recommendation_id == rec.id)
        .order_by(RecommendationSource.intervention_id)
    )
    return {**audit.snapshot(rec), "themes": [t.code for t in rec.themes], "sources": list(sources)}


def _link(session: Session, rec: Recommendation, intervention_ids: Iterable[int]) -> None:
    existing = set(session.scalars(
        select(RecommendationSource.intervention_id).where(RecommendationSource.recommendation_id == rec.id)
    ))
    for intervention_id in intervention_ids:
        if intervention_id not in existing:
            session.add(RecommendationSource(recommendation_id=rec.id, intervention_id=intervention_id))
            existing.add(intervention_id)
    session.flush()


def _event(session: Session, rec_id: int, actor: Actor, note: str) -> None:
    session.add(RecommendationEvent(recommendation_id=rec_id, kind="edit", note=note, changed_by_id=actor.user_id))


def create_recommendation(
    session: Session, *, session_id: int, actor: Actor, text: str, addressed_to: Iterable[str] = ("all",),
    priority: str = "medium", theme_codes: Iterable[str] = (), intervention_ids: Iterable[int] = (),
) -> RecommendationInfo:
    """A new recommendation at the end of the list, optionally linked to its source interventions."""
    require_session(session, session_id)
    sources = check_interventions(session, session_id, intervention_ids)
    last = session.scalar(select(func.max(Recommendation.position)).where(Recommendation.session_id == session_id))
    rec = Recommendation(
        session_id=session_id, position=(last or 0) + 1, text=clean_text(text, "The recommendation"),
        addressed_to=_addressees(addressed_to), priority=_priority(priority), created_by_id=actor.user_id,
    )
    rec.themes = _themes(session, theme_codes)
    session.add(rec)
    session.flush()
    _link(session, rec, sources)
    audit.record(session, actor, "create", ENTITY, rec.id, session_id=session_id, after=_state(session, rec))
    return get_recommendation(session, rec.id)


def draft_from_interventions(session: Session, *, session_id: int, intervention_ids: Iterable[int]) -> tuple[str, tuple[str, ...]]:
    """A starting text (the notes, one per line) and the union of themes of the chosen interventions."""
    ids = check_interventions(session, session_id, intervention_ids)
    items = {i.id: i for i in session.scalars(select(Intervention).where(Intervention.id.in_(ids)))} if ids else {}
    notes = [" ".join(items[i].text.split()) for i in ids if items[i].text.strip()]
    themes = list(dict.fromkeys(t.code for i in ids for t in sorted(items[i].themes, key=lambda t: t.position)))
    return "\n".join(notes), tuple(themes)


def promote_interventions(
    session: Session, *, session_id: int, actor: Actor, intervention_ids: Iterable[int], text: Optional[str] = None,
    addressed_to: Iterable[str] = ("all",), priority: str = "medium", theme_codes: Optional[Iterable[str]] = None,
) -> RecommendationInfo:
    """A recommendation drawn from one or several interventions (text and themes default to theirs)."""
    ids = check_interventions(session, session_id, intervention_ids)
    if not ids:
        raise ValidationError("Select at least one intervention to promote.")
    draft_text, draft_themes = draft_from_interventions(session, session_id=session_id, intervention_ids=ids)
    return create_recommendation(
        session, session_id=session_id, actor=actor, text=text if text is not None else draft_text,
        addressed_to=addressed_to, priority=priority,
        theme_codes=draft_themes if theme_codes is None else theme_codes, intervention_ids=ids,
    )


def update_recommendation(
    session: Session, recommendation_id: int, *, actor: Actor, text: Optional[str] = None,
    addressed_to: Optional[Iterable[str]] = None, priority: Optional[str] = None,
    theme_codes: Optional[Iterable[str]] = None, intervention_ids: Optional[Iterable[int]] = None,
) -> RecommendationInfo:
    """Change text, addressees, priority, themes or the source interventions (only what is given); audited."""
    rec = _require_current(session, recommendation_id)
    before = _state(session, rec)
    if text is not None:
        rec.text = clean_text(text, "The recommendation")
    if addressed_to is not None:
        rec.addressed_to = _addressees(addressed_to, previous=rec.addressed_to or ())
    if priority is not None:
        rec.priority = _priority(priority)
    if theme_codes is not None:
        rec.themes = _themes(session, theme_codes)
    if intervention_ids is not None:
        wanted = check_interventions(session, rec.session_id, intervention_ids)
        session.execute(delete(RecommendationSource).where(
            RecommendationSource.recommendation_id == rec.id, RecommendationSource.intervention_id.not_in(wanted)))
        _link(session, rec, wanted)
    session.flush()
    after = _state(session, rec)
    changed = [k for k in ("text", "addressed_to", "priority", "themes", "sources") if before[k] != after[k]]
    if changed:
        _event(session, rec.id, actor, "Edited: " + ", ".join(k.replace("_", " ") for k in changed))
        audit.record(session, actor, "update", ENTITY, rec.id, session_id=rec.session_id, before=before, after=after)
    return get_recommendation(session, rec.id)


def link_interventions(session: Session, recommendation_id: int, *, actor: Actor, intervention_ids: Iterable[int]) -> RecommendationInfo:
    """Add source interventions to a recommendation's provenance."""
    rec = _require_current(session, recommendation_id)
    ids = check_interventions(session, rec.session_id, intervention_ids)
    audited(session, actor, "link", ENTITY, rec, _state, lambda: _link(session, rec, ids))
    return get_recommendation(session, rec.id)


def _current_recs(session: Session, session_id: int) -> list[Recommendation]:
    stmt = _current(select(Recommendation).where(Recommendation.session_id == session_id))
    return list(session.scalars(stmt.order_by(Recommendation.position, Recommendation.id)))


def reorder_recommendations(session: Session, *, session_id: int, actor: Actor, ordered_ids: Sequence[int]) -> None:
    """Put the session's current recommendations in the given order."""
    recs = {r.id: r for r in _current_recs(session, session_id)}
    check_order(list(recs), ordered_ids)
    before = [r.id for r in sorted(recs.values(), key=lambda r: (r.position, r.id))]
    for position, rec_id in enumerate(ordered_ids, start=1):
        recs[rec_id].position = position
    session.flush()
    audit.record(session, actor, "reorder", ENTITY, None, session_id=session_id,
                 before={"order": before}, after={"order": list(ordered_ids)})


def move_recommendation(session: Session, recommendation_id: int, *, actor: Actor, offset: int) -> None:
    """Move one recommendation up (negative offset) or down the list."""
    rec = _require_current(session, recommendation_id)
    ids = [r.id for r in _current_recs(session, rec.session_id)]
    reorder_recommendations(session, session_id=rec.session_id, actor=actor, ordered_ids=moved(ids, rec.id, offset))


def merge_recommendations(session: Session, *, keep_id: int, merge_id: int, actor: Actor,
                          text: Optional[str] = None) -> RecommendationInfo:
    """Fold `merge_id` into `keep_id`: sources, themes and addressees are unioned; both provenances kept."""
    if keep_id == merge_id:
        raise ValidationError("Choose two different recommendations to merge.")
    keep, gone = _require_current(session, keep_id), _require_current(session, merge_id)
    if keep.session_id != gone.session_id:
        raise ValidationError("Only recommendations of the same session can be merged.")
    keep_before, gone_before = _state(session, keep), _state(session, gone)
    _link(session, keep, gone_before["sources"])
    keep.themes = list(dict.fromkeys([*keep.themes, *gone.themes]))
    merged = [*keep.addressed_to, *gone.addressed_to]
    keep.addressed_to = [ALL] if ALL in merged else _addressees(merged)
    if text is not None:
        keep.text = clean_text(text, "The merged recommendation")
    gone.merged_into_id = keep.id
    session.flush()
    _event(session, keep.id, actor, f"Merged recommendation {gone.id} into this one")
    _event(session, gone.id, actor, f"Merged into recommendation {keep.id}")
    audit.record(session, actor, "merge", ENTITY, keep.id, session_id=keep.session_id, before=keep_before,
                 after=_state(session, keep), note=f"merged recommendation {gone.id} into {keep.id}")
    audit.record(session, actor, "merge", ENTITY, gone.id, session_id=gone.session_id, before=gone_before,
                 after=_state(session, gone), note=f"merged into {keep.id}")
    return get_recommendation(session, keep.id)


def delete_recommendation(session: Session, recommendation_id: int, *, actor: Actor) -> None:
    """Soft-delete a recommendation (it can be restored); audited."""
    rec = _require_current(session, recommendation_id)
    audited(session, actor, "delete", ENTITY, rec, _state, lambda: setattr(rec, "deleted_at", utcnow()))


def restore_recommendation(session: Session, recommendation_id: int, *, actor: Actor) -> RecommendationInfo:
    """Undo a soft delete; the recommendation goes back to the end of the list."""
    rec = _require(session, recommendation_id)
    if rec.deleted_at is None:
        raise Conflict("Recommendation {recommendation_id} is not deleted.", recommendation_id=recommendation_id)
    last = session.scalar(select(func.max(Recommendation.position)).where(Recommendation.session_id == rec.session_id))

    def undelete() -> None:
        rec.deleted_at, rec.position = None, (last or 0) + 1

    audited(session, actor, "restore", ENTITY, rec, _state, undelete)
    return get_recommendation(session, rec.id)
