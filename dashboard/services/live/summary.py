"""The live picture of a session: who has spoken, for how long, on what, and who not yet.

Everything is aggregated in SQL (GROUP BY question and stakeholder group, and by theme and
group); Python only arranges the few aggregated rows. Callers cache the result keyed by
(session id, ``data_version``): `get_data_version` is the cheap check a refresh makes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from db.models import Attendance, DialogueSession, Intervention, InterventionTheme, Theme

from dashboard.i18n import LIST_PAIR, N_, OR_PAIR, english as _same, folded
from dashboard.services.errors import NotFound
from dashboard.services.live.clock import QuestionRef, list_question_refs
from dashboard.services.live.feed import Citation, citation, list_interventions

# The groups a balanced dialogue should hear from ("other" is not a voice to chase).
GROUPS_TO_HEAR: tuple[str, ...] = tuple(code for code in STAKEHOLDER_TYPES if code != "other")
# How each group reads inside a sentence: "No Member State or youth voice yet on Part 1, Q3".
VOICE_NAMES: dict[str, str] = {
    "member_state": N_("Member State"), "industry": N_("industry"), "academia": N_("academic"),
    "civil_society": N_("civil society"), "intergovernmental": N_("UN agency"), "youth": N_("youth"),
}
LATEST_COUNT = 8
GENERAL = N_("General")  # the label of interventions on no question
WHOLE_SESSION = "Whole session"  # the label of the whole session's balance
NUDGE = N_("No {groups} voice yet {where}")
WHERE_SESSION = N_("in this session")
WHERE_GENERAL = N_("in general discussion")
WHERE_ON = N_("on {question}")
WRITTEN = N_("{speaker} (written)")



def or_list(names: list[str], translate: Callable[[str], str] = _same) -> str:
    """'A', 'A or B', 'A, B or C' in the reader's language."""
    return folded(names, LIST_PAIR, translate, last_pair=OR_PAIR)


@dataclass(frozen=True)
class Balance:
    """Who has been heard on one question (question_id None with label "General"), or the whole session."""

    question_id: Optional[int]
    label: str
    interventions: int
    speaking_seconds: int
    heard: tuple[str, ...]
    not_heard: tuple[str, ...]  # groups of GROUPS_TO_HEAR with no intervention yet
    nudge_groups: tuple[str, ...]  # of those, the ones present in the room (registered)
    question: Optional[QuestionRef] = None  # the question, for its label in other languages

    @property
    def nudge(self) -> str:
        """A sentence for the moderator, or '' when every group in the room has spoken."""
        return self.nudge_in()

    def nudge_in(self, translate: Callable[[str], str] = _same) -> str:
        """`nudge` in the reader's language (`translate`: English message -> translation)."""
        if not self.nudge_groups:
            return ""
        names = [translate(VOICE_NAMES[g]) if g in VOICE_NAMES else g for g in self.nudge_groups]
        return translate(NUDGE).format(groups=or_list(names, translate), where=self.where_in(translate))

    @property
    def where(self) -> str:
        """'on Part 1, Q3', 'in general discussion' or 'in this session'."""
        return self.where_in()

    def where_in(self, translate: Callable[[str], str] = _same) -> str:
        if self.label == WHOLE_SESSION:
            return translate(WHERE_SESSION)
        if self.question_id is None:
            return translate(WHERE_GENERAL)
        label = self.question.label_in(translate) if self.question is not None else self.label
        return translate(WHERE_ON).format(question=label)


@dataclass(frozen=True)
class LatestItem:
    number: int
    question_label: str
    cited_as: str  # the group, plus a name only when Chatham House mode is off; "(written)" for written input
    text: str
    question: Optional[QuestionRef] = None
    cited: Optional[Citation] = None
    written: bool = False

    def question_label_in(self, translate: Callable[[str], str] = _same) -> str:
        return self.question.label_in(translate) if self.question is not None else translate(GENERAL)

    def cited_in(self, translate: Callable[[str], str] = _same) -> str:
        """`cited_as` in the reader's language."""
        if self.cited is None:
            return self.cited_as
        cited = self.cited.text(translate)
        return translate(WRITTEN).format(speaker=cited) if self.written else cited


