"""Retention: what is kept only as long as it is useful.

A broadcast leaves one outbox row per recipient, each with its full text: 100,000 rows for one
broadcast to everyone. Once it has ended, history needs only its figures, which are stored on
the broadcast itself, so its rows are deleted `broadcast_rows_retention_days` after it ended
(long enough to answer "did this person get it?"). One transaction per broadcast, a few
broadcasts per run, so the nightly job never holds locks for long.

Other outbox rows stay: a sent reminder's row is what stops it being planned again, and a
consultant's reply shows its delivery state in the case.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
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
