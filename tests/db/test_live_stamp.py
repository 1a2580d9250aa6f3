"""Every kind of write that changes what a live or presenter screen shows moves the session's stamp.

The stamp (`data_version`) is what live pages compare to decide whether to recompute; a write
that does not move it stays invisible on shared screens until something else changes.
"""
from dataclasses import replace
from typing import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.services.audit import SYSTEM, record
from dashboard.services.live.summary import get_data_version
from dashboard.services.outcomes.publication import close_session
from dashboard.services.setup.participants import NewParticipant, register_participants, update_participant_type
from dashboard.services.setup.sessions import get_session_detail, update_session
from db.models import (DialogueSession, InterventionTheme, KeyPoint, Person, Question, Recommendation, Takeaway, Theme,
                       WrittenContribution)
from db.session import session_scope
from tests.factories import make_intervention, make_person, make_session


def _session_input(s: Session, session_id: int, **changes):
    from dashboard.services.setup.sessions import SessionInput

    d = get_session_detail(s, session_id)
    base = SessionInput(title=d.title, series_number=d.series_number, sector_focus=d.sector_focus,
                        sector_other=d.sector_other, scheduled_start=d.scheduled_start,
                        duration_minutes=d.duration_minutes, format=d.format,
                        interpretation_languages=tuple(d.interpretation_languages), chatham_house=d.chatham_house,
                        overview=d.overview)
    return replace(base, **changes)


def _toggle_chatham_house(s, ids):
    update_session(s, session_id=ids["session"], data=_session_input(s, ids["session"], chatham_house=False),
                   actor=SYSTEM)


def _rename(s, ids):
    update_session(s, session_id=ids["session"], data=_session_input(s, ids["session"], title="Renamed live"),
                   actor=SYSTEM)


def _close(s, ids):
    close_session(s, ids["session"], actor=SYSTEM)


def _status_by_orm(s, ids):
    s.get(DialogueSession, ids["session"]).status = "closed"


def _new_intervention(s, ids):
    make_intervention(s, ids["session"], text="Fresh point")


def _edit_intervention(s, ids):
    from db.models import Intervention

    s.get(Intervention, ids["intervention"]).text = "Edited point"


def _theme_on_intervention(s, ids):
    theme = s.scalars(select(Theme)).first()
    s.add(InterventionTheme(intervention_id=ids["intervention"], theme_id=theme.id))


def _key_point(s, ids):
    s.add(KeyPoint(session_id=ids["session"], intervention_id=ids["intervention"], sentence_hash="h1",
                   original_text="A key point", text="A key point", state="approved"))


def _question_text(s, ids):
    s.get(Question, ids["question"]).text = "Reworded?"


def _register(s, ids):
    register_participants(s, session_id=ids["session"], actor=SYSTEM,
                          participants=[NewParticipant(name="Nadia Haddad", organization="Org", stakeholder_type="academia")])


def _participant_group(s, ids):
    update_participant_type(s, session_id=ids["session"], person_id=ids["person"], stakeholder_type="academia",
                            actor=SYSTEM)


def _rename_person(s, ids):
    s.get(Person, ids["person"]).name = "Renamed Person"


def _recommendation(s, ids):
    s.add(Recommendation(session_id=ids["session"], text="Do better."))


def _takeaway(s, ids):
    s.add(Takeaway(session_id=ids["session"], text="We agreed."))


def _written_input(s, ids):
    s.add(WrittenContribution(session_id=ids["session"], stakeholder_type="youth", text="Written in.",
                              client_token="w1", status="pending"))


WRITES: dict[str, Callable] = {
    "chatham house toggle": _toggle_chatham_house, "title edit": _rename, "close": _close,
    "status by ORM": _status_by_orm, "new intervention": _new_intervention, "edited intervention": _edit_intervention,
    "theme on intervention": _theme_on_intervention, "key point": _key_point, "question text": _question_text,
    "participant registered": _register, "participant group": _participant_group,
    "participant renamed": _rename_person, "recommendation": _recommendation, "takeaway": _takeaway,
    "written input": _written_input,
}


@pytest.fixture
def live(db_url):
    with session_scope(db_url) as s:
        ds = make_session(s, questions=(2,))
        person = make_person(s, ds.id, name="Ana Speaker")
        item = make_intervention(s, ds.id, person_id=person.id)
        question = s.scalars(select(Question).where(Question.session_id == ds.id)).first()
        ids = {"session": ds.id, "person": person.id, "intervention": item.id, "question": question.id}
    return db_url, ids


def _version(url: str, session_id: int) -> int:
    with session_scope(url) as s:
        return get_data_version(s, session_id=session_id)


@pytest.mark.parametrize("kind", list(WRITES))
def test_each_kind_of_write_moves_the_stamp_once(live, kind):
    url, ids = live
    before = _version(url, ids["session"])
    with session_scope(url) as s:
        WRITES[kind](s, ids)
    assert _version(url, ids["session"]) == before + 1


def test_writes_elsewhere_and_audit_entries_leave_the_stamp_alone(live):
    url, ids = live
    with session_scope(url) as s:
        other = make_session(s, questions=(1,)).id
    before = _version(url, ids["session"])
    with session_scope(url) as s:
        make_intervention(s, other, text="Another session")
        record(s, SYSTEM, "note", "session", ids["session"], session_id=ids["session"], note="looked at it")
    assert _version(url, ids["session"]) == before


def test_several_flushes_in_one_transaction_move_it_once_and_the_next_transaction_again(live):
    url, ids = live
    before = _version(url, ids["session"])
    with session_scope(url) as s:
        for n in range(3):
            make_intervention(s, ids["session"], text=f"Point {n}")
            s.flush()
    assert _version(url, ids["session"]) == before + 1
    with session_scope(url) as s:
        make_intervention(s, ids["session"], text="Later point")
    assert _version(url, ids["session"]) == before + 2


def test_a_rolled_back_write_leaves_it_alone(live):
    url, ids = live
    before = _version(url, ids["session"])
    with pytest.raises(RuntimeError):
        with session_scope(url) as s:
            make_intervention(s, ids["session"], text="Never saved")
            raise RuntimeError("abandon")
    assert _version(url, ids["session"]) == before


def test_a_decision_on_written_input_moves_it_too(live):
    url, ids = live
    with session_scope(url) as s:
        _written_input(s, ids)
    before = _version(url, ids["session"])
    with session_scope(url) as s:
        s.scalars(select(WrittenContribution)).one().status = "declined"
    assert _version(url, ids["session"]) == before + 1
