"""content_releases: published content libraries; content_checks.text_hash

Revision ID: 0015_content_releases
Revises: 0014_forum_claim_free_texts
Create Date: 2026-12-04 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0015_content_releases"
down_revision: str | Sequence[str] | None = "0014_forum_claim_free_texts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_releases",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_releases")),
    )
    op.create_index(
        op.f("ix_content_releases_created_by"), "content_releases", ["created_by"], unique=False
    )
    with op.batch_alter_table("content_checks") as batch:
        batch.add_column(sa.Column("text_hash", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("content_checks") as batch:
        batch.drop_column("text_hash")
    op.drop_index(op.f("ix_content_releases_created_by"), table_name="content_releases")
    op.drop_table("content_releases")
