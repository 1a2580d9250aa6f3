"""The outcome document: a typed, versioned format, and the one reader every renderer uses.

A published revision freezes this document in ``Publication.snapshot``; it is read back months
later, by newer code. So the stored form is versioned and `read_document` upgrades any older
version before anything renders it.

Versions:
- 1: labels frozen in English next to each code ("group_label", "priority_label", ...).
- 2: codes only; `read_document` adds the labels when the document is read, so a label fixed or
  translated later reaches revisions published earlier. A custom sector name is kept as
  ``sector_other`` (version 1 had it only inside ``sector_label``).
"""
from __future__ import annotations

import copy
from typing import Any, Optional, TypedDict

from db.codes import ADDRESSEES, PRIORITIES, SECTORS, SESSION_FORMATS, STAKEHOLDER_TYPES, label

from dashboard.services.errors import ValidationError

FORMAT_VERSION = 2


class Group(TypedDict, total=False):
    code: str
    label: str  # added by read_document


class GroupCount(Group, total=False):
    count: int


class SessionFacts(TypedDict, total=False):
    id: int
    title: str
    series_name: str
    series_number: Optional[int]
    sector_focus: str
    sector_other: Optional[str]
    sector_label: str  # added by read_document
    scheduled_start: Optional[str]
    duration_minutes: int
    format: str
    format_label: str  # added by read_document
    interpretation_languages: list[str]
    overview: str
    chatham_house: bool
    # Read live when a document is assembled (participant_view), never stored in a snapshot:
    status: str
    held: bool  # closed, published, or its scheduled end has passed: the report speaks in the past tense
    document_reference: Optional[str]  # ITU document symbol, e.g. "CWG-COP/24/INF/3"


class KeyPointDoc(TypedDict, total=False):
    text: str
    group: str
    group_label: str  # added by read_document
    speaker: str  # only when speakers may be named


class QuestionDoc(TypedDict):
    id: int
    number: int
    text: str
    key_points: list[KeyPointDoc]
    interventions: int
    by_group: list[GroupCount]


class ItemDoc(TypedDict, total=False):
    id: int
    text: str
    supporting_groups: list[Group]
    source_ids: list[int]  # staff only
    source_numbers: list[int]  # staff only


class PartDoc(TypedDict):
    id: int
    number: int
    title: str
    objective: str
    questions: list[QuestionDoc]
    takeaways: list[ItemDoc]


class FollowUpState(TypedDict, total=False):
    status: str
    label: str
    since: str
    owner: Optional[str]
    review_date: Optional[str]
    evidence: Optional[str]
    reason: Optional[str]


class RecommendationDoc(ItemDoc, total=False):
    number: int
    addressed_to: list[str]
    addressed_to_labels: list[str]  # added by read_document
    priority: str
    priority_label: str  # added by read_document
    themes: list[str]
    follow_up: Optional[FollowUpState]  # read live, never stored
    # Frozen support-check results (dashboard.services.support.consensus.as_dict, plus the check's
    # min_group_size and closed_at); None when no closed check asked about it.
    support: Optional[dict[str, Any]]


class ParticipationRow(Group, total=False):
    participants: int
    interventions: int


class InterventionDoc(TypedDict, total=False):
    id: int
    number: int
    question_id: Optional[int]
    question: str
    group: str
    group_label: str  # added by read_document
    speaker: str
    text: str
    themes: list[str]
    speaking_seconds: Optional[int]
    created_at: str


class PublicationInfoDoc(TypedDict):
    revision: int
    published_at: str
    reason: Optional[str]


class OutcomeDocument(TypedDict, total=False):
    format_version: int
    audience: str  # "participant" | "staff"
    built_at: str
    session: SessionFacts
    parts: list[PartDoc]
    session_takeaways: list[ItemDoc]
    general_key_points: list[KeyPointDoc]
    general_interventions: list[GroupCount]
    recommendations: list[RecommendationDoc]
    participation: list[ParticipationRow]
    interventions: list[InterventionDoc]  # staff only
    # Added when read, never stored in a snapshot:
    publication: Optional[PublicationInfoDoc]
    revisions: list[PublicationInfoDoc]
    latest_published_revision: Optional[int]


