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
