"""content_checks: who at the Center checked a guide section or emergency card, and when

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_checks",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("checked_by_id", sa.BigInteger(), nullable=True),
        sa.Column("checked_by_name", sa.String(length=128), nullable=False),
        sa.Column("checked_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("content_version", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_checks")),
    )
    op.create_index(op.f("ix_content_checks_key"), "content_checks", ["key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_content_checks_key"), table_name="content_checks")
    op.drop_table("content_checks")
