"""content_drafts: the guide editor's working copy (changes not published yet)

Revision ID: 0016_content_drafts
Revises: 0015_content_releases
Create Date: 2026-12-04 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "0016_content_drafts"
down_revision: str | Sequence[str] | None = "0015_content_releases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_drafts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("open_slot", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("base_release_id", sa.BigInteger(), nullable=True),
        sa.Column("base_version", sa.String(length=32), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("release_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_drafts")),
        sa.UniqueConstraint("open_slot", name=op.f("uq_content_drafts_open_slot")),
    )
    op.create_index(
        op.f("ix_content_drafts_created_by"), "content_drafts", ["created_by"], unique=False
    )
    op.create_index(
        op.f("ix_content_drafts_updated_by"), "content_drafts", ["updated_by"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_content_drafts_updated_by"), table_name="content_drafts")
    op.drop_index(op.f("ix_content_drafts_created_by"), table_name="content_drafts")
    op.drop_table("content_drafts")
