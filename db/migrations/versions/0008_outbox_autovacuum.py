"""outbox: vacuum often (PostgreSQL)

The outbox is a queue: every row is inserted, updated two or three times (pending, sending,
sent) and, for broadcasts, deleted after the retention period. Each update leaves a dead row
version and a dead entry in the (status, due_at) index the claim query reads; with the default
settings autovacuum waits until a fifth of the table is dead, which after a 100,000-person
broadcast is hundreds of thousands of dead entries for the claim to step over.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 20:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SETTINGS = {
    "autovacuum_vacuum_scale_factor": "0.01",
    "autovacuum_vacuum_threshold": "1000",
    "autovacuum_analyze_scale_factor": "0.02",
    "autovacuum_analyze_threshold": "1000",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no autovacuum of this kind; it is the one-process embedded path
    options = ", ".join(f"{name} = {value}" for name, value in _SETTINGS.items())
    op.execute(f"ALTER TABLE outbox SET ({options})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE outbox RESET ({', '.join(_SETTINGS)})")
