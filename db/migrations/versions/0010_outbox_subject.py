"""outbox.subject_user_id: the person a message addressed to someone else is about

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("subject_user_id", sa.BigInteger(), nullable=True))
        batch.create_index("ix_outbox_subject_user_id", ["subject_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_subject_user_id")
        batch.drop_column("subject_user_id")