_LABEL_KEYS = ("label", "group_label", "priority_label", "format_label", "sector_label", "addressed_to_labels")


def _drop_labels(node: Any) -> Any:
    """Version 1 -> 2: stored labels go (codes stay); the custom sector name is kept."""
    if isinstance(node, list):
        return [_drop_labels(n) for n in node]
    if not isinstance(node, dict):
        return node
    return {k: _drop_labels(v) for k, v in node.items() if k not in _LABEL_KEYS}


def _upgrade_1(doc: dict[str, Any]) -> dict[str, Any]:
    facts = doc.get("session", {})
    sector_other = facts.get("sector_label") if facts.get("sector_focus") == "other" else None
    upgraded = _drop_labels({k: v for k, v in doc.items() if k != "recommendations"})
    # Follow-up states are overlaid live; a stored one would be stale, and its label is not a code.
    upgraded["recommendations"] = [
        {k: _drop_labels(v) for k, v in r.items() if k not in _LABEL_KEYS and k != "follow_up"}
        for r in doc.get("recommendations", [])
    ]
    upgraded["session"] = {**upgraded.get("session", {}), "sector_other": sector_other}
    upgraded["format_version"] = 2
    return upgraded


_UPGRADES = {1: _upgrade_1}


def _groups(items: list[dict[str, Any]], key: str = "code", into: str = "label") -> None:
    for item in items:
        item[into] = label(STAKEHOLDER_TYPES, item.get(key))


def _hydrate(doc: dict[str, Any]) -> None:
    facts = doc.get("session", {})
    if facts:
        custom = facts.get("sector_other")
        facts["sector_label"] = custom if facts.get("sector_focus") == "other" and custom else label(
            SECTORS, facts.get("sector_focus"))
        facts["format_label"] = label(SESSION_FORMATS, facts.get("format"))
    items: list[dict[str, Any]] = [*doc.get("session_takeaways", []), *doc.get("recommendations", [])]
    points: list[dict[str, Any]] = list(doc.get("general_key_points", []))
    counts: list[dict[str, Any]] = [*doc.get("general_interventions", []), *doc.get("participation", [])]
    for part in doc.get("parts", []):
        items.extend(part.get("takeaways", []))
        for question in part.get("questions", []):
            points.extend(question.get("key_points", []))
            counts.extend(question.get("by_group", []))
    for item in items:
        _groups(item.get("supporting_groups", []))
    _groups(points, "group", "group_label")
    _groups(counts)
    _groups(doc.get("interventions", []), "group", "group_label")
    for rec in doc.get("recommendations", []):
        rec["addressed_to_labels"] = [label(ADDRESSEES, c) for c in rec.get("addressed_to", [])]
        rec["priority_label"] = label(PRIORITIES, rec.get("priority"))
        support = rec.get("support") or {}
        for group in [*support.get("groups", []), *support.get("self_declared", [])]:
            group["label"] = label(STAKEHOLDER_TYPES, group.get("group"))


def read_document(stored: dict[str, Any]) -> OutcomeDocument:
    """A stored or freshly built document, upgraded to this version, with every label added."""
    if not isinstance(stored, dict):
        raise ValidationError("This published revision is damaged (not a document); republish the session.")
    doc = copy.deepcopy(stored)
    version = doc.get("format_version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValidationError("This published revision has an unknown format ({version}); republish the session.",
                              version=repr(version))
    if version > FORMAT_VERSION:
        raise ValidationError("This published revision was written by a newer Dialogue Desk (format {version}); "
                              "update the application to read it.", version=version)
    while version < FORMAT_VERSION:
        doc = _UPGRADES[version](doc)
        version = doc["format_version"]
    _hydrate(doc)
    return doc  # type: ignore[return-value]
