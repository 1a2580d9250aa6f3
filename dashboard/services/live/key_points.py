"""Key points: an extractive summary of each question, and the moderator's decisions on it.

Offline, on this machine: scikit-learn's TF-IDF turns every sentence of a question's
interventions into a vector, with the terms of each intervention's language (``sentences``; a
note stored without a language is detected when read); the sentences closest to the question's
centroid are the most representative, and a maximal-marginal-relevance pass keeps
near-duplicates out and favours stakeholder groups not yet cited. Each point cites its
intervention number and group (and the speaker only when Chatham House mode is off; youth
always by pseudonym). Moderators approve, hide or reword points; decisions are stored in
``key_points`` keyed by (intervention, sentence hash), so they survive re-ranking as the
dialogue goes on.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from db.codes import KEY_POINT_STATES
from db.models import Attendance, DialogueSession, Intervention, KeyPoint, Person

from dashboard.services import audit
from dashboard.services.audit import Actor
from dashboard.services.errors import NotFound, ValidationError
from dashboard.services.language import detect_language
from dashboard.services.live.capture import bump_data_version
from dashboard.services.live.feed import Citation, citation, numbered_interventions
# MIN_WORDS and split_sentences stay importable from here: the key point widgets name the rule.
from dashboard.services.live.sentences import MIN_WORDS, ranking_terms, split_sentences  # noqa: F401

PER_QUESTION = 3
# Bounds the work per question on very long sessions: the most recent sentences are kept.
_MAX_SENTENCES = 3000
_RELEVANCE, _REDUNDANCY, _SAME_GROUP = 0.7, 0.3, 0.08


@dataclass(frozen=True)
class KeyPointRow:
    question_id: Optional[int]
    intervention_id: int
    number: int
    stakeholder_type: str
    cited_as: str  # "Industry", or "Industry · Jane Doe" when Chatham House mode is off
    sentence_hash: str
    original_text: str
    text: str  # what is shown: the reworded text when a moderator reworded it
    state: str  # suggested | approved | hidden
    score: float
    cited: Optional[Citation] = None  # `cited_as` in parts, for readers of other languages

    @property
    def citation(self) -> str:
        return f"#{self.number} · {self.cited_as}"

    def cited_in(self, translate: Callable[[str], str]) -> str:
        """`cited_as` in the reader's language (`translate`: English message -> translation)."""
        return self.cited.text(translate) if self.cited is not None else self.cited_as

    def citation_in(self, translate: Callable[[str], str]) -> str:
        return f"#{self.number} · {self.cited_in(translate)}"

    @property
    def reworded(self) -> bool:
        return self.text != self.original_text


