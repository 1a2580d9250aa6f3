"""participants' voice: join links, support checks and their answers; guest accounts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 01:20:00.000000

Existing accounts are not guests (the server default fills them).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('is_guest', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('join_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('attendance_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('declared_group', sa.String(length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', db.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', db.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attendance_id'], ['attendance.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token')
    )
    op.create_index('ix_join_links_session_attendance', 'join_links', ['session_id', 'attendance_id'])
    op.create_index(op.f('ix_join_links_user_id'), 'join_links', ['user_id'])
    op.create_table('support_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('min_group_size', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', db.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_support_checks_session_id'), 'support_checks', ['session_id'])
    op.create_table('support_check_items',
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['support_checks.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('check_id', 'recommendation_id')
    )
    op.create_index(op.f('ix_support_check_items_recommendation_id'), 'support_check_items', ['recommendation_id'])
    op.create_table('support_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('stakeholder_type', sa.String(length=32), nullable=False),
    sa.Column('self_declared', sa.Boolean(), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=False),
    sa.Column('answered_at', db.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['support_checks.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('check_id', 'recommendation_id', 'user_id', name='uq_support_response_voter')
    )
    op.create_index(op.f('ix_support_responses_recommendation_id'), 'support_responses', ['recommendation_id'])
    op.create_index(op.f('ix_support_responses_user_id'), 'support_responses', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_support_responses_user_id'), table_name='support_responses')
    op.drop_index(op.f('ix_support_responses_recommendation_id'), table_name='support_responses')
    op.drop_table('support_responses')
    op.drop_index(op.f('ix_support_check_items_recommendation_id'), table_name='support_check_items')
    op.drop_table('support_check_items')
    op.drop_index(op.f('ix_support_checks_session_id'), table_name='support_checks')
    op.drop_table('support_checks')
    op.drop_index(op.f('ix_join_links_user_id'), table_name='join_links')
    op.drop_index('ix_join_links_session_attendance', table_name='join_links')
    op.drop_table('join_links')
    # Plain DROP COLUMN (see 0003 and 0004). Needs SQLite 3.35 or later.
    op.drop_column('users', 'is_guest')
