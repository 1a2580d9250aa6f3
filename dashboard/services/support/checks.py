"""The support check: participants answer Support / Can live with it / Oppose / Pass on draft recommendations.

- A moderator opens a check on chosen current recommendations of a live session (one open check
  per session), and may close and reopen it. Opening, closing and reopening are audited and move
  the session's change stamp, so every participant's page shows or hides the check by itself.
- A participant answers each recommendation and may change the answer while the check is open.
  The group counted is the registered one (registration row or personal join link); someone
  admitted by the share code counts under the group they declared, labelled "self-declared".
- Each answer first moves the check's own `version` with ``UPDATE … WHERE state = 'open'``: that
  takes the check row's lock (PostgreSQL) or the write lock (SQLite) before anything is read, so
  a close waits for answers in flight and an answer after the close changes nothing; and two
  answers from one person meet one after the other, so nothing is lost or doubled. Answers do not
  move the session's stamp: 150 people answering would otherwise redraw every viewer's page.
- Closing freezes the results (per recommendation, per group, never a person) on the check;
  publications and the report read the frozen results, so republishing keeps them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES, SUPPORT_ANSWERS
from db.models import (
    Attendance,
    DialogueSession,
    Recommendation,
    SupportCheck,
    SupportCheckItem,
    SupportResponse,
    utcnow,
)

from dashboard.i18n import N_
from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from dashboard.services.live import capture
from dashboard.services.outcomes.participant_view import registration_of_account
from dashboard.services.outcomes.recommendations import list_recommendations
from dashboard.services.support import consensus
from dashboard.services.support.consensus import RecommendationSupport, Tally
from dashboard.services.support.join_links import declared_group

CLOSED = N_("The support check is closed: answers can no longer be changed.")


@dataclass(frozen=True)
class CheckItem:
    recommendation_id: int
    number: int  # the recommendation's per-session number ("R3"); 0 once removed
    text: str


@dataclass(frozen=True)
class CheckInfo:
    id: int
    session_id: int
    state: str
    min_group_size: int
    version: int
    opened_at: datetime
    closed_at: Optional[datetime]
    items: tuple[CheckItem, ...]
    frozen: bool  # results were frozen at a close

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def _session(session: Session, session_id: int) -> DialogueSession:
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    return ds


def _items(session: Session, check: SupportCheck) -> tuple[CheckItem, ...]:
    infos = {r.id: r for r in list_recommendations(session, session_id=check.session_id, include_removed=True)}
    rows = session.execute(select(SupportCheckItem.recommendation_id).where(SupportCheckItem.check_id == check.id)
                           .order_by(SupportCheckItem.position)).scalars()
    return tuple(CheckItem(rid, infos[rid].number if rid in infos else 0, infos[rid].text if rid in infos else "")
                 for rid in rows)


def _info(session: Session, check: SupportCheck) -> CheckInfo:
    return CheckInfo(check.id, check.session_id, check.state, check.min_group_size, check.version, check.opened_at,
                     check.closed_at, _items(session, check), check.results is not None)


def get_check(session: Session, *, check_id: int, session_id: int) -> CheckInfo:
    check = session.get(SupportCheck, check_id)
    if check is None or check.session_id != session_id:
        raise NotFound("That support check is not part of this session.")
    return _info(session, check)


def latest_check(session: Session, *, session_id: int) -> Optional[CheckInfo]:
    """The open check, else the most recent one; None when the session never had one."""
    check = session.scalar(select(SupportCheck).where(SupportCheck.session_id == session_id)
                           .order_by((SupportCheck.state != "open"), SupportCheck.id.desc()).limit(1))
    return _info(session, check) if check is not None else None


def open_check_id(session: Session, *, session_id: int) -> Optional[int]:
    """The session's open check (one indexed read: participants' pages ask on every refresh)."""
    return session.scalar(select(SupportCheck.id).where(SupportCheck.session_id == session_id,
                                                        SupportCheck.state == "open").limit(1))


def open_check(session: Session, *, session_id: int, recommendation_ids: Sequence[int], actor: Actor,
               min_group_size: int = consensus.MIN_GROUP_SIZE_FLOOR) -> int:
    """Open a check on these current recommendations (in this order); its id."""
    if min_group_size < consensus.MIN_GROUP_SIZE_FLOOR:
        raise ValidationError("A group's figures need at least {count} answers, so that no single answer can be "
                              "read off.", count=consensus.MIN_GROUP_SIZE_FLOOR)
    chosen = list(dict.fromkeys(int(i) for i in recommendation_ids))
    if not chosen:
        raise ValidationError("Choose at least one draft recommendation to ask about.")
    ds = capture.bump_data_version(session, session_id, allow_status=capture.LOCKED_STATUSES)
    if ds.status != "live":
        if ds.status == "draft":
            raise Conflict("“{title}” is not live: a support check runs while participants follow the dialogue. "
                           "Start the dialogue on the capture console first.", title=ds.title)
        raise Conflict("“{title}” has ended: a support check runs while participants follow the dialogue.",
                       title=ds.title)
    if open_check_id(session, session_id=session_id) is not None:
        raise Conflict("A support check is already open in this session: close it before opening another.")
    current = {r.id for r in list_recommendations(session, session_id=session_id)}
    missing = [i for i in chosen if i not in current]
    if missing:
        raise ValidationError("Some chosen recommendations were removed or merged meanwhile: choose again.")
    check = SupportCheck(session_id=session_id, state="open", min_group_size=min_group_size, version=0,
                         opened_by_id=actor.user_id)
    session.add(check)
    session.flush()
    for position, rid in enumerate(chosen):
        session.add(SupportCheckItem(check_id=check.id, recommendation_id=rid, position=position))
    session.flush()
    audit.record(session, actor, "open", "support_check", check.id, session_id=session_id,
                 after={"recommendation_ids": chosen, "min_group_size": min_group_size})
    return check.id


def _require(session: Session, session_id: int, check_id: int) -> SupportCheck:
    check = session.get(SupportCheck, check_id)
    if check is None or check.session_id != session_id:
        raise NotFound("That support check is not part of this session.")
    return check


def close_check(session: Session, *, session_id: int, check_id: int, actor: Actor) -> None:
    """Close the check and freeze its results."""
    capture.bump_data_version(session, session_id, allow_status=capture.LOCKED_STATUSES)
    closed = session.execute(update(SupportCheck).where(SupportCheck.id == check_id,
                                                        SupportCheck.session_id == session_id,
                                                        SupportCheck.state == "open")
                             .values(state="closed", closed_at=utcnow(), version=SupportCheck.version + 1)
                             .execution_options(synchronize_session=False)).rowcount
    check = _require(session, session_id, check_id)
    session.refresh(check)
    if not closed:
        raise Conflict("That support check is already closed: nothing was changed.")
    results = compute_results(session, check_id=check.id)
    check.results = {str(r.recommendation_id): consensus.as_dict(r) for r in results}
    session.flush()
    audit.record(session, actor, "close", "support_check", check.id, session_id=session_id,
                 after={"responses": {str(r.recommendation_id): r.responses for r in results}})


def reopen_check(session: Session, *, session_id: int, check_id: int, actor: Actor) -> None:
    """Open a closed check again: answers can change until it closes (the last frozen results stay meanwhile)."""
    ds = capture.bump_data_version(session, session_id, allow_status=capture.LOCKED_STATUSES)
    check = _require(session, session_id, check_id)
    if check.state == "open":
        raise Conflict("That support check is already open: nothing was changed.")
    if ds.status != "live":
        raise Conflict("“{title}” has ended: its support check can no longer be reopened.", title=ds.title)
    if open_check_id(session, session_id=session_id) is not None:
        raise Conflict("Another support check is open in this session: close it first.")
    check.state, check.closed_at = "open", None
    check.version += 1
    session.flush()
    audit.record(session, actor, "reopen", "support_check", check.id, session_id=session_id)


def group_label(code: str) -> str:
    return STAKEHOLDER_TYPES.get(code, code)


@dataclass(frozen=True)
class Voter:
    stakeholder_type: str
    self_declared: bool


def voter_of(session: Session, *, session_id: int, user_id: int) -> Optional[Voter]:
    """How this account counts in the session: its registered group, else the group it declared; None: not at all."""
    registration = registration_of_account(session, user_id=user_id, session_id=session_id)
    if registration is not None:
        return Voter(registration[1], False)
    declared = declared_group(session, user_id=user_id, session_id=session_id)
    return Voter(declared, True) if declared else None


def answer(session: Session, *, session_id: int, check_id: int, recommendation_id: int, user_id: int,
           answer: str) -> bool:
    """Record (or change) this account's answer; True when something changed."""
    if answer not in SUPPORT_ANSWERS:
        raise ValidationError("Choose Support, Can live with it, Oppose or Pass.")
    moved = session.execute(update(SupportCheck).where(SupportCheck.id == check_id,
                                                       SupportCheck.session_id == session_id,
                                                       SupportCheck.state == "open")
                            .values(version=SupportCheck.version + 1)
                            .execution_options(synchronize_session=False)).rowcount
    if not moved:
        _require(session, session_id, check_id)
        raise Conflict(CLOSED)
    asked = session.scalar(select(SupportCheckItem.recommendation_id).where(
        SupportCheckItem.check_id == check_id, SupportCheckItem.recommendation_id == recommendation_id))
    if asked is None:
        raise NotFound("That recommendation is not part of this support check.")
    voter = voter_of(session, session_id=session_id, user_id=user_id)
    if voter is None:
        raise PermissionDenied("You are not registered for this session, so your answer cannot be counted.")
    existing = session.scalar(select(SupportResponse).where(
        SupportResponse.check_id == check_id, SupportResponse.recommendation_id == recommendation_id,
        SupportResponse.user_id == user_id))
    if existing is not None:
        if existing.answer == answer:
            return False
        existing.answer = answer
        existing.stakeholder_type, existing.self_declared = voter.stakeholder_type, voter.self_declared
    else:
        session.add(SupportResponse(check_id=check_id, recommendation_id=recommendation_id, user_id=user_id,
                                    stakeholder_type=voter.stakeholder_type, self_declared=voter.self_declared,
                                    answer=answer))
    session.flush()
    return True