def sentence_hash(sentence: str) -> str:
    """A stable key for one sentence of an intervention (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(sentence.split()).encode("utf-8")).hexdigest()


@lru_cache(maxsize=20_000)
def _sentences_of(text: str) -> tuple[tuple[str, str], ...]:
    # Memoised per note text: re-ranking after a capture re-reads every note of the session.
    # A sentence said twice in one note is one key point (decisions are kept per sentence).
    unique: dict[str, str] = {}
    for sentence in split_sentences(text):
        unique.setdefault(sentence_hash(sentence), sentence)
    return tuple((sentence, digest) for digest, sentence in unique.items())


@lru_cache(maxsize=256)
def _ranked(sentences: tuple[str, ...], groups: tuple[str, ...], languages: tuple[Optional[str], ...],
            k: int) -> tuple[tuple[int, float], ...]:
    # A capture changes one question: the other questions' rankings come from here unchanged.
    return tuple(rank_sentences(list(sentences), list(groups), k, languages=list(languages)))


def _analyze(terms: tuple[str, ...]) -> tuple[str, ...]:
    return terms


def rank_sentences(sentences: list[str], groups: list[str], k: int,
                   languages: Optional[list[Optional[str]]] = None) -> list[tuple[int, float]]:
    """Indices and scores of the k most representative, mutually different sentences.

    `languages` gives each sentence's language (its note's); without it, each sentence's own
    is detected, and None means unknown.
    """
    if not sentences or k <= 0:
        return []
    if languages is None:
        languages = [detect_language(s) for s in sentences]
    documents = [ranking_terms(s, language) for s, language in zip(sentences, languages)]
    try:
        matrix = TfidfVectorizer(analyzer=_analyze, sublinear_tf=True).fit_transform(documents)
    except ValueError:  # nothing but stop words: keep the capture order
        return [(i, 0.0) for i in range(min(k, len(sentences)))]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    relevance = matrix @ (centroid / norm) if norm else np.zeros(len(sentences))
    redundancy = np.zeros(len(sentences))
    same_group = np.zeros(len(sentences))
    chosen: list[tuple[int, float]] = []
    available = np.ones(len(sentences), dtype=bool)
    groups_array = np.array(groups)
    while len(chosen) < min(k, len(sentences)):
        score = _RELEVANCE * relevance - _REDUNDANCY * redundancy - _SAME_GROUP * same_group
        score = np.where(available, score, -np.inf)
        best = int(np.argmax(score))  # ties go to the earliest sentence
        chosen.append((best, float(relevance[best])))
        available[best] = False
        similarity = (matrix @ matrix[best].T).toarray().ravel()
        redundancy = np.maximum(redundancy, similarity)
        same_group = np.maximum(same_group, (groups_array == groups_array[best]).astype(float))
    return chosen


def _interventions(session: Session, session_id: int) -> list[tuple]:
    item, number = numbered_interventions(session_id)
    stmt = (
        select(item.id, number, item.question_id, item.stakeholder_type, item.text, Person.name, item.speaker_label,
               Attendance.youth_pseudonym_no, item.language)
        .outerjoin(Person, Person.id == item.person_id)
        .outerjoin(Attendance, and_(Attendance.session_id == session_id, Attendance.person_id == item.person_id))
        .where(item.deleted_at.is_(None))
        .order_by(item.id)
    )
    return session.execute(stmt).all()


def list_key_points(session: Session, *, session_id: int, per_question: int = PER_QUESTION) -> list[KeyPointRow]:
    """Per question (agenda order is the caller's): approved points, fresh suggestions, then hidden ones."""
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    decisions = {(kp.intervention_id, kp.sentence_hash): kp for kp in session.scalars(
        select(KeyPoint).where(KeyPoint.session_id == session_id))}
    info: dict[int, tuple] = {}
    by_question: dict[Optional[int], list[tuple[int, str, str]]] = {}
    for iid, number, qid, group, text, name, label, pseudo, language in _interventions(session, session_id):
        cited = citation(group, name or label, pseudo, chatham_house=ds.chatham_house)
        sentences = _sentences_of(text)
        info[iid] = (number, qid, group, cited, (language or detect_language(text)) if sentences else None)
        for sentence, digest in sentences:
            if (iid, digest) not in decisions:
                by_question.setdefault(qid, []).append((iid, sentence, digest))
    points: list[KeyPointRow] = []
    for (iid, digest), kp in sorted(decisions.items(), key=lambda item: (item[1].state, item[0][0])):
        if iid in info:
            number, qid, group, cited, _ = info[iid]
            points.append(KeyPointRow(qid, iid, number, group, cited.text(), digest, kp.original_text, kp.text,
                                      kp.state, 1.0, cited))
    for qid, candidates in by_question.items():
        candidates = candidates[-_MAX_SENTENCES:]
        ranked = _ranked(tuple(s for _, s, _ in candidates), tuple(info[i][2] for i, _, _ in candidates),
                         tuple(info[i][4] for i, _, _ in candidates), per_question)
        for index, score in ranked:
            iid, sentence, digest = candidates[index]
            number, _, group, cited, _ = info[iid]
            points.append(KeyPointRow(qid, iid, number, group, cited.text(), digest, sentence, sentence, "suggested",
                                      score, cited))
    order = {"approved": 0, "suggested": 1, "hidden": 2}
    return sorted(points, key=lambda p: (order[p.state], -p.score if p.state == "suggested" else p.number))


def shown_key_points(points: Iterable[KeyPointRow], *, question_id: Optional[int], approval_mode: bool,
                     per_question: int = PER_QUESTION) -> list[KeyPointRow]:
    """What a shared screen shows for a question: approved points, topped up with suggestions
    unless approval mode is on."""
    mine = [p for p in points if p.question_id == question_id]
    approved = [p for p in mine if p.state == "approved"]
    if approval_mode:
        return approved
    suggested = [p for p in mine if p.state == "suggested"]
    return approved + suggested[:max(0, per_question - len(approved))]


def _check_intervention(session: Session, session_id: int, intervention_id: int) -> Intervention:
    item = session.get(Intervention, intervention_id)
    if item is None or item.session_id != session_id or item.deleted_at is not None:
        raise NotFound("That intervention is no longer part of this session's record.")
    return item


def decide_key_point(session: Session, *, session_id: int, intervention_id: int, original_text: str, state: str,
                     actor: Actor, text: Optional[str] = None) -> None:
    """Approve, hide or reword (approve with new text) one extracted sentence (audited)."""
    if state not in KEY_POINT_STATES:
        raise ValidationError("Unknown key point decision “{state}”.", state=state)
    # Rapporteurs still curate key points after the session closes, until it is published.
    bump_data_version(session, session_id, allow_status=("closed",))
    item = _check_intervention(session, session_id, intervention_id)
    digest = sentence_hash(original_text)
    kp = session.scalars(select(KeyPoint).where(KeyPoint.intervention_id == intervention_id,
                                                KeyPoint.sentence_hash == digest)).first()
    shown = " ".join((text if text is not None else (kp.text if kp else original_text)).split())
    if not shown:
        raise ValidationError("A key point cannot be empty: hide it instead.")
    if len(shown) > 2000:
        raise ValidationError("Keep a key point under 2,000 characters.")
    before = audit.snapshot(kp) if kp else None
    if kp is None:
        kp = KeyPoint(session_id=session_id, question_id=item.question_id, intervention_id=intervention_id,
                      sentence_hash=digest, original_text=original_text, text=shown, state=state,
                      updated_by_id=actor.user_id)
        session.add(kp)
    else:
        kp.text, kp.state, kp.updated_by_id = shown, state, actor.user_id
    session.flush()
    audit.record(session, actor, "create" if before is None else "update", "key_point", kp.id,
                 session_id=session_id, before=before, after=audit.snapshot(kp))


def reset_key_point(session: Session, *, session_id: int, intervention_id: int, sentence_hash: str,
                    actor: Actor) -> None:
    """Forget a decision: the sentence goes back to being a suggestion."""
    bump_data_version(session, session_id, allow_status=("closed",))
    kp = session.scalars(select(KeyPoint).where(KeyPoint.session_id == session_id,
                                                KeyPoint.intervention_id == intervention_id,
                                                KeyPoint.sentence_hash == sentence_hash)).first()
    if kp is None:
        return
    before = audit.snapshot(kp)
    session.delete(kp)
    session.flush()
    audit.record(session, actor, "delete", "key_point", before["id"], session_id=session_id, before=before)


def set_approval_mode(session: Session, *, session_id: int, on: bool, actor: Actor) -> None:
    """Switch approval mode: when on, shared screens show only approved key points (audited)."""
    ds = bump_data_version(session, session_id, allow_status=("closed",))
    if ds.approval_mode == on:
        return
    ds.approval_mode = on
    session.flush()
    audit.record(session, actor, "update", "session", ds.id, session_id=ds.id,
                 before={"approval_mode": not on}, after={"approval_mode": on})


def approved_key_points(session: Session, *, session_id: int) -> list[KeyPointRow]:
    """The approved (possibly reworded) points of a session, for reports: no ranking involved."""
    ds = session.get(DialogueSession, session_id)
    if ds is None:
        raise NotFound("Session {session_id} does not exist.", session_id=session_id)
    info = {iid: (number, qid, group, citation(group, name or label, pseudo, chatham_house=ds.chatham_house))
            for iid, number, qid, group, _text, name, label, pseudo, _lang in _interventions(session, session_id)}
    rows = session.scalars(select(KeyPoint).where(KeyPoint.session_id == session_id, KeyPoint.state == "approved")
                           .order_by(KeyPoint.intervention_id, KeyPoint.id))
    return [KeyPointRow(info[kp.intervention_id][1], kp.intervention_id, info[kp.intervention_id][0],
                        info[kp.intervention_id][2], info[kp.intervention_id][3].text(), kp.sentence_hash,
                        kp.original_text, kp.text, "approved", 1.0, info[kp.intervention_id][3])
            for kp in rows if kp.intervention_id in info]

