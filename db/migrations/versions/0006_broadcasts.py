"""broadcasts: staff broadcasts (deliveries are outbox rows with ref "broadcast:<id>")

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 17:07:33
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types


revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('broadcasts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('author_id', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('media_kind', sa.String(length=16), nullable=True),
    sa.Column('media_file_id', sa.String(length=256), nullable=True),
    sa.Column('segment', sa.JSON(), nullable=False),
    sa.Column('send_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('submissions', sa.BigInteger(), nullable=False),
    sa.Column('approved_by', sa.BigInteger(), nullable=True),
    sa.Column('approved_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rejected_by', sa.BigInteger(), nullable=True),
    sa.Column('cursor', sa.BigInteger(), nullable=False),
    sa.Column('exhausted', sa.Boolean(), nullable=False),
    sa.Column('progress_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_message_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent', sa.BigInteger(), nullable=False),
    sa.Column('failed', sa.BigInteger(), nullable=False),
    sa.Column('blocked', sa.BigInteger(), nullable=False),
    sa.Column('skipped', sa.BigInteger(), nullable=False),
    sa.Column('retried', sa.BigInteger(), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcasts'))
    )
    with op.batch_alter_table('broadcasts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_broadcasts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_broadcasts_status', ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('broadcasts', schema=None) as batch_op:
        batch_op.drop_index('ix_broadcasts_status')
        batch_op.drop_index(batch_op.f('ix_broadcasts_author_id'))

    op.drop_table('broadcasts')
