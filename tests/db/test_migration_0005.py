"""0005 adds the ITU document reference to sessions; rolling it back keeps every session."""
from alembic import command
from sqlalchemy import inspect, select

from db.migrate import alembic_config, upgrade
from db.models import DialogueSession
from db.session import dispose_engine, get_engine, session_factory
from tests.factories import make_session


def _columns(url: str) -> dict[str, dict]:
    return {c["name"]: c for c in inspect(get_engine(url)).get_columns("dialogue_sessions")}


def test_document_reference_down_and_up_keeps_the_sessions(db_url):
    column = _columns(db_url)["document_reference"]
    assert column["nullable"] and column["type"].length == 100
    with session_factory(db_url)() as s:
        ds = make_session(s, title="Kept through the rollback", document_reference="CWG-COP/24/INF/3")
        s.commit()
        session_id = ds.id
    command.downgrade(alembic_config(db_url), "0004")
    dispose_engine(db_url)
    assert "document_reference" not in _columns(db_url)
    upgrade(db_url)
    dispose_engine(db_url)
    with session_factory(db_url)() as s:
        ds = s.get(DialogueSession, session_id)
        assert ds.title == "Kept through the rollback" and ds.document_reference is None
        assert s.scalar(select(DialogueSession.id).where(DialogueSession.id == session_id)) == session_id
