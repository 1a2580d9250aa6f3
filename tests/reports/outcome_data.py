"""A small session with known answers, shared by the outcome tests (services, reports, pages)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.services.audit import Actor
from dashboard.services.support import consensus
from dashboard.services.support.consensus import Tally
from db.models import KeyPoint, Question, SupportCheck, SupportCheckItem
from tests.factories import make_intervention, make_person, make_session, make_user

# Strings that must never appear in anything participants read under Chatham House mode.
NAMES = ("Alice Martin", "Acme Games", "Bruno Regulator", "Authority of Examples", "Yara Young",
         "Youth Council of Examples", "Chen Scholar", "Example University")


@dataclass
class Built:
    session_id: int
    actor: Actor
    questions: list[int]  # Part 1: q0, q1; Part 2: q2, q3
    parts: list[int]
    interventions: dict[str, int] = field(default_factory=dict)


def build_session(s: Session, *, chatham: bool = True, status: str = "live", username: str = "mod",
                  with_user: bool = True) -> Built:
    """Four speakers (industry, regulator, youth, academia), six interventions, three key point decisions."""
    actor = Actor(None, "system")
    if with_user:
        user = make_user(s, username, ("moderator",))
        actor = Actor(user.id, user.username)
    ds = make_session(s, status=status, chatham_house=chatham,
                      overview="Gaming platforms and child safety.\n\nSecond paragraph of the purpose.")
    questions = list(s.scalars(select(Question.id).where(Question.session_id == ds.id)
                               .order_by(Question.part_id, Question.position)))
    parts = [p.id for p in ds.parts]
    alice = make_person(s, ds.id, name="Alice Martin", organization="Acme Games", stakeholder_type="industry")
    bruno = make_person(s, ds.id, name="Bruno Regulator", organization="Authority of Examples",
                        stakeholder_type="member_state")
    yara = make_person(s, ds.id, name="Yara Young", organization="Youth Council of Examples",
                       stakeholder_type="youth", youth_no=2)
    chen = make_person(s, ds.id, name="Chen Scholar", organization="Example University", stakeholder_type="academia")
    built = Built(ds.id, actor, questions, parts)
    spec = {
        "alice_q0": (alice, "industry", questions[0], "Chat should default to friends only for under-16s."),
        "bruno_q0": (bruno, "member_state", questions[0], "Regulators expect risk assessments before launch."),
        "yara_q0": (yara, "youth", questions[0], "Young players want to block strangers in one tap."),
        "chen_q1": (chen, "academia", questions[1], "Report counts are a weak measure of harm."),
        "alice_q2": (alice, "industry", questions[2], "Loot boxes should show odds in plain language."),
        "bruno_general": (bruno, "member_state", None, "Thanks to ITU for convening."),
    }
    for key, (person, group, question_id, text) in spec.items():
        built.interventions[key] = make_intervention(s, ds.id, stakeholder_type=group, text=text,
                                                     question_id=question_id, person_id=person.id).id
    decisions = [("alice_q0", "approved", "Friends-only chat by default for under-16s."),
                 ("bruno_q0", "hidden", "Regulators expect risk assessments before launch."),
                 ("yara_q0", "approved", "Blocking strangers must take one tap.")]
    for key, state, text in decisions:
        s.add(KeyPoint(session_id=ds.id, question_id=questions[0], intervention_id=built.interventions[key],
                       sentence_hash=f"h-{key}", original_text=spec[key][3], text=text, state=state))
    s.flush()
    return built


# Answers of a closed support check, per recommendation: (registered, self-declared) tallies by group,
# Tally(support, live_with, oppose, passes). With 3 as the threshold:
# R1: Member State 4 answers (50% / 75% / 25%), Industry 5 (one Pass: 75% / 100% / 0%), Academia 1 (hidden),
#     Youth 3 (33% / 100% / 0%); self-declared Civil society 3 (67% / 67% / 33%), Industry 1 (hidden).
#     Consensus (3+1)/(4+2) * (4+1)/(4+2) * (3+1)/(3+2) = 0.44; broad support; too few from Academia.
SUPPORT_R1 = ({"member_state": Tally(2, 1, 1, 0), "industry": Tally(3, 1, 0, 1), "academia": Tally(1, 0, 0, 0),
               "youth": Tally(1, 2, 0, 0)},
              {"civil_society": Tally(2, 0, 1, 0), "industry": Tally(1, 0, 0, 0)})
# R2: only Industry shown (4 answers, 75% oppose), Academia hidden: not scored.
SUPPORT_R2 = ({"industry": Tally(0, 1, 3, 0), "academia": Tally(0, 2, 0, 0)}, {})


def close_support_check(s: Session, session_id: int, answers: dict[int, tuple[dict[str, Tally], dict[str, Tally]]],
                        *, min_group_size: int = 3, actor_id: int | None = None) -> int:
    """A support check on these recommendations, closed with its results frozen as `close_check` freezes them."""
    results = {str(rid): consensus.as_dict(consensus.recommendation_support(
        rid, registered, declared, min_group_size=min_group_size)) for rid, (registered, declared) in answers.items()}
    check = SupportCheck(session_id=session_id, state="closed", min_group_size=min_group_size, version=1,
                         results=results, opened_by_id=actor_id,
                         closed_at=datetime(2025, 10, 30, 10, 30, tzinfo=timezone.utc))
    s.add(check)
    s.flush()
    for position, rid in enumerate(answers):
        s.add(SupportCheckItem(check_id=check.id, recommendation_id=rid, position=position))
    s.flush()
    return check.id
