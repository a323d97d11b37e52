"""cases.forum_claim / forum_claimed_until: one process at a time creates a case's forum topic;
bookings.decline_reason and certification_results.level hold a coordinator's words whole

The topic is created after commit by a job (handlers/ask/forum.py), never inside an update's
transaction; the claim keeps two instances from creating two topics for one case, and after a
refusal it holds the next attempt back. A decline reason (was at most 300 characters) and a
level (32) are shown after their templates, split into parts when long (issue 20), so they need
no cap of their own.

Revision ID: 0014_forum_claim_free_texts
Revises: 0013_console
Create Date: 2026-12-04 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0014_forum_claim_free_texts"
down_revision: str | Sequence[str] | None = "0013_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("forum_claim", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("forum_claimed_until", UTCDateTime(), nullable=True))
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column(
            "decline_reason", existing_type=sa.String(length=300), type_=sa.Text()
        )
    with op.batch_alter_table("certification_results") as batch:
        batch.alter_column("level", existing_type=sa.String(length=32), type_=sa.Text())


def downgrade() -> None:
    with op.batch_alter_table("certification_results") as batch:
        batch.alter_column("level", existing_type=sa.Text(), type_=sa.String(length=32))
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column(
            "decline_reason", existing_type=sa.Text(), type_=sa.String(length=300)
        )
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("forum_claimed_until")
        batch.drop_column("forum_claim")