@dataclass(frozen=True, eq=False)
class LiveSummary:
    session_id: int
    title: str
    status: str
    chatham_house: bool
    approval_mode: bool
    data_version: int
    questions: tuple[QuestionRef, ...]
    current_question: Optional[QuestionRef]
    groups_in_room: tuple[str, ...]
    counts: pd.DataFrame  # question_id, stakeholder_type, interventions, speaking_seconds, timed
    themes: pd.DataFrame  # code, theme, stakeholder_type, group, interventions
    session_balance: Balance
    balances: tuple[Balance, ...]  # one per question in agenda order, then "General" when used
    latest: tuple[LatestItem, ...]

    @property
    def total_interventions(self) -> int:
        return self.session_balance.interventions

    def balance_for(self, question_id: Optional[int]) -> Balance:
        """The balance of one question (an empty one when nothing was said yet)."""
        for balance in self.balances:
            if balance.question_id == question_id:
                return balance
        ref = next((q for q in self.questions if q.id == question_id), None) if question_id is not None else None
        return _balance(question_id, _label(self.questions, question_id), self.counts.iloc[0:0], self.groups_in_room,
                        ref)

    def by_group(self, question_id: Optional[int] = None, *, whole_session: bool = False) -> pd.DataFrame:
        """Interventions and speaking minutes per group (every group listed, zeros included)."""
        rows = self.counts if whole_session else self.counts[_same_question(self.counts, question_id)]
        grouped = rows.groupby("stakeholder_type")[["interventions", "speaking_seconds", "timed"]].sum()
        frame = pd.DataFrame({"stakeholder_type": list(STAKEHOLDER_TYPES)})
        frame["group"] = [STAKEHOLDER_TYPES[c] for c in frame["stakeholder_type"]]
        frame = frame.join(grouped, on="stakeholder_type").fillna(0)
        frame["interventions"] = frame["interventions"].astype(int)
        frame["speaking_minutes"] = (frame["speaking_seconds"] / 60).round(1)
        frame["timed"] = frame["timed"].astype(int)
        return frame[["stakeholder_type", "group", "interventions", "speaking_minutes", "timed"]]


def _same_question(frame: pd.DataFrame, question_id: Optional[int]) -> pd.Series:
    return frame["question_id"].isna() if question_id is None else frame["question_id"] == question_id


def _label(questions: tuple[QuestionRef, ...], question_id: Optional[int]) -> str:
    for ref in questions:
        if ref.id == question_id:
            return ref.label
    return GENERAL


def _balance(question_id: Optional[int], label: str, rows: pd.DataFrame, in_room: tuple[str, ...],
             question: Optional[QuestionRef] = None) -> Balance:
    heard = tuple(g for g in STAKEHOLDER_TYPES if g in set(rows["stakeholder_type"]))
    not_heard = tuple(g for g in GROUPS_TO_HEAR if g not in heard)
    return Balance(question_id, label, int(rows["interventions"].sum()), int(rows["speaking_seconds"].sum()),
                   heard, not_heard, tuple(g for g in not_heard if g in in_room), question)


def get_data_version(session: Session, *, session_id: int) -> int:
    """The session's change stamp: one indexed read, made by every live refresh."""
    version = session.scalar(select(DialogueSession.data_version).where(DialogueSession.id == session_id))
    if version is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    return version


def get_data_versions(session: Session, session_ids: list[int]) -> dict[int, int]:
    """The change stamps of several sessions in one indexed query (the change watcher's poll)."""
    if not session_ids:
        return {}
    rows = session.execute(select(DialogueSession.id, DialogueSession.data_version)
                           .where(DialogueSession.id.in_(session_ids)))
    return {session_id: version for session_id, version in rows}


