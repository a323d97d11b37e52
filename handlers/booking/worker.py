"""The waiting-list sweep: passes on places whose offer ran out, offers places freed without a
handler at hand (erased data), and closes waiting lists of sessions about to start.

Each slot is settled in its own short transaction under its lock, so the sweep never holds up
people booking. Booking and cancelling settle their slot themselves; the sweep only catches
what happens with nobody pressing a button (time passing); `bot/background.py` runs it every
SWEEP_SECONDS.
"""

from __future__ import annotations

from datetime import datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import JobContext, job
from bot.i18n import Catalog
from db.queries import booking as q
from db.types import utcnow
from handlers.booking import services as app

SWEEP_SECONDS = 60.0


async def sweep_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    settings: Settings,
    now: datetime | None = None,
) -> int:
    """Settle every slot that needs it; returns how many people were told something."""
    moment = now or utcnow()
    async with sessionmaker() as session:
        slot_ids = await q.slots_to_settle(session, moment)
    told = 0
    for slot_id in slot_ids:
        async with sessionmaker() as session, session.begin():
            told += await app.settle_slot(session, catalog, settings, slot_id, moment)
    return told


async def _sweep(ctx: JobContext) -> int:
    return await sweep_once(ctx.sessionmaker, ctx.catalog, ctx.settings)


# Waiting lists: offers that ran out pass to the next person.
JOBS = (
    job("booking-waitlist-sweep", lambda settings: IntervalTrigger(seconds=SWEEP_SECONDS), _sweep),
)
