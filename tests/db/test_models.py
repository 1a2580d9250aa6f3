"""The schema behaves the same on SQLite and PostgreSQL."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.models import DialogueSession, Intervention, Question
from tests.factories import make_intervention, make_person, make_session


def test_datetimes_come_back_aware_utc(dbs):
    cet = timezone(timedelta(hours=1))
    ds = make_session(dbs, scheduled_start=datetime(2025, 10, 30, 10, 0, tzinfo=cet))
    dbs.commit()
    dbs.expire_all()
    loaded = dbs.get(DialogueSession, ds.id)
    assert loaded.scheduled_start.tzinfo is not None
    assert loaded.scheduled_start == datetime(2025, 10, 30, 9, 0, tzinfo=timezone.utc)


def test_naive_datetimes_are_refused(dbs):
    dbs.add(DialogueSession(title="x", scheduled_start=datetime(2025, 1, 1, 10, 0)))
    with pytest.raises(Exception, match="naive datetime"):
        dbs.flush()


def test_session_structure_and_defaults(dbs):
    ds = make_session(dbs, questions=(4, 3))
    dbs.commit()
    assert ds.status == "live" and ds.chatham_house is True
    fresh = DialogueSession(title="Fresh")
    dbs.add(fresh)
    dbs.flush()
    assert fresh.data_version == 0
    assert [len(p.questions) for p in ds.parts] == [4, 3]
    assert dbs.scalar(select(Question).where(Question.session_id == ds.id).limit(1)) is not None


def test_client_token_is_unique_per_session(dbs):
    ds = make_session(dbs)
    make_intervention(dbs, ds.id, client_token="abc")
    dbs.commit()
    with pytest.raises(IntegrityError):
        make_intervention(dbs, ds.id, client_token="abc")
    dbs.rollback()
    other = make_session(dbs)
    make_intervention(dbs, other.id, client_token="abc")  # same token, other session: fine
    dbs.commit()


def test_unicode_names_and_long_text_survive(dbs):
    ds = make_session(dbs)
    names = ["ليلى حداد", "王芳", "Zoë Ødegård"]
    people = [make_person(dbs, ds.id, name=n) for n in names]
    long_text = "<script>alert(1)</script> " + "x" * 50_000
    item = make_intervention(dbs, ds.id, text=long_text, person_id=people[0].id)
    dbs.commit()
    dbs.expire_all()
    assert [dbs.get(type(p), p.id).name for p in people] == names
    assert dbs.get(Intervention, item.id).text == long_text


def test_deleting_a_session_cascades(dbs):
    ds = make_session(dbs)
    make_intervention(dbs, ds.id)
    dbs.commit()
    dbs.delete(dbs.get(DialogueSession, ds.id))
    dbs.commit()
    assert dbs.scalars(select(Intervention)).all() == []
