"""Reading captured interventions back: numbered, newest first, with speaker and themes.

An intervention's number is its 1-based position by id within the session, counting deleted
ones, so "#12" means the same intervention in the console, the summary, key points and the
outcomes pages, even after deletions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Optional

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from db.codes import STAKEHOLDER_TYPES
from db.models import Attendance, Intervention, InterventionTheme, Person, Theme, User

from dashboard.i18n import N_, english as _same

YOUTH_PARTICIPANT = N_("Youth participant {number}")
YOUTH_PARTICIPANT_PLAIN = N_("Youth participant")



@dataclass(frozen=True)
class InterventionRow:
    id: int
    number: int
    question_id: Optional[int]
    person_id: Optional[int]
    person_name: Optional[str]
    organization: Optional[str]
    speaker_label: Optional[str]  # an unregistered speaker's name as typed
    youth_pseudonym_no: Optional[int]
    stakeholder_type: str
    text: str
    speaking_seconds: Optional[int]
    theme_codes: tuple[str, ...]
    created_at: datetime
    created_by: Optional[str]
    deleted_at: Optional[datetime]
    language: Optional[str] = None  # ISO 639-1 code (db.codes.LANGUAGES); None when unknown
    channel: str = "spoken"  # "written": a participant's accepted written input (db.codes.CHANNELS)

    @property
    def speaker(self) -> str:
        """The speaker as staff see them (real names), or '' when nobody was named."""
        return self.person_name or self.speaker_label or ""


@dataclass(frozen=True)
class Citation:
    """How a speaker may be cited on shared screens, kept in parts so each reader gets it in their language."""

    stakeholder_type: str
    name: Optional[str] = None  # a name that may be shown (never under Chatham House rules, never a youth's)
    pseudonym: bool = False  # cited as "Youth participant N"
    youth_pseudonym_no: Optional[int] = None

    def text(self, translate: Callable[[str], str] = _same) -> str:
        """'Industry', 'Industry · Jane Doe' or 'Children and youth representatives · Youth participant 2'."""
        group = translate(STAKEHOLDER_TYPES.get(self.stakeholder_type, self.stakeholder_type))
        if self.pseudonym:
            pseudonym = (translate(YOUTH_PARTICIPANT).format(number=self.youth_pseudonym_no) if self.youth_pseudonym_no
                         else translate(YOUTH_PARTICIPANT_PLAIN))
            return f"{group} · {pseudonym}"
        return f"{group} · {self.name}" if self.name else group


def citation(stakeholder_type: str, name: Optional[str], youth_pseudonym_no: Optional[int],
             *, chatham_house: bool) -> Citation:
    """How a speaker may be cited on shared screens: the group only under Chatham House rules,
    and youth always by pseudonym."""
    if stakeholder_type == "youth" or youth_pseudonym_no is not None:
        return Citation(stakeholder_type, pseudonym=not chatham_house, youth_pseudonym_no=youth_pseudonym_no)
    if chatham_house or not name:
        return Citation(stakeholder_type)
    return Citation(stakeholder_type, name=name)


def public_speaker(stakeholder_type: str, name: Optional[str], youth_pseudonym_no: Optional[int],
                   *, chatham_house: bool) -> str:
    """`citation` in English words."""
    return citation(stakeholder_type, name, youth_pseudonym_no, chatham_house=chatham_house).text()


def numbered_interventions(session_id: int):
    """(entity, number): the session's interventions as an aliased entity with their numbers.

    The number is computed in the same subquery as the rows (no self-join on id): joining a
    window subquery back to its table made PostgreSQL choose a quadratic nested loop whenever
    its statistics lagged behind a burst of captures.
    """
    numbered = (select(Intervention, func.row_number().over(order_by=Intervention.id).label("number"))
                .where(Intervention.session_id == session_id).subquery())
    return aliased(Intervention, numbered), numbered.c.number


def list_interventions(
    session: Session, *, session_id: int, limit: Optional[int] = None, deleted: Optional[bool] = False,
    question_ids: Optional[list[Optional[int]]] = None, ids: Optional[list[int]] = None,
) -> list[InterventionRow]:
    """Interventions newest first: live ones, deleted ones (`deleted=True`) or both (None)."""
    item, number = numbered_interventions(session_id)
    stmt = (
        select(item, number, Person.name, Person.organization, Attendance.youth_pseudonym_no, User.username)
        .outerjoin(Person, Person.id == item.person_id)
        .outerjoin(Attendance, and_(Attendance.session_id == session_id, Attendance.person_id == item.person_id))
        .outerjoin(User, User.id == item.created_by_id)
        .order_by(item.id.desc())
    )
    if deleted is not None:
        stmt = stmt.where(item.deleted_at.is_not(None) if deleted else item.deleted_at.is_(None))
    if ids is not None:
        stmt = stmt.where(item.id.in_(ids))
    if question_ids is not None:
        wanted = [q for q in question_ids if q is not None]
        condition = item.question_id.in_(wanted)
        if None in question_ids:
            condition = condition | item.question_id.is_(None)
        stmt = stmt.where(condition)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    themes = _themes_of(session, [r[0].id for r in rows])
    return [
        InterventionRow(
            id=found.id, number=n, question_id=found.question_id, person_id=found.person_id,
            person_name=name, organization=org, speaker_label=found.speaker_label, youth_pseudonym_no=pseudo,
            stakeholder_type=found.stakeholder_type, text=found.text, speaking_seconds=found.speaking_seconds,
            theme_codes=themes.get(found.id, ()), created_at=found.created_at, created_by=username,
            deleted_at=found.deleted_at, language=found.language, channel=found.channel,
        )
        for found, n, name, org, pseudo, username in rows
    ]


def _themes_of(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    stmt = (select(InterventionTheme.intervention_id, Theme.code)
            .join(Theme, Theme.id == InterventionTheme.theme_id)
            .where(InterventionTheme.intervention_id.in_(ids))
            .order_by(Theme.position, Theme.id))
    for intervention_id, code in session.execute(stmt):
        found.setdefault(intervention_id, []).append(code)
    return {k: tuple(v) for k, v in found.items()}


def get_intervention(session: Session, *, session_id: int, intervention_id: int) -> Optional[InterventionRow]:
    """One intervention of the session (deleted or not), or None."""
    found = list_interventions(session, session_id=session_id, deleted=None, ids=[intervention_id])
    return found[0] if found else None
