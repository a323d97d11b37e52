"""Background work that runs beside update handling (outbox sender, scheduled jobs).

`start_background` is called once per process after migrations; `Background.stop()` drains it
on shutdown. Features add their jobs in `start_background` (see `Background.add_job`).

APScheduler 3 (in-process, memory job store) is only the clock: the outbox is the durable
store, so a job missed during a restart loses nothing — the next run picks everything up.
Every job has a fixed id with `replace_existing`, `coalesce=True` (one catch-up run, not a
burst) and an explicit `misfire_grace_time` (the default of 1 s would drop runs under load).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from bot.workers.broadcast import BroadcastWorker
from bot.workers.campaigns import plan_pending
from bot.workers.digest import send_digest
from bot.workers.outbox import OutboxWorker
from bot.workers.retention import prune_broadcast_rows, prune_sent_outbox
from db.types import utcnow
from domain.reminders import local_to_utc
from handlers.reminders.planning import PlanContext

log = logging.getLogger("jol.background")

STOP_GRACE_SECONDS = 10.0


class Background:
    def __init__(self, scheduler: AsyncIOScheduler, outbox: OutboxWorker) -> None:
        self.scheduler = scheduler
        self.outbox = outbox
        self._running: set[asyncio.Task[Any]] = set()

    def add_job(
        self,
        job_id: str,
        func: Callable[[], Awaitable[Any]],
        trigger: Any,
        *,
        misfire_grace_time: int | None = 60,
        **kwargs: Any,
    ) -> None:
        """Schedule an async job with a fixed id; it runs tracked, so `stop()` can wait for it."""
        self.scheduler.add_job(
            functools.partial(self._tracked, job_id, func),
            trigger,
            id=job_id,
            name=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=misfire_grace_time,
            **kwargs,
        )

    async def _tracked(self, job_id: str, func: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await func()
        except Exception:
            log.exception("background job failed", extra={"job": job_id})
        finally:
            if task is not None:
                self._running.discard(task)

    async def stop(self) -> None:
        """No new runs; let running jobs finish (then cancel them); stop the sender, which lets
        sends on the wire finish and releases every row it still holds."""
        if self.scheduler.running:
            self.scheduler.pause()
        running = [t for t in self._running if not t.done()]
        if running:
            _done, late = await asyncio.wait(running, timeout=STOP_GRACE_SECONDS)
            for task in late:
                task.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.outbox.stop(grace=STOP_GRACE_SECONDS)


async def start_background(
    bot: Bot,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
) -> Background:
    # Features whose digest sections or jobs register at import time.
    import handlers.booking.digest
    import handlers.reminders.alerts  # noqa: F401
    from handlers.ask.jobs import close_quiet_cases, report_delivery_failures
    from handlers.booking.worker import SWEEP_SECONDS, sweep_once

    # APScheduler logs two INFO lines per run; the outbox wake-up runs every second.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=settings.tz)
    outbox = OutboxWorker(bot, sessionmaker, settings)
    background = Background(scheduler, outbox)

    async def plan() -> None:
        await plan_pending(sessionmaker, PlanContext.build(catalog, settings))
        await outbox.wake()  # reminders due right away go out now, not at the next poll

    async def digest() -> None:
        if await send_digest(sessionmaker, catalog, settings):
            await outbox.wake()

    poll = settings.outbox_poll_seconds
    background.add_job(
        "outbox-wake", outbox.wake, IntervalTrigger(seconds=poll), misfire_grace_time=None
    )
    background.add_job(
        "campaign-planner",
        plan,
        IntervalTrigger(seconds=settings.campaign_poll_seconds),
        next_run_time=_scheduler_now(),
        misfire_grace_time=max(int(settings.campaign_poll_seconds), 1),
    )
    background.add_job(
        "coordinator-digest",
        digest,
        CronTrigger(hour=settings.digest_hour, minute=0, timezone=settings.tz),
        misfire_grace_time=3600,
    )

    async def booking_sweep() -> None:
        # Waiting lists: offers that ran out pass to the next person (see handlers/booking).
        if await sweep_once(sessionmaker, catalog, settings):
            await outbox.wake()

    background.add_job(
        "booking-waitlist-sweep", booking_sweep, IntervalTrigger(seconds=SWEEP_SECONDS)
    )

    async def ask_delivery_failures() -> None:
        # Ask the Center: a consultant learns when their answer could not reach the person.
        if await report_delivery_failures(sessionmaker, catalog, settings):
            await outbox.wake()

    background.add_job("ask-delivery-failures", ask_delivery_failures, IntervalTrigger(seconds=10))

    async def ask_quiet_cases() -> None:
        # A case left waiting for the person for weeks stops capturing what they type.
        if await close_quiet_cases(sessionmaker, catalog, settings):
            await outbox.wake()

    background.add_job(
        "ask-close-quiet-cases",
        ask_quiet_cases,
        IntervalTrigger(hours=1),
        next_run_time=_scheduler_now(),
    )

    # Staff broadcasts: start scheduled ones, feed running ones into the outbox a little at a
    # time, update progress messages (bot/workers/broadcast.py).
    broadcasts = BroadcastWorker(
        bot, sessionmaker, settings, catalog, pacer=outbox.pacer, wake_sender=outbox.wake
    )
    background.add_job(
        "broadcast-feeder",
        broadcasts.tick,
        IntervalTrigger(seconds=settings.broadcast_tick_seconds),
        misfire_grace_time=None,
    )

    async def retention() -> None:
        await prune_broadcast_rows(sessionmaker, settings)
        await prune_sent_outbox(sessionmaker, settings)

    background.add_job(
        "broadcast-rows-retention",
        retention,
        CronTrigger(hour=3, minute=30, timezone=settings.tz),  # a quiet hour in Bishkek
        misfire_grace_time=6 * 3600,
    )
    if _digest_missed_today(settings):
        # Started after today's digest time (a restart, a deploy): catch up once. The per-day
        # dedupe key makes this a no-op when today's digest was already sent.
        background.add_job("coordinator-digest-catchup", digest, "date", run_date=_scheduler_now())
    outbox.start()
    scheduler.start()
    return background


def _scheduler_now() -> datetime:
    """Now on APScheduler's own timeline, the system clock: it times wake-ups (durations),
    and a test that moved db.clock must not make a job wait for, or miss, that shifted instant.
    What a job does when it runs reads db.clock."""
    return datetime.now(UTC)


def _digest_missed_today(settings: Settings) -> bool:
    now = utcnow()
    today = now.astimezone(settings.tz).date()
    start = local_to_utc(today, time(settings.digest_hour), settings.tz)
    evening = local_to_utc(today, time(settings.quiet_hours_start), settings.tz)
    if evening <= start:
        evening = start + timedelta(hours=12)
    return start < now < evening


__all__ = ["Background", "start_background"]
