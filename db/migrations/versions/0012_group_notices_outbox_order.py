"""group_notices (the quiet minute of group chats, shared by every process) and
outbox.first_due_at (a row's place in its chat's queue)

Revision ID: 0012_group_notices_outbox_order
Revises: 0011
Create Date: 2026-12-04 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0012_group_notices_outbox_order"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNFINISHED = "status IN ('pending', 'sending')"


def upgrade() -> None:
    op.create_table(
        "group_notices",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("noticed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_group_notices")),
    )
    # Existing rows keep their current order: their first due time is taken as their due time.
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("first_due_at", UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE outbox SET first_due_at = due_at")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column(
            "first_due_at", existing_type=UTCDateTime(timezone=True), nullable=False
        )
    op.create_index(
        "ix_outbox_chat_queue",
        "outbox",
        ["chat_id", "first_due_at", "id"],
        unique=False,
        postgresql_where=sa.text(UNFINISHED),
        sqlite_where=sa.text(UNFINISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_chat_queue", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("first_due_at")
    op.drop_table("group_notices")
