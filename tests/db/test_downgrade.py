"""Migrations run down and up again cleanly (a bad deploy can be rolled back)."""
from alembic import command
from sqlalchemy import inspect

from db.migrate import alembic_config, upgrade
from db.session import get_engine


def test_downgrade_to_base_and_back(db_url):
    command.downgrade(alembic_config(db_url), "base")
    assert set(inspect(get_engine(db_url)).get_table_names()) <= {"alembic_version"}
    upgrade(db_url)
    assert "interventions" in inspect(get_engine(db_url)).get_table_names()


def test_downgrading_the_languages_keeps_every_row(db_url):
    from sqlalchemy import select

    from db.models import Intervention, KeyPoint
    from db.session import dispose_engine, session_factory
    from tests.factories import make_intervention, make_session

    with session_factory(db_url)() as s:
        ds = make_session(s)
        item = make_intervention(s, ds.id, text="Les plateformes doivent protéger les enfants.", language="fr")
        s.add(KeyPoint(session_id=ds.id, intervention_id=item.id, sentence_hash="h", original_text="x", text="x"))
        s.commit()
    command.downgrade(alembic_config(db_url), "0002")
    dispose_engine(db_url)
    columns = {c["name"] for c in inspect(get_engine(db_url)).get_columns("interventions")}
    assert "language" not in columns and "text" in columns
    upgrade(db_url)
    dispose_engine(db_url)
    with session_factory(db_url)() as s:
        # No table was copied and dropped: the cascade to key points never ran.
        assert s.scalar(select(Intervention.text)) == "Les plateformes doivent protéger les enfants."
        assert s.scalar(select(Intervention.language)) is None
        assert s.scalar(select(KeyPoint.text)) == "x"
