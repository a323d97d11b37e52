"""Retention: what is kept only as long as it is useful.

A broadcast leaves one outbox row per recipient, each with its full text: 100,000 rows for one
broadcast to everyone. Once it has ended, history needs only its figures, which are stored on
the broadcast itself, so its rows are deleted `broadcast_rows_retention_days` after it ended
(long enough to answer "did this person get it?"). One transaction per broadcast, a few
broadcasts per run, so the nightly job never holds locks for long.

Other settled outbox rows (sent, dead, dropped: replies, staff alerts with names and phones,
reminders) are kept `outbox_sent_retention_days`. After that a row without a dedupe key is
deleted, and a row with one is compacted to a record without text or payload: its key is what
stops a reminder being planned again, and its status is a consultant reply's delivery state.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from db.models import OutboxMessage, OutboxStatus
from db.queries import broadcast as q
from db.types import utcnow

log = logging.getLogger("jol.retention")

# Broadcasts pruned per run; the next night takes the rest.
BROADCASTS_PER_RUN = 20


async def prune_broadcast_rows(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    now: datetime | None = None,
) -> int:
    """Delete the delivery rows of broadcasts that ended before the retention period."""
    cutoff = (now or utcnow()) - timedelta(days=settings.broadcast_rows_retention_days)
    async with sessionmaker() as session:
        ended = await q.ended_with_rows(session, cutoff, BROADCASTS_PER_RUN)
    deleted = 0
    for broadcast_id in ended:
        async with sessionmaker() as session, session.begin():
            row = await q.get(session, broadcast_id, lock=True)
            if row is None:
                continue
            rows = await q.prune_rows(session, row)
        deleted += rows
        log.info("broadcast rows deleted", extra={"broadcast": broadcast_id, "rows": rows})
    return deleted


SETTLED = (OutboxStatus.SENT, OutboxStatus.DEAD, OutboxStatus.DROPPED)


async def prune_sent_outbox(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Delete or compact settled non-broadcast rows older than the retention period.
    Returns (deleted, compacted)."""
    cutoff = (now or utcnow()) - timedelta(days=settings.outbox_sent_retention_days)
    old = (
        OutboxMessage.status.in_(SETTLED),
        OutboxMessage.purpose != q.PURPOSE,
        func.coalesce(OutboxMessage.sent_at, OutboxMessage.due_at) < cutoff,
    )
    async with sessionmaker() as session, session.begin():
        deleted = await session.execute(
            delete(OutboxMessage)
            .where(*old, OutboxMessage.dedupe_key.is_(None))
            .execution_options(synchronize_session=False)
        )
        compacted = await session.execute(
            update(OutboxMessage)
            .where(*old, OutboxMessage.dedupe_key.is_not(None), OutboxMessage.text != "")
            .values(text="", payload={}, last_error=None)
            .execution_options(synchronize_session=False)
        )
    counts = (int(deleted.rowcount), int(compacted.rowcount))  # type: ignore[attr-defined]
    log.info("outbox rows pruned", extra={"deleted": counts[0], "compacted": counts[1]})
    return counts
