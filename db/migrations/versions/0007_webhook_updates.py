"""webhook_updates: handled/failed webhook deliveries (bot/web/delivery.py)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 17:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0007'
down_revision: str | Sequence[str] | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('webhook_updates',
    sa.Column('bot_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('failures', sa.BigInteger(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('bot_id', 'update_id', name=op.f('pk_webhook_updates'))
    )
    with op.batch_alter_table('webhook_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_updates_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('webhook_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_updates_created_at'))

    op.drop_table('webhook_updates')
