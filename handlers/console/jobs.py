"""The console's background work: sign-in links and sessions are deleted once they can no
longer be used, so the tables hold only what is live (they name staff members)."""

from __future__ import annotations

import logging

from apscheduler.triggers.interval import IntervalTrigger

from bot.features import JobContext, job
from db.queries.console import prune_spent
from db.types import utcnow

log = logging.getLogger("jol.console")


async def _prune_sign_ins(ctx: JobContext) -> None:
    async with ctx.sessionmaker() as session, session.begin():
        links, sessions = await prune_spent(session, utcnow())
    if links or sessions:
        log.info("console sign-ins pruned", extra={"links": links, "sessions": sessions})


JOBS = (job("console-prune-sign-ins", lambda settings: IntervalTrigger(hours=1), _prune_sign_ins),)
