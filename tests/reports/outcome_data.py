"""A small session with known answers, shared by the outcome tests (services, reports, pages)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.services.audit import Actor
from db.models import KeyPoint, Question
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
