"""The claim stays cheap and takes no more than it asked for once a broadcast has queued its
rows (PostgreSQL).

asyncpg prepares every statement, and after five runs PostgreSQL may keep one generic plan for
it. A plan made while the outbox was known to be empty (as autovacuum leaves it after the
cleanup job) went wrong twice over: the per-chat order check became a seq scan per candidate
row (quadratic: 6 s a claim at 20,000 queued), and the locking LIMIT subquery was run again for
every row of the UPDATE, so a claim of 100 switched every queued row to "sending".
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.engine import create_engine
from db.models import OutboxMessage
from db.queries import outbox_claim
from db.queries.outbox_claim import claim_due
from db.types import utcnow

# Enough rows for a fresh plan to prefer the indexes (with a few hundred, scanning is cheaper).
QUEUED = 2_000
LEASE = timedelta(seconds=60)


@pytest.fixture
def db_url(postgres_template: object, db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("prepared statements and generic plans are PostgreSQL's")
    return db_url


@pytest.fixture
def plan_mode() -> str:
    return outbox_claim.CLAIM_PLAN_MODE


@pytest.fixture
def queued() -> int:
    return QUEUED


@pytest.fixture
async def connection(
    db_url: str, plan_mode: str, queued: int, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[AsyncConnection]:
    """One connection, so one statement cache, warmed on an outbox known to be empty."""
    monkeypatch.setattr(outbox_claim, "CLAIM_PLAN_MODE", plan_mode)
    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE outbox"))
            await connection.commit()
            session = AsyncSession(bind=connection)
            for n in range(8):  # enough runs for PostgreSQL to settle on a generic plan
                async with session.begin():
                    assert not await claim_due(
                        session, now=utcnow(), limit=100, lease=LEASE, token=f"warm-{n}"
                    )
            async with session.begin():
                await session.execute(
                    insert(OutboxMessage),
                    [
                        {"chat_id": 10_000 + n, "text": f"news {n}", "purpose": "broadcast"}
                        for n in range(queued)
                    ],
                )
            await session.close()
            yield connection
    finally:
        await engine.dispose()


async def claim_100(connection: AsyncConnection) -> tuple[int, int]:
    """Rows claimed, and rows read by sequential scan in the claim's transaction."""
    session = AsyncSession(bind=connection)
    async with session.begin():
        claimed = await claim_due(session, now=utcnow(), limit=100, lease=LEASE, token="after")
        read = await session.scalar(
            text(
                "SELECT coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables"
                " WHERE relname = 'outbox'"
            )
        )
    await session.close()
    return len(claimed), int(read or 0)


async def test_claim_reads_the_queue_linearly_after_it_grew(connection: AsyncConnection) -> None:
    claimed, read = await claim_100(connection)
    print(f"one claim of 100 out of {QUEUED}: {read} rows read by sequential scan")
    assert claimed == 100
    assert read <= 2 * QUEUED, read


# Fewer rows: the bad plan runs the quadratic claim once per row (2,000 would take hours).
@pytest.mark.parametrize(("plan_mode", "queued"), [("force_generic_plan", 300)])
async def test_even_a_generic_plan_claims_no_more_than_asked(connection: AsyncConnection) -> None:
    claimed, _ = await claim_100(connection)
    assert claimed == 100
