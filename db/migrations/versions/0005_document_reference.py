"""document reference: the ITU document symbol a session's report is filed under

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:00:00.000000

Existing sessions keep NULL (no reference yet); the report prints the reference only when set.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy) on SQLite and PostgreSQL alike.
    op.add_column('dialogue_sessions', sa.Column('document_reference', sa.String(length=100), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN, not a batch table copy: a copy of dialogue_sessions would cascade-delete
    # every row that refers to a session. Needs SQLite 3.35 or later (see 0004).
    op.drop_column('dialogue_sessions', 'document_reference')
