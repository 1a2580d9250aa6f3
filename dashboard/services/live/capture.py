"""Capturing interventions live: create, edit, move, soft-delete and undo, each audited.

Every write starts by bumping the session's ``data_version`` (the live summary's change stamp).
Doing that UPDATE first also takes the session row's write lock before anything is read, so
captures into one session queue up instead of racing: on SQLite a transaction that read first
could not upgrade to a writer after someone else committed, and on PostgreSQL two double-submits
of one client token meet one after the other, never both inserting.

Each intervention stores its language (``db.codes.LANGUAGES``, NULL when unknown): the one the
caller gives, or else the one detected from the note (``services.language``) when it is saved.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Union

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from db.codes import CHANNELS, SESSION_STATUSES, STAKEHOLDER_TYPES
from db.models import (Attendance, DialogueSession, Intervention, InterventionTheme, KeyPoint, Question,
                       Theme, utcnow)

from dashboard.services import audit
from db import live_stamp
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.language import check_language, detect_language

LOCKED_STATUSES = ("closed", "published")
MAX_NOTE_CHARS = 100_000
MAX_SPEAKING_SECONDS = 3 * 60 * 60
# Passed as question_id: "whatever question the moderator has on screen when the capture lands",
# so a rapporteur whose page still shows an older question files under the right one.
CURRENT = "current"
QuestionChoice = Union[int, None, str]


@dataclass(frozen=True)
class CaptureResult:
    intervention_id: int
    number: int
    question_id: Optional[int]
    stakeholder_type: str
    created: bool  # False when the client token was already saved (a double submit)


def bump_data_version(session: Session, session_id: int, *, allow_status: Iterable[str] = ()) -> DialogueSession:
    """Bump the change stamp (taking the session's write lock); Conflict when the session is locked."""
    locked = [s for s in LOCKED_STATUSES if s not in set(allow_status)]
    stmt = update(DialogueSession).where(DialogueSession.id == session_id)
    if locked:
        stmt = stmt.where(DialogueSession.status.not_in(locked))
    result = session.execute(stmt.values(data_version=DialogueSession.data_version + 1)
                             .execution_options(synchronize_session=False))
    found = session.get(DialogueSession, session_id)
    if found is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    if result.rowcount == 0:
        if found.status == "closed":
            raise Conflict("“{title}” is closed: its captured interventions can no longer be changed.",
                           title=found.title)
        if found.status == "published":
            raise Conflict("“{title}” is published: its captured interventions can no longer be changed.",
                           title=found.title)
        status = SESSION_STATUSES.get(found.status, found.status).lower()
        raise Conflict("“{title}” is {status}: its captured interventions can no longer be changed.",
                       title=found.title, status=status)
    session.refresh(found)
    live_stamp.mark_bumped(session, session_id)
    return found


def _clean_note(text: Optional[str]) -> str:
    note = (text or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError("The note is {length} characters long; keep it under {limit}.",
                              length=f"{len(note):,}", limit=f"{MAX_NOTE_CHARS:,}")
    return note


def _check_seconds(seconds: Optional[int]) -> Optional[int]:
    if seconds is None:
        return None
    if seconds < 0 or seconds > MAX_SPEAKING_SECONDS:
        raise ValidationError("Speaking time must be between 0 and 180 minutes.")
    return int(seconds)


def _language(note: str, chosen: Optional[str]) -> Optional[str]:
    """The language to store: the caller's (already checked), else the note's detected one."""
    return chosen or detect_language(note)


def _resolve_speaker(session: Session, session_id: int, person_id: Optional[int], speaker_label: Optional[str],
                     stakeholder_type: Optional[str], note: str) -> tuple[Optional[int], Optional[str], str]:
    """(person_id, speaker_label, stakeholder_type) after the capture rules, or ValidationError."""
    label = " ".join((speaker_label or "").split())[:300] or None
    if stakeholder_type is not None and stakeholder_type not in STAKEHOLDER_TYPES:
        raise ValidationError("Unknown stakeholder group “{code}”.", code=stakeholder_type)
    if person_id is not None:
        registered = session.scalar(select(Attendance.stakeholder_type).where(
            Attendance.session_id == session_id, Attendance.person_id == person_id))
        if registered is None:
            raise ValidationError("That speaker is not on this session's participant list; add them first.")
        return person_id, None, stakeholder_type or registered
    if not note and label is None:
        raise ValidationError("Nothing to save: write a note or pick a speaker.")
    if stakeholder_type is None:
        if label:
            raise ValidationError("Pick the stakeholder group of “{name}”: they are not on the participant list.",
                                  name=label)
        raise ValidationError("Pick the stakeholder group of this speaker: they are not on the participant list.")
    return None, label, stakeholder_type


def _resolve_question(session: Session, ds: DialogueSession, question_id: QuestionChoice) -> Optional[int]:
    if question_id == CURRENT:
        return ds.current_question_id
    if question_id is None:
        return None
    owner = session.scalar(select(Question.session_id).where(Question.id == question_id))
    if owner != ds.id:
        raise ValidationError("That question does not belong to this session.")
    return int(question_id)


def _theme_ids(session: Session, codes: Iterable[str]) -> list[int]:
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    found = dict(session.execute(select(Theme.code, Theme.id).where(Theme.code.in_(wanted))).all())
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError("Unknown theme(s): {themes}.", themes=", ".join(unknown))
    return [found[c] for c in wanted]


def _set_themes(session: Session, intervention_id: int, codes: Iterable[str]) -> None:
    ids = _theme_ids(session, codes)
    session.execute(delete(InterventionTheme).where(InterventionTheme.intervention_id == intervention_id))
    session.add_all(InterventionTheme(intervention_id=intervention_id, theme_id=t) for t in ids)
    session.flush()


def _theme_codes(session: Session, intervention_id: int) -> list[str]:
    return list(session.scalars(
        select(Theme.code).join(InterventionTheme, InterventionTheme.theme_id == Theme.id)
        .where(InterventionTheme.intervention_id == intervention_id).order_by(Theme.position, Theme.id)
    ))


def intervention_number(session: Session, *, session_id: int, intervention_id: int) -> int:
    """The 1-based number of an intervention in its session (deleted ones keep their numbers)."""
    return session.scalar(select(func.count()).select_from(Intervention).where(
        Intervention.session_id == session_id, Intervention.id <= intervention_id)) or 0


def _state(session: Session, item: Intervention) -> dict:
    data = audit.snapshot(item)
    data["themes"] = _theme_codes(session, item.id)
    return data


def capture_intervention(
    session: Session, *, session_id: int, actor: Actor, text: Optional[str] = "",
    person_id: Optional[int] = None, speaker_label: Optional[str] = None, stakeholder_type: Optional[str] = None,
    question_id: QuestionChoice = CURRENT, theme_codes: Iterable[str] = (), speaking_seconds: Optional[int] = None,
    client_token: Optional[str] = None, language: Optional[str] = None, channel: str = "spoken",
) -> CaptureResult:
    """Save one intervention; a repeated client token returns the row saved the first time.

    `language` (ar, zh, en, fr, ru, es) wins; without it the note's language is detected.
    `channel` is "spoken", or "written" for a participant's accepted written input.
    """
    if channel not in CHANNELS:
        raise ValidationError("Unknown channel “{channel}”.", channel=channel)
    note = _clean_note(text)
    chosen = check_language(language)
    ds = bump_data_version(session, session_id)
    if client_token:
        existing = session.scalars(select(Intervention).where(
            Intervention.session_id == session_id, Intervention.client_token == client_token)).first()
        if existing is not None:
            number = intervention_number(session, session_id=session_id, intervention_id=existing.id)
            return CaptureResult(existing.id, number, existing.question_id, existing.stakeholder_type, False)
    person_id, label, group = _resolve_speaker(session, session_id, person_id, speaker_label, stakeholder_type, note)
    item = Intervention(
        session_id=session_id, question_id=_resolve_question(session, ds, question_id), person_id=person_id,
        speaker_label=label, stakeholder_type=group, text=note, speaking_seconds=_check_seconds(speaking_seconds),
        client_token=(client_token or None), created_by_id=actor.user_id, language=_language(note, chosen),
        channel=channel,
    )
    session.add(item)
    session.flush()
    _set_themes(session, item.id, theme_codes)
    audit.record(session, actor, "create", "intervention", item.id, session_id=session_id,
                 after=_state(session, item))
    number = intervention_number(session, session_id=session_id, intervention_id=item.id)
    return CaptureResult(item.id, number, item.question_id, group, True)


def _load(session: Session, session_id: int, intervention_id: int) -> Intervention:
    bump_data_version(session, session_id)
    item = session.get(Intervention, intervention_id)
    if item is None or item.session_id != session_id:
        raise NotFound("Intervention {intervention_id} is not part of this session.", intervention_id=intervention_id)
    return item


def update_intervention(
    session: Session, *, session_id: int, intervention_id: int, actor: Actor, text: Optional[str],
    person_id: Optional[int], speaker_label: Optional[str], stakeholder_type: Optional[str],
    speaking_seconds: Optional[int], theme_codes: Iterable[str], language: Optional[str] = None,
    detect: bool = False,
) -> None:
    """Replace an intervention's speaker, group, note, timing, language and themes (audited).

    `language` wins; without it a known language stays as it was while the note is unchanged,
    and is detected again otherwise. `detect` asks for detection from the note even when it is
    unchanged (a moderator undoing a chosen language).
    """
    note = _clean_note(text)
    chosen = check_language(language)
    item = _load(session, session_id, intervention_id)
    if item.deleted_at is not None:
        raise Conflict("This intervention was deleted; restore it before editing.")
    person_id, label, group = _resolve_speaker(session, session_id, person_id, speaker_label, stakeholder_type, note)
    before = _state(session, item)
    if chosen is not None or detect or note != item.text or item.language is None:
        item.language = _language(note, chosen)
    item.text, item.person_id, item.speaker_label = note, person_id, label
    item.stakeholder_type, item.speaking_seconds = group, _check_seconds(speaking_seconds)
    item.updated_at = utcnow()
    session.flush()
    _set_themes(session, item.id, theme_codes)
    audit.record(session, actor, "update", "intervention", item.id, session_id=session_id,
                 before=before, after=_state(session, item))


def move_intervention(session: Session, *, session_id: int, intervention_id: int, question_id: Optional[int],
                      actor: Actor) -> None:
    """File an intervention under another question of the session (None = general)."""
    item = _load(session, session_id, intervention_id)
    ds = session.get(DialogueSession, session_id)
    target = _resolve_question(session, ds, question_id)
    if target == item.question_id:
        return
    before = _state(session, item)
    item.question_id = target
    item.updated_at = utcnow()
    session.execute(update(KeyPoint).where(KeyPoint.intervention_id == item.id).values(question_id=target))
    session.flush()
    audit.record(session, actor, "move", "intervention", item.id, session_id=session_id,
                 before=before, after=_state(session, item))


def delete_intervention(session: Session, *, session_id: int, intervention_id: int, actor: Actor) -> int:
    """Soft-delete an intervention (undo with restore_intervention); returns its number."""
    item = _load(session, session_id, intervention_id)
    if item.deleted_at is None:
        before = _state(session, item)
        item.deleted_at = utcnow()
        session.flush()
        audit.record(session, actor, "delete", "intervention", item.id, session_id=session_id,
                     before=before, after=_state(session, item))
    return intervention_number(session, session_id=session_id, intervention_id=item.id)


def restore_intervention(session: Session, *, session_id: int, intervention_id: int, actor: Actor) -> int:
    """Undo a soft delete; returns the intervention's number."""
    item = _load(session, session_id, intervention_id)
    if item.deleted_at is not None:
        before = _state(session, item)
        item.deleted_at = None
        session.flush()
        audit.record(session, actor, "restore", "intervention", item.id, session_id=session_id,
                     before=before, after=_state(session, item))
    return intervention_number(session, session_id=session_id, intervention_id=item.id)
