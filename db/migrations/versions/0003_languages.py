"""languages: each intervention's language, and theme keywords in the other UN languages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:30:00.000000

Existing interventions keep language NULL (unknown): key points and theme suggestions detect
the language of such notes when they read them. The keywords are filled by the taxonomy
loader (`python -m dashboard init-db`), which runs after every upgrade.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy) on SQLite and PostgreSQL alike.
    op.add_column('interventions', sa.Column('language', sa.String(length=8), nullable=True))
    op.add_column('themes', sa.Column('keywords_by_language', sa.JSON(), server_default=sa.text("'{}'"),
                                      nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN, not a batch table copy: on SQLite, copying a table means dropping the
    # original, and with foreign keys on that would cascade-delete the rows that refer to it
    # (key points, recommendation sources, intervention themes). Needs SQLite 3.35 or later.
    op.drop_column('themes', 'keywords_by_language')
    op.drop_column('interventions', 'language')
