"""written contributions: participants' written input, and the channel of each intervention

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:30:00.000000

Existing interventions become 'spoken' (the server default fills them).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy) on SQLite and PostgreSQL alike.
    op.add_column('interventions', sa.Column('channel', sa.String(length=16), server_default=sa.text("'spoken'"),
                                             nullable=False))
    op.create_table('written_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('stakeholder_type', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('client_token', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decline_reason', sa.String(length=300), nullable=True),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', db.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', db.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['intervention_id'], ['interventions.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'client_token', name='uq_written_contribution_client_token')
    )
    op.create_index('ix_written_contributions_session_status', 'written_contributions', ['session_id', 'status'])
    op.create_index('ix_written_contributions_user_created', 'written_contributions', ['user_id', 'created_at'])
    op.create_index(op.f('ix_written_contributions_person_id'), 'written_contributions', ['person_id'])
    op.create_index(op.f('ix_written_contributions_intervention_id'), 'written_contributions', ['intervention_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_written_contributions_intervention_id'), table_name='written_contributions')
    op.drop_index(op.f('ix_written_contributions_person_id'), table_name='written_contributions')
    op.drop_index('ix_written_contributions_user_created', table_name='written_contributions')
    op.drop_index('ix_written_contributions_session_status', table_name='written_contributions')
    op.drop_table('written_contributions')
    # Plain DROP COLUMN, not a batch table copy (see 0003: a copy would cascade-delete the rows that
    # refer to interventions). Needs SQLite 3.35 or later.
    op.drop_column('interventions', 'channel')
