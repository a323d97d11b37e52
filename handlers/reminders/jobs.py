"""The campaign planner job: brings every out-of-date reminder plan up to date.

It runs every `campaign_poll_seconds` and looks only at people whose row changed since their
last plan (a date, zone, language, consent, blocking or pause), or whose plan was made from an
older `content/campaigns.yaml`; see `handlers/reminders/planning.py` for one person's plan.
"""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.features import JobContext, job
from db.models import ReminderPlan
from db.queries.reminders import lock_user, save_plan, users_to_plan
from db.types import utcnow
from handlers.reminders.planning import PlanContext, plan_is_current, replan_user

log = logging.getLogger("jol.campaigns")


async def plan_pending(
    sessionmaker: async_sessionmaker[AsyncSession],
    ctx: PlanContext,
    *,
    now: datetime | None = None,
    batch: int = 200,
) -> int:
    """One planner run: bring every out-of-date plan up to date. Returns people re-planned."""
    now = now or utcnow()
    replanned = 0
    after = 0  # keyset pagination: one person failing never stalls the others
    while True:
        async with sessionmaker() as session, session.begin():
            candidates = await users_to_plan(session, ctx.campaigns.version, now, batch, after)
        for user, _plan in candidates:
            after = user.id
            try:
                replanned += await _plan_one(sessionmaker, ctx, user.id, now)
            except Exception:
                log.exception("planning failed for one person")
        if len(candidates) < batch:
            return replanned


async def _plan_one(
    sessionmaker: async_sessionmaker[AsyncSession], ctx: PlanContext, user_id: int, now: datetime
) -> int:
    async with sessionmaker() as session, session.begin():
        user = await lock_user(session, user_id)
        if user is None:
            return 0  # erased meanwhile, or another process is planning them right now
        plan = await session.get(ReminderPlan, user_id, populate_existing=True)
        paused_until = plan.paused_until if plan else None
        if paused_until is not None and paused_until <= now:
            # "Pause for two weeks" is over: reminders resume from now (the paused ones are
            # about dates that have passed and are not sent late).
            user.reminders_paused = False
            paused_until = None
        elif plan_is_current(plan, user, ctx):
            # Touched but nothing that matters changed (e.g. news setting): just note it.
            await save_plan(
                session,
                user_id,
                fingerprint=plan.fingerprint if plan else "",
                version=ctx.campaigns.version,
                user_updated_at=user.updated_at,
                paused_until=paused_until,
            )
            return 0
        await replan_user(session, user, ctx, now=now, paused_until=paused_until)
        return 1


async def _plan(ctx: JobContext) -> bool:
    await plan_pending(ctx.sessionmaker, PlanContext.build(ctx.catalog, ctx.settings))
    return True  # reminders due right away go out now, not at the sender's next poll


JOBS = (
    job(
        "campaign-planner",
        lambda settings: IntervalTrigger(seconds=settings.campaign_poll_seconds),
        _plan,
        start_now=True,
        misfire_grace_time=lambda settings: max(int(settings.campaign_poll_seconds), 1),
    ),
)
