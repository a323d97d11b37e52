"""The broadcast feeder: starts scheduled broadcasts, feeds running ones into the outbox in
small batches, closes finished ones and keeps each author's progress message up to date.

Why feed in batches instead of queueing everyone at once: the outbox sender takes due rows
oldest first, so 100,000 queued rows would make every urgent notice (a booking decision, a
reminder) wait behind the whole broadcast, and a pause or cancel would have to chase 100,000
rows. The feeder keeps only about `broadcast_window_seconds` of sending queued, over all
broadcasts together (`domain.broadcast.window_size`); the sender never runs dry between two
ticks, and anything else enqueued meanwhile waits at most that long.

What survives a restart: everything. A broadcast's state, its cursor (the last user id fed,
written in the same transaction as the rows) and its rows are in the database; a new process
continues where the old one stopped. Each person's row has the dedupe key "bc:<id>:<user>", so
feeding the same person twice is impossible. The only messages that can arrive twice are those
a process had on the wire when it died: the sender's lease brings them back (bounded by its
in-flight limit) and counts them as an attempt, and the broadcast reports them as "retried".

No transaction is open while Telegram is awaited (progress edits happen after the commit), and
progress edits go through the sender's pacer, so they count against the same global rate.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter
from aiogram.types import InlineKeyboardMarkup
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import JobContext, JobRun, JobSpec
from bot.i18n import Catalog
from bot.sender import Pacer
from db.models import User
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.types import utcnow
from domain.broadcast import RateMeter, Status, eta_seconds, window_size
from handlers.broadcast import lifecycle
from handlers.broadcast.message import deliveries_for
from handlers.broadcast.render import progress_view

log = logging.getLogger("jol.broadcast")

# One feeder at a time per database (PostgreSQL): "Jol" + 8 (issue #8).
FEEDER_LOCK_ID = 0x4A6F6C08
# Rows built and inserted per statement (see _feed).
FEED_CHUNK = 250


@dataclass(frozen=True)
class _Progress:
    broadcast_id: int
    chat_id: int
    message_id: int | None
    text: str
    markup: InlineKeyboardMarkup | None
    # What the text was rendered from: if a button changed the status (or a handler
    # refreshed the message) since, this text is stale and is not shown.
    status: str
    seen_at: datetime | None


class BroadcastWorker:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        catalog: Catalog,
        *,
        pacer: Pacer,
        wake_sender: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.catalog = catalog
        self.pacer = pacer
        self.wake_sender = wake_sender
        self.window = window_size(settings.send_rate_per_second, settings.broadcast_window_seconds)
        self.meters: dict[int, RateMeter] = {}
        # Finished broadcasts whose final figures are not shown yet.
        self._final: set[int] = set()
        self.show_timeout = max(1.0, settings.broadcast_progress_seconds)
        # Like the sender's own requests: a stuck edit must not hold a send slot for long.
        self.timeout = int(settings.send_timeout_seconds)
        self.stats: Counter[str] = Counter()

    # ------------------------------------------------------------------------ one tick

    async def tick(self) -> None:
        finished: list[int] = []
        fed = 0
        async with self.sessionmaker() as session, session.begin():
            if not await self._lead(session):
                return
            await self._start_due(session)
            fed = await self._feed(session)
            finished = await self._finish_done(session)
            await self._settle_cancelled(session)
        if fed:
            self.stats["fed"] += fed
            if self.wake_sender is not None:
                await self.wake_sender()  # claim the new rows now, not at the next poll
        self._final.update(finished)
        if self.pacer.banned_for > 0:
            return  # flood ban: progress waits (final texts stay owed), feeding went on
        await self._update_progress(force=set(self._final))

    async def _lead(self, session: AsyncSession) -> bool:
        """On PostgreSQL only one process feeds per tick (the lock ends with the transaction);
        row locks and dedupe keys would keep two feeders correct, this keeps them cheap."""
        if session.bind is None or session.bind.dialect.name != "postgresql":
            return True
        got = await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": FEEDER_LOCK_ID}
        )
        return bool(got)

    async def _start_due(self, session: AsyncSession) -> None:
        now = utcnow()
        for broadcast_id in await q.due_scheduled(session, now):
            row = await q.get(session, broadcast_id, lock=True)
            if row is None or row.status != Status.SCHEDULED:
                continue
            await lifecycle.start_scheduled(session, row, self.settings, now)
            log.info("broadcast started", extra={"broadcast": row.id, "recipients": row.total})

    async def _feed(self, session: AsyncSession) -> int:
        """Top the outbox up to the window, oldest running broadcast first."""
        queued = await q.queued_window(session, utcnow())
        room = self.window - queued
        # Small top-ups cost a transaction each for a few rows; wait until a quarter is free.
        if room < max(1, self.window // 4):
            return 0
        fed = 0
        for candidate in await q.with_status(session, Status.RUNNING):
            if room <= 0:
                break
            if candidate.exhausted:
                continue
            row = await q.get(session, candidate.id, lock=True)
            if row is None or row.status != Status.RUNNING or row.exhausted:
                continue  # paused or cancelled since the list was read
            deliveries = deliveries_for(row, self.catalog)
            while room > 0 and not row.exhausted:
                # In chunks: building a few thousand rows at once would hold the event loop
                # for tens of milliseconds, and the sender's pacing would lose that time.
                want = min(room, FEED_CHUNK)
                recipients = await q.next_recipients(
                    session, row, want, self.settings.default_locale, self.settings.tz
                )
                # Texts were complete at submission; a language without one (impossible
                # unless the row was edited by hand) is skipped rather than sent empty.
                usable = [(uid, loc) for uid, loc in recipients if loc in deliveries]
                await q.enqueue_deliveries(session, row.id, usable, deliveries)
                if recipients:
                    row.cursor = recipients[-1][0]
                if len(recipients) < want:
                    row.exhausted = True  # everyone in the audience has a row now
                fed += len(usable)
                room -= len(recipients)
        return fed

    async def _finish_done(self, session: AsyncSession) -> list[int]:
        done: list[int] = []
        for candidate in await q.with_status(session, Status.RUNNING):
            if not candidate.exhausted or await q.has_queued(session, candidate.id):
                continue
            row = await q.get(session, candidate.id, lock=True)
            if row is None or row.status != Status.RUNNING:
                continue
            await lifecycle.finish(session, row)
            self.meters.pop(row.id, None)
            done.append(row.id)
            log.info(
                "broadcast done",
                extra={"broadcast": row.id, "sent": row.sent, "failed": row.failed},
            )
        return done

    async def _settle_cancelled(self, session: AsyncSession) -> None:
        """A cancel stores the figures at once, but the sends that were on the wire land
        after it: once they have, store the figures again, so the history is exact."""
        since = utcnow() - timedelta(seconds=2 * self.settings.outbox_lease_seconds + 60)
        for row in await q.recently_ended(session, Status.CANCELLED, since):
            if await q.has_queued(session, row.id):
                continue
            counts = await q.delivery_counts(session, row.id)
            if (counts.sent, counts.failed, counts.blocked, counts.retried) != (
                row.sent,
                row.failed,
                row.blocked,
                row.retried,
            ):
                await q.record_final(session, row, counts)

    # ------------------------------------------------------------------------ progress

    async def _update_progress(self, force: set[int]) -> None:
        jobs = await self._progress_jobs(force)
        # A finished broadcast nobody can be shown (its author erased their data) is dropped.
        self._final.intersection_update(j.broadcast_id for j in jobs)
        results: dict[int, int | None] = {}
        for job in jobs:
            try:
                # A progress edit waits its turn behind the sender's messages; it must not
                # hold the feeder up for long (the next tick shows newer figures anyway).
                shown, message_id = await asyncio.wait_for(self._show(job), self.show_timeout)
            except TimeoutError:
                continue
            if shown:
                results[job.broadcast_id] = message_id
                self._final.discard(job.broadcast_id)
        if not results:
            return
        now = utcnow()
        async with self.sessionmaker() as session, session.begin():
            for broadcast_id, message_id in results.items():
                job = next(j for j in jobs if j.broadcast_id == broadcast_id)
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == broadcast_id)
                    .values(
                        progress_at=now,
                        progress_chat_id=job.chat_id,
                        progress_message_id=message_id,
                    )
                )

    async def _progress_jobs(self, force: set[int]) -> list[_Progress]:
        settings = self.settings
        every = settings.broadcast_progress_seconds
        now = utcnow()
        jobs: list[_Progress] = []
        async with self.sessionmaker() as session, session.begin():
            rows = await q.with_status(session, Status.RUNNING, Status.PAUSED)
            for row_id in force:
                finished = await q.get(session, row_id)
                if finished is not None:
                    rows.append(finished)
            for row in rows:
                chat_id = row.progress_chat_id or row.author_id
                if chat_id is None:
                    continue
                due = row.progress_at is None or (now - row.progress_at).total_seconds() >= every
                if row.id not in force and not due:
                    continue
                counts = await q.current_counts(session, row, settings.default_locale, settings.tz)
                meter = self.meters.setdefault(row.id, RateMeter())
                meter.add(time.monotonic(), counts.sent)
                eta = eta_seconds(counts.remaining, meter.rate(), settings.send_rate_per_second)
                author = await session.get(User, chat_id)
                locale = (author.locale if author else None) or settings.default_locale
                t = self.catalog.translator(locale)
                text_, markup = progress_view(t, row, counts, eta, settings.tz)
                jobs.append(
                    _Progress(
                        row.id,
                        chat_id,
                        row.progress_message_id,
                        text_,
                        markup,
                        row.status,
                        row.progress_at,
                    )
                )
        return jobs

    async def _show(self, job: _Progress) -> tuple[bool, int | None]:
        """Edit the progress message (or send it, the first time). Returns whether it was
        shown and its id (None when it is gone: the next tick sends a new one)."""
        await self.pacer.wait_chat(job.chat_id)
        await self.pacer.slot()
        try:
            if await self._stale(job):
                return False, job.message_id
            if job.message_id is None:
                message = await self.bot.send_message(
                    job.chat_id, job.text, reply_markup=job.markup, request_timeout=self.timeout
                )
                self.stats["progress_sent"] += 1
                return True, message.message_id
            await self.bot.edit_message_text(
                job.text,
                chat_id=job.chat_id,
                message_id=job.message_id,
                reply_markup=job.markup,
                request_timeout=self.timeout,
            )
            self.stats["progress_edits"] += 1
            return True, job.message_id
        except TelegramRetryAfter as exc:
            self.pacer.ban(float(exc.retry_after))
            return False, job.message_id
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return True, job.message_id
            log.warning("broadcast: progress message gone", extra={"error": exc.message})
            return True, None
        except TelegramAPIError as exc:
            log.warning("broadcast: progress not shown", extra={"error": exc.message})
            return False, job.message_id
        finally:
            self.pacer.done(job.chat_id)

    async def _stale(self, job: _Progress) -> bool:
        """Pause, resume or cancel pressed while this text waited for its send slot: the
        handler already showed the new state, and an old text must not overwrite it."""
        async with self.sessionmaker() as session:
            current = (
                await session.execute(
                    select(Broadcast.status, Broadcast.progress_at).where(
                        Broadcast.id == job.broadcast_id
                    )
                )
            ).one_or_none()
        return current is None or tuple(current) != (job.status, job.seen_at)


def _feeder(ctx: JobContext) -> JobRun:
    """One feeder per runtime: it keeps rate meters and owed progress texts between ticks."""
    worker = BroadcastWorker(
        ctx.bot,
        ctx.sessionmaker,
        ctx.settings,
        ctx.catalog,
        pacer=ctx.pacer,
        wake_sender=ctx.wake_outbox,
    )

    async def tick() -> None:
        await worker.tick()

    return tick


# Staff broadcasts: start scheduled ones, feed running ones into the outbox a little at a time,
# update progress messages.
JOBS = (
    JobSpec(
        "broadcast-feeder",
        lambda settings: IntervalTrigger(seconds=settings.broadcast_tick_seconds),
        _feeder,
        misfire_grace_time=None,
    ),
)
