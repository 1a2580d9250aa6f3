"""`alembic upgrade head` on an empty database gives exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db.migrate import pending_upgrade
from db.models import Base
from db.session import get_engine


def test_migrations_match_models(db_url):
    assert pending_upgrade(db_url) is False
    with get_engine(db_url).connect() as connection:
        ctx = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_model_table_exists(db_url):
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
