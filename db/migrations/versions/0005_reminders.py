"""reminders: campaign plans and answers; outbox claim token and expiry

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reminder_plans',
    sa.Column('user_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('fingerprint', sa.String(length=300), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('user_updated_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('planned_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('paused_until', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_plans'))
    )
    op.create_table('campaign_answers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('campaign', sa.String(length=16), nullable=False),
    sa.Column('question', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.String(length=16), nullable=False),
    sa.Column('needs_attention', sa.Boolean(), nullable=False),
    sa.Column('answered_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_answers')),
    sa.UniqueConstraint('user_id', 'campaign', 'question', name=op.f('uq_campaign_answers_user_id'))
    )
    with op.batch_alter_table('campaign_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_answers_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_answers_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('expires_at', db.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        batch_op.drop_column('claimed_by')

    with op.batch_alter_table('campaign_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_answers_user_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_answers_answered_at'))

    op.drop_table('campaign_answers')
    op.drop_table('reminder_plans')
