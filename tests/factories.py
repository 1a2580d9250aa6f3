"""Small factories for tests: each adds rows to the given Session and flushes."""
from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy.orm import Session

from dashboard.services.admin.users import UserInfo, create_user
from db.models import Attendance, DialogueSession, Intervention, Part, Person, Question

_seq = itertools.count(1)


def make_user(s: Session, username: str = "mod", roles: tuple[str, ...] = ("moderator",),
              password: str = "password-123", **kw: Any) -> UserInfo:
    return create_user(s, username=username, password=password, roles=list(roles), **kw)


def make_session(s: Session, *, questions: tuple[int, ...] = (2, 2), **kw: Any) -> DialogueSession:
    """A session with len(questions) Parts, each with that many questions."""
    n = next(_seq)
    fields: dict[str, Any] = dict(
        title=f"Test session {n}", series_number=n, sector_focus="gaming", status="live",
        scheduled_start=datetime(2025, 10, 30, 9, 0, tzinfo=timezone.utc),
    )
    fields.update(kw)
    ds = DialogueSession(**fields)
    s.add(ds)
    s.flush()
    for p_i, count in enumerate(questions, start=1):
        part = Part(session_id=ds.id, position=p_i, title=f"Part {p_i}", objective=f"Objective {p_i}")
        s.add(part)
        s.flush()
        for q_i in range(1, count + 1):
            s.add(Question(session_id=ds.id, part_id=part.id, position=q_i, text=f"Question {p_i}.{q_i}?"))
    s.flush()
    return ds


def make_person(s: Session, session_id: Optional[int] = None, *, name: Optional[str] = None,
                stakeholder_type: str = "industry", youth_no: Optional[int] = None, **kw: Any) -> Person:
    n = next(_seq)
    person = Person(name=name or f"Person {n}", organization=kw.pop("organization", f"Org {n}"),
                    email=kw.pop("email", f"p{n}@example.org"), stakeholder_type=stakeholder_type,
                    is_youth=stakeholder_type == "youth", **kw)
    s.add(person)
    s.flush()
    if session_id is not None:
        s.add(Attendance(session_id=session_id, person_id=person.id, stakeholder_type=stakeholder_type,
                         youth_pseudonym_no=youth_no))
        s.flush()
    return person


def make_intervention(s: Session, session_id: int, *, stakeholder_type: str = "industry",
                      text: str = "A point was made.", question_id: Optional[int] = None,
                      person_id: Optional[int] = None, **kw: Any) -> Intervention:
    item = Intervention(session_id=session_id, stakeholder_type=stakeholder_type, text=text,
                        question_id=question_id, person_id=person_id, **kw)
    s.add(item)
    s.flush()
    return item
