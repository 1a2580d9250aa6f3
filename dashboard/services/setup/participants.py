"""The participant registry of one session: who registered, their stakeholder type, youth pseudonyms."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import Attendance, Intervention, Person

from dashboard.i18n import N_
from dashboard.importers.errors import RowProblem
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.catalog import get_session_choice
from dashboard.services.errors import Conflict, NotFound, ValidationError


@dataclass(frozen=True)
class ParticipantRow:
    person_id: int
    name: str
    organization: Optional[str]
    country: Optional[str]
    email: Optional[str]
    stakeholder_type: str
    is_youth: bool
    youth_pseudonym_no: Optional[int]
    needs_review: bool


@dataclass(frozen=True)
class NewParticipant:
    """One participant to register, as it comes out of an import preview."""

    name: str
    stakeholder_type: str
    organization: Optional[str] = None
    country: Optional[str] = None
    email: Optional[str] = None
    job_title: Optional[str] = None
    needs_review: bool = False


@dataclass(frozen=True)
class RegistrationResult:
    added: int  # new attendance rows
    already_registered: int  # people who were already on this session's list
    people_reused: int  # known people (matched by email) linked rather than created


YOUTH = N_("Youth participant")
YOUTH_NUMBERED = N_("Youth participant {number}")


def published_name(row: ParticipantRow, translate: Callable[[str], str] = lambda message: message) -> str:
    """How a participant appears in anything published: youth are always pseudonymous ("Youth participant"
    through `translate`, English by default)."""
    if row.is_youth or row.stakeholder_type == "youth":
        return translate(YOUTH_NUMBERED).format(number=row.youth_pseudonym_no) if row.youth_pseudonym_no \
            else translate(YOUTH)
    return row.name


def _clean(value: Optional[str]) -> Optional[str]:
    value = " ".join((value or "").split())
    return value or None


def _check(name: Optional[str], stakeholder_type: str) -> str:
    clean = _clean(name)
    if not clean:
        raise ValidationError("A participant needs a name.")
    if stakeholder_type not in STAKEHOLDER_TYPES:
        known = ", ".join(STAKEHOLDER_TYPES.values())
        raise ValidationError("Unknown stakeholder type “{code}”. Choose one of: {known}.", code=stakeholder_type,
                              known=known)
    return clean


def _next_pseudonym(session: Session, session_id: int) -> int:
    highest = session.scalar(
        select(func.max(Attendance.youth_pseudonym_no)).where(Attendance.session_id == session_id)
    )
    return (highest or 0) + 1


def _normalised(entry: NewParticipant) -> NewParticipant:
    name = _check(entry.name, entry.stakeholder_type)
    email = (_clean(entry.email) or "").lower() or None
    if email is not None and ("@" not in email or " " in email):
        raise ValidationError("“{email}” is not an e-mail address; fix it or leave it empty.", email=entry.email)
    return NewParticipant(name, entry.stakeholder_type, _clean(entry.organization), _clean(entry.country), email,
                          _clean(entry.job_title), entry.needs_review)


def _name_key(name: str, organization: Optional[str]) -> tuple[str, str]:
    return name.casefold(), (organization or "").casefold()


def _register_all(session: Session, session_id: int, entries: list[NewParticipant],
                  actor: Actor) -> list[tuple[int, str]]:
    """Create or reuse People and Attendances for all entries with a few set-based queries.

    A known person is the same e-mail anywhere, else the same name + organisation on this
    session's list. Returns (person id, "created" | "reused" | "already") per entry.
    """
    emails = sorted({e.email for e in entries if e.email})
    by_email: dict[str, Person] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start:start + 500]
        for person in session.scalars(select(Person).where(func.lower(Person.email).in_(chunk)).order_by(Person.id)):
            by_email.setdefault((person.email or "").lower(), person)
    attending: dict[int, Attendance] = {}
    by_name: dict[tuple[str, str], Person] = {}
    for person, attendance in session.execute(
        select(Person, Attendance).join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.session_id == session_id)
    ):
        attending[person.id] = attendance
        by_name.setdefault(_name_key(person.name, person.organization), person)
    planned: list[tuple[NewParticipant, Person, str]] = []
    new_people: list[Person] = []
    for entry in entries:
        person = by_email.get(entry.email) if entry.email else by_name.get(_name_key(entry.name, entry.organization))
        outcome = "reused"
        if person is None:
            person = Person(name=entry.name, organization=entry.organization, country=entry.country,
                            email=entry.email, job_title=entry.job_title, stakeholder_type=entry.stakeholder_type,
                            is_youth=entry.stakeholder_type == "youth")
            new_people.append(person)
            outcome = "created"
            if entry.email:
                by_email[entry.email] = person
            else:
                by_name[_name_key(entry.name, entry.organization)] = person
        planned.append((entry, person, outcome))
    session.add_all(new_people)
    session.flush()
    for person in new_people:
        audit.record(session, actor, "create", "person", person.id, session_id=session_id,
                     after=audit.snapshot(person))
    next_no = _next_pseudonym(session, session_id)
    results: list[tuple[int, str]] = []
    new_attendances: list[Attendance] = []
    for entry, person, outcome in planned:
        if person.id in attending:
            results.append((person.id, "already"))
            continue
        is_youth = entry.stakeholder_type == "youth"
        if is_youth and not person.is_youth:
            person.is_youth = True
        attendance = Attendance(session_id=session_id, person_id=person.id, stakeholder_type=entry.stakeholder_type,
                                needs_review=entry.needs_review, youth_pseudonym_no=next_no if is_youth else None)
        next_no += 1 if is_youth else 0
        attending[person.id] = attendance
        new_attendances.append(attendance)
        results.append((person.id, outcome))
    session.add_all(new_attendances)
    session.flush()
    for attendance in new_attendances:
        audit.record(session, actor, "create", "attendance", attendance.id, session_id=session_id,
                     after=audit.snapshot(attendance))
    return results


def quick_add_participant(
    session: Session, *, session_id: int, name: str, stakeholder_type: str, actor: Actor,
    organization: str | None = None, country: str | None = None, email: str | None = None,
) -> int:
    """Register one speaker on the session (reusing a known e-mail) and return the person id."""
    entry = _normalised(NewParticipant(name=name, stakeholder_type=stakeholder_type, organization=organization,
                                       country=country, email=email))
    get_session_choice(session, session_id)
    ((person_id, _),) = _register_all(session, session_id, [entry], actor)
    return person_id


def register_participants(
    session: Session, *, session_id: int, participants: Iterable[NewParticipant], actor: Actor,
) -> RegistrationResult:
    """Register an imported list on the session in the caller's transaction (all or nothing)."""
    get_session_choice(session, session_id)
    entries = []
    for index, entry in enumerate(participants, start=1):
        try:
            entries.append(_normalised(entry))
        except ValidationError as exc:
            raise RowProblem(index, exc) from None
    outcomes = [outcome for _, outcome in _register_all(session, session_id, entries, actor)]
    reused, created = outcomes.count("reused"), outcomes.count("created")
    return RegistrationResult(added=created + reused, already_registered=outcomes.count("already"),
                              people_reused=reused)


