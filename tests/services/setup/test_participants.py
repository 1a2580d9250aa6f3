"""The participant registry: quick add, imports, youth pseudonyms, review flags, removal."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.services.audit import SYSTEM, list_audit
from dashboard.services.errors import Conflict, NotFound, ValidationError
from dashboard.services.setup.participants import (
    NewParticipant, ParticipantRow, count_session_participants, list_session_participants, published_name,
    quick_add_participant, register_participants, remove_participant, update_participant_type,
)
from db.models import Attendance, Person
from tests.factories import make_intervention, make_person, make_session


def test_quick_add_creates_person_attendance_and_audit(dbs):
    ds = make_session(dbs)
    person_id = quick_add_participant(dbs, session_id=ds.id, name="  Ana   Costa ", stakeholder_type="member_state",
                                      actor=SYSTEM, organization="Ministry", country="Portugal", email="Ana@Example.GOV.pt")
    (row,) = list_session_participants(dbs, ds.id)
    assert row == ParticipantRow(person_id, "Ana Costa", "Ministry", "Portugal", "ana@example.gov.pt", "member_state",
                                 False, None, False)
    actions = {(e.entity, e.action) for e in list_audit(dbs, session_id=ds.id)}
    assert {("person", "create"), ("attendance", "create")} <= actions


def test_quick_add_reuses_a_known_email_in_any_case(dbs):
    first = make_session(dbs)
    second = make_session(dbs)
    a = quick_add_participant(dbs, session_id=first.id, name="Tom", stakeholder_type="industry", actor=SYSTEM,
                              email="tom@games.example")
    b = quick_add_participant(dbs, session_id=second.id, name="Tom B.", stakeholder_type="industry", actor=SYSTEM,
                              email="TOM@games.example")
    c = quick_add_participant(dbs, session_id=second.id, name="Tom again", stakeholder_type="industry", actor=SYSTEM,
                              email="tom@games.example")
    assert a == b == c
    assert dbs.scalar(select(func.count(Person.id)).where(Person.email == "tom@games.example")) == 1
    assert dbs.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == second.id)) == 1


def test_quick_add_without_email_reuses_same_name_and_org_in_the_session(dbs):
    ds = make_session(dbs)
    a = quick_add_participant(dbs, session_id=ds.id, name="Sam Lee", stakeholder_type="youth", actor=SYSTEM,
                              organization="Youth Forum")
    b = quick_add_participant(dbs, session_id=ds.id, name="sam lee", stakeholder_type="youth", actor=SYSTEM,
                              organization="youth forum")
    c = quick_add_participant(dbs, session_id=ds.id, name="Sam Lee", stakeholder_type="youth", actor=SYSTEM,
                              organization="Another Forum")
    assert a == b != c


def test_youth_get_stable_increasing_pseudonyms(dbs):
    ds = make_session(dbs)
    make_person(dbs, ds.id, stakeholder_type="youth", youth_no=4)
    new_id = quick_add_participant(dbs, session_id=ds.id, name="Lina", stakeholder_type="youth", actor=SYSTEM)
    rows = {r.person_id: r for r in list_session_participants(dbs, ds.id)}
    assert rows[new_id].youth_pseudonym_no == 5
    assert rows[new_id].is_youth
    assert published_name(rows[new_id]) == "Youth participant 5"
    assert dbs.get(Person, new_id).is_youth


def test_published_name_for_adults_is_the_name():
    row = ParticipantRow(1, "Ana Costa", None, None, None, "industry", False, None, False)
    assert published_name(row) == "Ana Costa"


@pytest.mark.parametrize("name, stakeholder, message", [
    ("", "industry", "needs a name"), ("   ", "industry", "needs a name"), ("Ana", "kids", "Unknown stakeholder type"),
])
def test_quick_add_refuses_bad_input(dbs, name, stakeholder, message):
    ds = make_session(dbs)
    with pytest.raises(ValidationError, match=message):
        quick_add_participant(dbs, session_id=ds.id, name=name, stakeholder_type=stakeholder, actor=SYSTEM)


def test_quick_add_refuses_a_bad_email_and_a_missing_session(dbs):
    ds = make_session(dbs)
    with pytest.raises(ValidationError, match="not an e-mail address"):
        quick_add_participant(dbs, session_id=ds.id, name="Ana", stakeholder_type="other", actor=SYSTEM, email="ana")
    with pytest.raises(NotFound):
        quick_add_participant(dbs, session_id=ds.id + 999, name="Ana", stakeholder_type="other", actor=SYSTEM)


def test_list_is_ordered_by_name_case_insensitively(dbs):
    ds = make_session(dbs)
    for name in ("zoë", "Ana", "bob", "Émile"):
        quick_add_participant(dbs, session_id=ds.id, name=name, stakeholder_type="other", actor=SYSTEM)
    assert [r.name for r in list_session_participants(dbs, ds.id)][:3] == ["Ana", "bob", "zoë"]


def test_register_imported_list_counts_and_keeps_unicode(dbs):
    ds = make_session(dbs)
    make_person(dbs, None, name="Known", email="known@example.org")
    entries = [
        NewParticipant("فاطمة الزهراء", "member_state", "Authority", "UAE", "fatima@example.ae"),
        NewParticipant("张伟", "industry", "Games Ltd", "China", "wei@example.cn", "Lead", True),
        NewParticipant("Known Again", "academia", email="KNOWN@example.org"),
        NewParticipant("Youth One", "youth"),
    ]
    result = register_participants(dbs, session_id=ds.id, participants=entries, actor=SYSTEM)
    assert (result.added, result.already_registered, result.people_reused) == (4, 0, 1)
    again = register_participants(dbs, session_id=ds.id, participants=entries[:2], actor=SYSTEM)
    assert (again.added, again.already_registered) == (0, 2)
    dbs.commit()
    rows = {r.name: r for r in list_session_participants(dbs, ds.id)}
    assert "فاطمة الزهراء" in rows and "张伟" in rows
    assert rows["张伟"].needs_review
    assert rows["Youth One"].youth_pseudonym_no == 1
    assert rows["Known"].stakeholder_type == "academia"  # the type for this session, on the known person


def test_register_refuses_the_whole_list_on_one_bad_row(dbs):
    ds = make_session(dbs)
    with pytest.raises(ValidationError, match="Row 2"):
        register_participants(dbs, session_id=ds.id, actor=SYSTEM,
                              participants=[NewParticipant("Ana", "industry"), NewParticipant("", "industry")])
    assert list_session_participants(dbs, ds.id) == []


def test_update_type_clears_review_and_gives_a_pseudonym_once(dbs):
    ds = make_session(dbs)
    register_participants(dbs, session_id=ds.id, actor=SYSTEM,
                          participants=[NewParticipant("Kid", "other", needs_review=True)])
    (row,) = list_session_participants(dbs, ds.id)
    update_participant_type(dbs, session_id=ds.id, person_id=row.person_id, stakeholder_type="youth", actor=SYSTEM)
    (row,) = list_session_participants(dbs, ds.id)
    assert (row.stakeholder_type, row.needs_review, row.youth_pseudonym_no) == ("youth", False, 1)
    update_participant_type(dbs, session_id=ds.id, person_id=row.person_id, stakeholder_type="civil_society", actor=SYSTEM)
    update_participant_type(dbs, session_id=ds.id, person_id=row.person_id, stakeholder_type="youth", actor=SYSTEM)
    (row,) = list_session_participants(dbs, ds.id)
    assert row.youth_pseudonym_no == 1  # never renumbered
    with pytest.raises(ValidationError):
        update_participant_type(dbs, session_id=ds.id, person_id=row.person_id, stakeholder_type="x", actor=SYSTEM)


def test_remove_only_people_who_have_not_spoken(dbs):
    ds = make_session(dbs)
    quiet = make_person(dbs, ds.id)
    speaker = make_person(dbs, ds.id)
    make_intervention(dbs, ds.id, person_id=speaker.id)
    remove_participant(dbs, session_id=ds.id, person_id=quiet.id, actor=SYSTEM)
    with pytest.raises(Conflict, match="1 captured intervention"):
        remove_participant(dbs, session_id=ds.id, person_id=speaker.id, actor=SYSTEM)
    assert [r.person_id for r in list_session_participants(dbs, ds.id)] == [speaker.id]
    with pytest.raises(NotFound):
        remove_participant(dbs, session_id=ds.id, person_id=quiet.id, actor=SYSTEM)


def test_counts_by_type_in_sql(dbs):
    ds = make_session(dbs)
    register_participants(dbs, session_id=ds.id, actor=SYSTEM, participants=[
        NewParticipant("A", "industry"), NewParticipant("B", "industry", needs_review=True),
        NewParticipant("C", "youth"),
    ])
    counts = count_session_participants(dbs, ds.id)
    assert counts.by_type == {"industry": 2, "youth": 1}
    assert (counts.needs_review, counts.total) == (1, 3)
