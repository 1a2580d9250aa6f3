"""Logical backups restore the same rows, across SQLite and PostgreSQL."""
from sqlalchemy import func, select

from dashboard.services.admin.backup import create_backup, restore_backup
from db.models import DialogueSession, Intervention, Recommendation
from tests.factories import make_intervention, make_person, make_session


def test_backup_restores_everything_including_circular_references(dbs):
    ds = make_session(dbs)
    q = ds.parts[0].questions[0]
    ds.current_question_id = q.id
    person = make_person(dbs, ds.id, name="王芳")
    item = make_intervention(dbs, ds.id, question_id=q.id, person_id=person.id)
    keep = Recommendation(session_id=ds.id, text="Keep", addressed_to=["industry"])
    gone = Recommendation(session_id=ds.id, text="Merged")
    dbs.add_all([gone, keep])
    dbs.flush()
    gone.merged_into_id = keep.id
    dbs.commit()
    blob, info = create_backup(dbs)
    assert info.rows > 0

    dbs.execute(Intervention.__table__.delete())
    dbs.commit()
    restored = restore_backup(dbs, blob)
    dbs.commit()
    dbs.expire_all()
    assert restored.rows == info.rows
    assert dbs.get(DialogueSession, ds.id).current_question_id == q.id
    assert dbs.get(Intervention, item.id).person.name == "王芳"
    assert dbs.get(Recommendation, gone.id).merged_into_id == keep.id
    # new rows still get fresh ids after a restore (PostgreSQL sequences moved on)
    fresh = make_intervention(dbs, ds.id)
    dbs.commit()
    assert fresh.id > item.id
    assert dbs.scalar(select(func.count()).select_from(Intervention)) == 2


def test_a_gzip_bomb_is_refused_without_unpacking_it_whole():
    import gzip

    import pytest

    from dashboard.services.admin.backup import read_backup
    from dashboard.services.errors import ValidationError

    bomb = gzip.compress(b"{" + b" " * (8 * 1024 * 1024))
    with pytest.raises(ValidationError, match="unpacks to more than"):
        read_backup(bomb, max_unpacked=4 * 1024 * 1024)