def count_by_question_and_group(session: Session, *, session_id: int) -> pd.DataFrame:
    """The core aggregate: live interventions and speaking time per (question, group)."""
    stmt = (
        select(Intervention.question_id, Intervention.stakeholder_type,
               func.count().label("interventions"),
               func.coalesce(func.sum(Intervention.speaking_seconds), 0).label("speaking_seconds"),
               func.count(Intervention.speaking_seconds).label("timed"))
        .where(Intervention.session_id == session_id, Intervention.deleted_at.is_(None))
        .group_by(Intervention.question_id, Intervention.stakeholder_type)
    )
    frame = pd.DataFrame(session.execute(stmt).all(),
                         columns=["question_id", "stakeholder_type", "interventions", "speaking_seconds", "timed"])
    return frame.astype({"question_id": "Int64", "interventions": int, "speaking_seconds": int, "timed": int})


def count_themes_by_group(session: Session, *, session_id: int) -> pd.DataFrame:
    """Theme mentions per stakeholder group among live interventions."""
    stmt = (
        select(Theme.code, Theme.label, Intervention.stakeholder_type, func.count().label("interventions"))
        .join(InterventionTheme, InterventionTheme.theme_id == Theme.id)
        .join(Intervention, Intervention.id == InterventionTheme.intervention_id)
        .where(Intervention.session_id == session_id, Intervention.deleted_at.is_(None))
        .group_by(Theme.code, Theme.label, Intervention.stakeholder_type, Theme.position)
        .order_by(Theme.position)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=["code", "theme", "stakeholder_type", "interventions"])
    frame["group"] = [STAKEHOLDER_TYPES.get(c, c) for c in frame["stakeholder_type"]]
    return frame[["code", "theme", "stakeholder_type", "group", "interventions"]]


def summarize_live(session: Session, *, session_id: int) -> LiveSummary:
    """Everything the live summary and the presenter view show, for one session."""
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    questions = tuple(list_question_refs(session, session_id=session_id))
    registered = set(session.scalars(select(Attendance.stakeholder_type).distinct()
                                     .where(Attendance.session_id == session_id)))
    counts = count_by_question_and_group(session, session_id=session_id)
    heard_anywhere = set(counts["stakeholder_type"])
    # With no participant list yet, every group is worth a nudge.
    in_room = tuple(g for g in GROUPS_TO_HEAR if not registered or g in registered or g in heard_anywhere)
    balances = [_balance(q.id, q.label, counts[_same_question(counts, q.id)], in_room, q) for q in questions]
    general = counts[counts["question_id"].isna()]
    if len(general):
        balances.append(_balance(None, GENERAL, general, in_room))
    by_id = {q.id: q for q in questions}

    def latest_item(row) -> LatestItem:
        cited = citation(row.stakeholder_type, row.speaker, row.youth_pseudonym_no, chatham_house=ds.chatham_house)
        ref = by_id.get(row.question_id)
        written = row.channel == "written"
        return LatestItem(row.number, ref.label if ref else GENERAL,
                          WRITTEN.format(speaker=cited.text()) if written else cited.text(), row.text,
                          ref, cited, written)

    latest = tuple(latest_item(row) for row in list_interventions(session, session_id=session_id, limit=LATEST_COUNT))
    current = next((q for q in questions if q.id == ds.current_question_id), None)
    return LiveSummary(
        session_id=ds.id, title=ds.title, status=ds.status, chatham_house=ds.chatham_house,
        approval_mode=ds.approval_mode, data_version=ds.data_version, questions=questions,
        current_question=current, groups_in_room=in_room, counts=counts,
        themes=count_themes_by_group(session, session_id=session_id),
        session_balance=_balance(None, WHOLE_SESSION, counts, in_room), balances=tuple(balances), latest=latest,
    )
