"""The outcome document of one session as plain JSON-ready data.

The same builder serves two audiences:
- "participant": what is published (a Publication snapshot). Chatham House mode attributes to
  stakeholder groups only; with it off, key points may name the (non-youth) speaker.
- "staff": the working state for ITU staff, with speakers named and every intervention listed.
Youth are pseudonymous ("Youth participant N") for both audiences.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Optional

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.codes import FOLLOW_UP_STATUSES, STAKEHOLDER_TYPES, label
from db.models import (
    Attendance,
    DialogueSession,
    Intervention,
    InterventionTheme,
    KeyPoint,
    Part,
    Person,
    Recommendation,
    Theme,
    utcnow,
)

from dashboard.i18n import N_, english as _same
from dashboard.services.errors import ValidationError
from dashboard.services.outcomes.document import FORMAT_VERSION
from dashboard.services.live.feed import numbered_interventions
from dashboard.services.outcomes.common import sort_groups
from dashboard.services.records import require_session
from dashboard.services.support.frozen import frozen_support
from dashboard.services.outcomes.recommendations import RecommendationInfo, list_recommendations
from dashboard.services.outcomes.takeaways import TakeawayInfo, list_takeaways

AUDIENCES = ("participant", "staff")
YOUTH = N_("Youth participant")
YOUTH_NUMBERED = N_("Youth participant {number}")
UNREGISTERED = N_("Unregistered speaker")
QUESTION = N_("Part {part}, Q{question}")
GENERAL = N_("General")
# Why an item cannot be published, per kind of item (a whole sentence each).
_NOT_CURRENT = {
    "takeaway": N_("Cannot publish takeaway {ids}: not a current takeaway of this session."),
    "recommendation": N_("Cannot publish recommendation {ids}: not a current recommendation of this session."),
}



def speaker_name(*, group: str, name: Optional[str], organization: Optional[str], speaker_label: Optional[str],
                 is_youth: bool, pseudonym_no: Optional[int], translate: Callable[[str], str] = _same) -> str:
    """How a speaker is named where names may appear; youth are always pseudonymous.

    `translate` puts our own words ("Youth participant") in the reader's language (identity: English).
    """
    if is_youth or group == "youth":
        return translate(YOUTH_NUMBERED).format(number=pseudonym_no) if pseudonym_no else translate(YOUTH)
    who = name or speaker_label or translate(UNREGISTERED)
    return f"{who} ({organization})" if organization else who


def _groups(codes: Iterable[str]) -> list[dict[str, str]]:
    # Codes only: labels are added when the document is read (see document.read_document).
    return [{"code": c} for c in sort_groups(codes)]


def _facts(ds: DialogueSession) -> dict[str, Any]:
    return {
        "id": ds.id, "title": ds.title, "series_name": ds.series_name, "series_number": ds.series_number,
        "sector_focus": ds.sector_focus, "sector_other": ds.sector_other if ds.sector_focus == "other" else None,
        "scheduled_start": ds.scheduled_start.isoformat() if ds.scheduled_start else None,
        "duration_minutes": ds.duration_minutes, "format": ds.format,
        "interpretation_languages": list(ds.interpretation_languages or []), "overview": ds.overview or "",
        "chatham_house": ds.chatham_house,
    }


def _speaker_columns(item: Any = Intervention):
    """Columns naming an intervention's speaker (Person and this session's Attendance are outer-joined)."""
    return (item.stakeholder_type, Person.name, Person.organization, item.speaker_label,
            Person.is_youth, Attendance.youth_pseudonym_no)


def _with_speaker(stmt, item: Any = Intervention):
    return (stmt.outerjoin(Person, Person.id == item.person_id)
            .outerjoin(Attendance, and_(Attendance.person_id == item.person_id,
                                        Attendance.session_id == item.session_id)))


def _name(row: Any, translate: Callable[[str], str] = _same) -> str:
    group, name, organization, speaker_label, is_youth, pseudonym_no = row[-6:]
    return speaker_name(group=group, name=name, organization=organization, speaker_label=speaker_label,
                        is_youth=bool(is_youth), pseudonym_no=pseudonym_no, translate=translate)


def _key_points(session: Session, session_id: int, named: bool) -> dict[Optional[int], list[dict[str, Any]]]:
    stmt = _with_speaker(
        select(KeyPoint.question_id, KeyPoint.text, *_speaker_columns())
        .join(Intervention, Intervention.id == KeyPoint.intervention_id)
    ).where(KeyPoint.session_id == session_id, KeyPoint.state == "approved", Intervention.deleted_at.is_(None)
            ).order_by(KeyPoint.question_id, Intervention.created_at, Intervention.id, KeyPoint.id)
    out: dict[Optional[int], list[dict[str, Any]]] = {}
    for row in session.execute(stmt):
        point = {"text": row.text, "group": row.stakeholder_type}
        if named:
            point["speaker"] = _name(row)
        out.setdefault(row.question_id, []).append(point)
    return out


def _counts_by_question(session: Session, session_id: int) -> dict[Optional[int], dict[str, int]]:
    rows = session.execute(
        select(Intervention.question_id, Intervention.stakeholder_type, func.count())
        .where(Intervention.session_id == session_id, Intervention.deleted_at.is_(None))
        .group_by(Intervention.question_id, Intervention.stakeholder_type)
    ).all()
    out: dict[Optional[int], dict[str, int]] = {}
    for question_id, group, count in rows:
        out.setdefault(question_id, {})[group] = count
    return out


def _by_group(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{**g, "count": counts[g["code"]]} for g in _groups(counts)]


def participation(session: Session, session_id: int) -> list[dict[str, Any]]:
    """Participants (attended) and interventions per stakeholder group, in registry order."""
    people = dict(session.execute(
        select(Attendance.stakeholder_type, func.count())
        .where(Attendance.session_id == session_id, Attendance.attended.is_(True))
        .group_by(Attendance.stakeholder_type)
    ).all())
    spoken = dict(session.execute(
        select(Intervention.stakeholder_type, func.count())
        .where(Intervention.session_id == session_id, Intervention.deleted_at.is_(None))
        .group_by(Intervention.stakeholder_type)
    ).all())
    return [{**g, "participants": people.get(g["code"], 0), "interventions": spoken.get(g["code"], 0)}
            for g in _groups([*people, *spoken])]


def _takeaway(t: TakeawayInfo, named: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"id": t.id, "text": t.text, "supporting_groups": _groups(t.supporting_groups)}
    if named:
        item["source_ids"] = list(t.source_ids)
    return item


def follow_up(session: Session, recommendation_ids: Iterable[int], *, staff: bool) -> dict[int, dict[str, Any]]:
    """The live follow-up state of recommendations (a merged one reports the one it was merged into)."""
    ids = list(recommendation_ids)
    recs = {r.id: r for r in session.scalars(select(Recommendation).where(Recommendation.id.in_(ids)))} if ids else {}
    targets = {r.merged_into_id for r in recs.values() if r.merged_into_id and r.merged_into_id not in recs}
    if targets:
        recs.update({r.id: r for r in session.scalars(select(Recommendation).where(Recommendation.id.in_(targets)))})
    out: dict[int, dict[str, Any]] = {}
    for rec_id in ids:
        rec = recs.get(rec_id)
        if rec is not None and rec.merged_into_id in recs:
            rec = recs[rec.merged_into_id]
        if rec is None or rec.deleted_at is not None:
            continue
        state: dict[str, Any] = {"status": rec.follow_up_status, "label": label(FOLLOW_UP_STATUSES, rec.follow_up_status),
                                 "since": rec.status_changed_at.isoformat()}
        if staff:
            state.update(owner=rec.owner, review_date=rec.review_date.isoformat() if rec.review_date else None,
                         evidence=rec.evidence, reason=rec.status_reason)
        out[rec_id] = state
    return out


def _recommendation(r: RecommendationInfo, number: int, named: bool,
                    support: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": r.id, "number": number, "text": r.text, "addressed_to": list(r.addressed_to),
        "supporting_groups": _groups(r.supporting_groups), "priority": r.priority, "themes": list(r.theme_labels),
        # Frozen when the support check closed: per stakeholder group, never a person.
        "support": support,
    }
    if named:
        item["source_ids"] = list(r.source_ids)
    return item


def _chosen(items: list, ids: Optional[Iterable[int]], what: str) -> list:
    if ids is None:
        return items
    wanted = set(ids)
    unknown = wanted - {i.id for i in items}
    if unknown:
        listed = ", ".join(str(i) for i in sorted(unknown))
        raise ValidationError(_NOT_CURRENT[what], ids=listed)
    return [i for i in items if i.id in wanted]


def question_labels(session: Session, session_id: int, translate: Callable[[str], str] = _same) -> dict[int, str]:
    """'Part 1, Q2' for each question of the session, numbered as the participants saw them."""
    labels: dict[int, str] = {}
    parts = session.scalars(select(Part).where(Part.session_id == session_id).order_by(Part.position, Part.id))
    for part_no, part in enumerate(parts, start=1):
        for q_no, question in enumerate(part.questions, start=1):
            labels[question.id] = translate(QUESTION).format(part=part_no, question=q_no)
    return labels


def staff_interventions(session: Session, session_id: int,
                        translate: Callable[[str], str] = _same) -> list[dict[str, Any]]:
    """Every live intervention with its number, question label and named speaker (staff material only).

    `translate` puts our own words (question labels, group names, "Youth participant") in the reader's
    language; reports keep the English default.
    """
    theme_rows = session.execute(
        select(InterventionTheme.intervention_id, Theme.label)
        .join(Theme, Theme.id == InterventionTheme.theme_id)
        .join(Intervention, Intervention.id == InterventionTheme.intervention_id)
        .where(Intervention.session_id == session_id).order_by(Theme.position)
    ).all()
    themes: dict[int, list[str]] = {}
    for intervention_id, theme_label in theme_rows:
        themes.setdefault(intervention_id, []).append(translate(theme_label))
    # Numbers count deleted interventions too, as the capture console does, so "#12" means the same everywhere.
    item, number = numbered_interventions(session_id)
    stmt = _with_speaker(
        select(item.id, number.label("number"), item.question_id, item.text,
               item.speaking_seconds, item.created_at, *_speaker_columns(item)),
        item,
    ).where(item.deleted_at.is_(None)).order_by(item.id)
    questions = question_labels(session, session_id, translate)
    return [
        {"id": row.id, "number": row.number, "question_id": row.question_id,
         "question": questions.get(row.question_id, translate(GENERAL)), "group": row.stakeholder_type,
         "group_label": translate(label(STAKEHOLDER_TYPES, row.stakeholder_type)), "speaker": _name(row, translate),
         "text": row.text,
         "themes": themes.get(row.id, []), "speaking_seconds": row.speaking_seconds,
         "created_at": row.created_at.isoformat()}
        for row in session.execute(stmt)
    ]


def build_snapshot(session: Session, session_id: int, *, audience: str = "participant",
                   takeaway_ids: Optional[Iterable[int]] = None,
                   recommendation_ids: Optional[Iterable[int]] = None) -> dict[str, Any]:
    """The session's outcome document for an audience (None ids = every current item)."""
    if audience not in AUDIENCES:
        raise ValidationError("Unknown audience {audience}: use participant or staff.", audience=repr(audience))
    ds = require_session(session, session_id)
    staff = audience == "staff"
    named = staff or not ds.chatham_house
    takeaways = _chosen(list_takeaways(session, session_id=session_id), takeaway_ids, "takeaway")
    recs = _chosen(list_recommendations(session, session_id=session_id), recommendation_ids, "recommendation")
    key_points = _key_points(session, session_id, named)
    support = frozen_support(session, session_id=session_id, recommendation_ids=[r.id for r in recs])
    counts = _counts_by_question(session, session_id)
    parts = []
    for part_no, part in enumerate(session.scalars(select(Part).where(Part.session_id == session_id)
                                                   .order_by(Part.position, Part.id)), start=1):
        questions = [
            {"id": q.id, "number": q_no, "text": q.text, "key_points": key_points.get(q.id, []),
             "interventions": sum(counts.get(q.id, {}).values()), "by_group": _by_group(counts.get(q.id, {}))}
            for q_no, q in enumerate(part.questions, start=1)
        ]
        parts.append({"id": part.id, "number": part_no, "title": part.title, "objective": part.objective or "",
                      "questions": questions,
                      "takeaways": [_takeaway(t, staff) for t in takeaways if t.part_id == part.id]})
    snapshot: dict[str, Any] = {
        "format_version": FORMAT_VERSION, "audience": audience, "built_at": utcnow().isoformat(),
        "session": _facts(ds), "parts": parts,
        "session_takeaways": [_takeaway(t, staff) for t in takeaways if t.part_id is None],
        "general_key_points": key_points.get(None, []),
        "general_interventions": _by_group(counts.get(None, {})),
        "recommendations": [_recommendation(r, n, staff, support.get(r.id)) for n, r in enumerate(recs, start=1)],
        "participation": participation(session, session_id),
    }
    if staff:
        snapshot["interventions"] = staff_interventions(session, session_id)
        numbers = {i["id"]: i["number"] for i in snapshot["interventions"]}
        items = [*snapshot["recommendations"], *snapshot["session_takeaways"], *(t for p in parts for t in p["takeaways"])]
        for item in items:
            item["source_numbers"] = [numbers[i] for i in item["source_ids"] if i in numbers]
    return snapshot