def list_session_participants(session: Session, session_id: int) -> list[ParticipantRow]:
    """Everyone registered for the session, ordered by name."""
    stmt = (
        select(Person, Attendance)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.session_id == session_id)
        .order_by(func.lower(Person.name), Person.id)
    )
    return [
        ParticipantRow(
            person_id=p.id, name=p.name, organization=p.organization, country=p.country, email=p.email,
            stakeholder_type=a.stakeholder_type, is_youth=a.stakeholder_type == "youth" or p.is_youth,
            youth_pseudonym_no=a.youth_pseudonym_no, needs_review=a.needs_review,
        )
        for p, a in session.execute(stmt)
    ]


def update_participant_type(session: Session, *, session_id: int, person_id: int, stakeholder_type: str,
                            actor: Actor) -> None:
    """Set a participant's stakeholder type for this session and clear the review flag."""
    if stakeholder_type not in STAKEHOLDER_TYPES:
        raise ValidationError("Unknown stakeholder type “{code}”.", code=stakeholder_type)
    attendance = session.scalars(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.person_id == person_id)
    ).first()
    if attendance is None:
        raise NotFound("This person is not registered for the session.")
    before = audit.snapshot(attendance)
    attendance.stakeholder_type = stakeholder_type
    attendance.needs_review = False
    if stakeholder_type == "youth" and attendance.youth_pseudonym_no is None:
        attendance.youth_pseudonym_no = _next_pseudonym(session, session_id)
        person = session.get(Person, person_id)
        if person is not None:
            person.is_youth = True
    # A pseudonym once given stays with the person, so published texts never renumber.
    session.flush()
    audit.record(session, actor, "update", "attendance", attendance.id, session_id=session_id,
                 before=before, after=audit.snapshot(attendance))


def remove_participant(session: Session, *, session_id: int, person_id: int, actor: Actor) -> None:
    """Take a person off the session's list; refused once they have spoken in it."""
    attendance = session.scalars(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.person_id == person_id)
    ).first()
    if attendance is None:
        raise NotFound("This person is not registered for the session.")
    spoken = session.scalar(
        select(func.count(Intervention.id)).where(
            Intervention.session_id == session_id, Intervention.person_id == person_id,
            Intervention.deleted_at.is_(None),
        )
    )
    if spoken:
        raise Conflict("This participant has {count} captured intervention(s) in the session and stays on the list.",
                       count=spoken)
    before = audit.snapshot(attendance)
    session.delete(attendance)
    session.flush()
    audit.record(session, actor, "delete", "attendance", before["id"], session_id=session_id, before=before)


@dataclass(frozen=True)
class ParticipantCounts:
    by_type: dict[str, int]
    needs_review: int

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


def count_session_participants(session: Session, session_id: int) -> ParticipantCounts:
    """How many registered participants per stakeholder type, and how many still need review."""
    stmt = (
        select(Attendance.stakeholder_type, Attendance.needs_review, func.count())
        .where(Attendance.session_id == session_id)
        .group_by(Attendance.stakeholder_type, Attendance.needs_review)
    )
    by_type: dict[str, int] = {}
    review = 0
    for code, needs_review, count in session.execute(stmt):
        by_type[code] = by_type.get(code, 0) + count
        review += count if needs_review else 0
    return ParticipantCounts(by_type, review)
