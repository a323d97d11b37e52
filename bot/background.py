"""Background work that runs beside update handling: the outbox sender and the scheduled jobs.

One home for it: every scheduled job is a `bot.features.JobSpec`, declared by a feature
(`FEATURE.jobs`) or, for the runtime's own work (waking the sender, the coordinators' digest,
retention), here. `start_background` is called once per process by `bot/runtime.py` after
migrations; `Background.stop()` drains it on shutdown.

A job that queued messages says so (it returns a count or True) and `Background` wakes the
outbox sender: this is the one place that does, so the messages go out now rather than at the
sender's next poll.

APScheduler 3 (in-process, memory job store) is only the clock: the outbox is the durable
store, so a job missed during a restart loses nothing — the next run picks everything up.
Every job has a fixed id with `replace_existing`, `coalesce=True` (one catch-up run, not a
burst) and an explicit `misfire_grace_time` (the default of 1 s would drop runs under load).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content_releases import content_jobs, seed_library
from bot.features import (
    DigestSection,
    Feature,
    JobContext,
    JobSpec,
    digest_sections_of,
    job,
    jobs_of,
)
from bot.i18n import Catalog
from bot.sender import Pacer
from bot.workers.digest import send_digest
from bot.workers.outbox import OutboxWorker
from bot.workers.retention import prune_broadcast_rows, prune_sent_outbox
from content.library import ContentHolder, serving
from db.types import utcnow
from domain.reminders import local_to_utc

log = logging.getLogger("jol.background")

STOP_GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class JobDeps:
    """What jobs get (bot.features.JobContext)."""

    bot: Bot
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: Catalog
    outbox: OutboxWorker
    content: ContentHolder

    @property
    def pacer(self) -> Pacer:
        return self.outbox.pacer

    async def wake_outbox(self) -> None:
        await self.outbox.wake()


class Background:
    def __init__(self, scheduler: AsyncIOScheduler, outbox: OutboxWorker) -> None:
        self.scheduler = scheduler
        self.outbox = outbox
        # Each run in flight, with the id of its job: stop() and stop_job() wait for them.
        self._running: dict[asyncio.Task[Any], str] = {}
        self._stopped = False

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

    def schedule(self, spec: JobSpec, deps: JobContext, settings: Settings) -> None:
        """Schedule a declared job; when a run queued messages, wake the sender."""
        run = spec.bind(deps)

        async def run_and_wake() -> None:
            # One run reads one content library, the one served when it starts.
            with serving(deps.content.library):
                queued = await run()
            if queued:
                await self.outbox.wake()

        extra: dict[str, Any] = {"next_run_time": _scheduler_now()} if spec.start_now else {}
        self.add_job(
            spec.id,
            run_and_wake,
            spec.trigger(settings),
            misfire_grace_time=spec.grace(settings),
            **extra,
        )

    async def _tracked(self, job_id: str, func: Callable[[], Awaitable[Any]]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running[task] = job_id
        try:
            await func()
        except Exception:
            log.exception("background job failed", extra={"job": job_id})
        finally:
            if task is not None:
                self._running.pop(task, None)

    async def stop_job(self, job_id: str) -> None:
        """Take one job off the schedule and wait out a run of it already under way, so nothing
        of that job touches the database afterwards (a test that runs the job by hand needs this:
        removing it alone leaves a start-up run that began a moment earlier still going)."""
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)
        # A run the scheduler has just handed to the event loop registers on its first step.
        await asyncio.sleep(0)
        running = [t for t, owner in self._running.items() if owner == job_id and not t.done()]
        if running:
            await asyncio.wait(running)

    async def stop(self) -> None:
        """No new runs; let running jobs finish (then cancel them); stop the sender, which lets
        sends on the wire finish and releases every row it still holds. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
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


def runtime_jobs(sections: Sequence[DigestSection]) -> tuple[JobSpec, ...]:
    """The runtime's own jobs: wake the sender, the coordinators' digest, retention."""

    async def wake(deps: JobContext) -> None:
        await deps.wake_outbox()

    async def digest(deps: JobContext) -> int:
        return await send_digest(deps.sessionmaker, deps.catalog, deps.settings, sections)

    async def retention(deps: JobContext) -> None:
        await prune_broadcast_rows(deps.sessionmaker, deps.settings)
        await prune_sent_outbox(deps.sessionmaker, deps.settings)

    return (
        job(
            "outbox-wake",
            lambda s: IntervalTrigger(seconds=s.outbox_poll_seconds),
            wake,
            misfire_grace_time=None,
        ),
        job(
            "coordinator-digest",
            lambda s: CronTrigger(hour=s.digest_hour, minute=0, timezone=s.tz),
            digest,
            misfire_grace_time=3600,
        ),
        job(
            "broadcast-rows-retention",
            lambda s: CronTrigger(hour=3, minute=30, timezone=s.tz),  # a quiet hour in Bishkek
            retention,
            misfire_grace_time=6 * 3600,
        ),
    )


async def start_background(
    bot: Bot,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    *,
    features: Sequence[Feature] | None = None,
    sender_only: bool = False,
    extra_jobs: Sequence[JobSpec] = (),
    content: ContentHolder | None = None,
) -> Background:
    """Start the outbox sender and the scheduler with the runtime's jobs and every job of
    `features` (default: `handlers.FEATURES`). `sender_only`: the sender and its wake-up job,
    nothing else (`python -m bot.workers.run_sender`)."""
    if features is None:
        from handlers import FEATURES

        features = FEATURES
    # APScheduler logs two INFO lines per run; the outbox wake-up runs every second.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=settings.tz)
    outbox = OutboxWorker(bot, sessionmaker, settings)
    background = Background(scheduler, outbox)
    if content is None:
        # Callers outside a runtime (a few tests): a holder of their own, on the seed files.
        content = ContentHolder(seed_library(settings))
    deps = JobDeps(bot, settings, sessionmaker, catalog, outbox, content)

    jobs = list(runtime_jobs(digest_sections_of(features)))
    if sender_only:
        # The sender alone: its wake-up, from the start (no feature's job wakes it sooner).
        jobs = [dataclasses.replace(jobs[0], start_now=True)]
    else:
        # Every instance follows the newest content release (bot/content_releases.py).
        jobs += [*content_jobs(), *jobs_of(features)]
    for spec in [*jobs, *extra_jobs]:
        background.schedule(spec, deps, settings)
    if not sender_only and settings.digest_catch_up and _digest_missed_today(settings):
        # Started after today's digest time (a restart, a deploy): catch up once. The per-day
        # dedupe key makes this a no-op when today's digest was already sent.
        digest = next(j for j in jobs if j.id == "coordinator-digest")
        catch_up = dataclasses.replace(
            digest,
            id="coordinator-digest-catchup",
            trigger=lambda s: DateTrigger(run_date=_scheduler_now()),
            misfire_grace_time=60,
        )
        background.schedule(catch_up, deps, settings)
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