def answered_closed_check(session: Session, *, session_id: int, user_id: int) -> bool:
    """True when this account answered a check of the session that is now closed (one indexed query)."""
    return session.scalar(
        select(SupportResponse.id).join(SupportCheck, SupportCheck.id == SupportResponse.check_id)
        .where(SupportCheck.session_id == session_id, SupportCheck.state == "closed",
               SupportResponse.user_id == user_id).limit(1)) is not None


def my_answers(session: Session, *, check_id: int, user_id: int) -> dict[int, str]:
    """This account's current answers in a check, by recommendation id."""
    return dict(session.execute(select(SupportResponse.recommendation_id, SupportResponse.answer).where(
        SupportResponse.check_id == check_id, SupportResponse.user_id == user_id)).all())


def expected_groups(session: Session, *, session_id: int) -> set[str]:
    """The stakeholder groups registered for the session (each should be heard)."""
    return set(session.scalars(select(Attendance.stakeholder_type).where(Attendance.session_id == session_id)
                               .distinct()))


def compute_results(session: Session, *, check_id: int) -> list[RecommendationSupport]:
    """Live results of a check, in the check's order (one grouped query)."""
    check = session.get(SupportCheck, check_id)
    if check is None:
        raise NotFound("That support check does not exist.")
    counts = session.execute(
        select(SupportResponse.recommendation_id, SupportResponse.stakeholder_type, SupportResponse.self_declared,
               SupportResponse.answer, func.count())
        .where(SupportResponse.check_id == check_id)
        .group_by(SupportResponse.recommendation_id, SupportResponse.stakeholder_type,
                  SupportResponse.self_declared, SupportResponse.answer)).all()
    answers: dict[tuple[int, bool], dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for rid, group, declared, given, n in counts:
        answers[(rid, bool(declared))][group][given] = n

    def tallies(rid: int, declared: bool) -> dict[str, Tally]:
        return {g: Tally(c.get("support", 0), c.get("live_with", 0), c.get("oppose", 0), c.get("pass", 0))
                for g, c in answers.get((rid, declared), {}).items()}

    expected = expected_groups(session, session_id=check.session_id)
    order = session.scalars(select(SupportCheckItem.recommendation_id).where(SupportCheckItem.check_id == check_id)
                            .order_by(SupportCheckItem.position)).all()
    return [consensus.recommendation_support(rid, tallies(rid, False), tallies(rid, True),
                                             min_group_size=check.min_group_size, expected_groups=expected)
            for rid in order]


def check_results(session: Session, *, check_id: int) -> list[dict[str, Any]]:
    """What the moderators see: live results while open, the frozen ones once closed (JSON-ready, in order)."""
    check = session.get(SupportCheck, check_id)
    if check is None:
        raise NotFound("That support check does not exist.")
    if check.state != "open" and check.results is not None:
        order = session.scalars(select(SupportCheckItem.recommendation_id)
                                .where(SupportCheckItem.check_id == check_id).order_by(SupportCheckItem.position))
        return [check.results[str(rid)] for rid in order if str(rid) in check.results]
    return [consensus.as_dict(r) for r in compute_results(session, check_id=check_id)]


def responders(session: Session, *, check_id: int) -> int:
    """How many people answered at least one recommendation of the check."""
    return session.scalar(select(func.count(func.distinct(SupportResponse.user_id)))
                          .where(SupportResponse.check_id == check_id)) or 0
