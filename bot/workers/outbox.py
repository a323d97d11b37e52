"""The outbox sender: claims due rows, delivers them through `bot.sender`, records outcomes.

Shape of one process's worker:
- a loop claims due rows in short transactions (see `db.queries.outbox_claim`) while fewer
  than `2 × outbox_batch_size` rows are in flight, and hands each row to its chat's queue;
- a chat's rows are claimed one at a time, in its queue order: the next only once the one
  before is done, whether sent, dead or pushed back for a retry (`claim_due`), so a row that
  waits (a retry, a long flood ban) is never overtaken, e.g. by part "(2/2)" of its text;
- one task per chat sends what it holds in order, through the shared `Pacer` (global rate,
  per-chat interval, 429 bans);
- outcomes are collected and written in batches (one executemany) a few times a second.
No transaction is ever open while Telegram is awaited.

A row is never sent once its lease may have run out (another process could take it over), and
every row this process still holds when it stops is released, so `stop()` loses nothing and a
SIGKILL loses nothing either (the lease runs out and another claim picks the row up).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import random
import time
from collections import Counter, deque
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.sender import Pacer, Result, Sender, Verdict
from db.models.outbox import OutboxStatus
from db.queries.outbox import enqueue_receipts
from db.queries.outbox_claim import (
    ClaimedRow,
    Outcome,
    claim_due,
    drop_pending_for_chat,
    finish,
    reclaim_expired,
    take_over_claims,
)
from db.queries.users import set_blocked
from db.types import utcnow
from domain.reminders import backoff_delay

log = logging.getLogger("jol.outbox")

# Any fixed number, the same for every Jol process sharing a database ("Jol" + 1).
SENDER_LOCK_ID = 0x4A6F6C01
FLUSH_SECONDS = 0.2
FLUSH_ROWS = 200
# Rows of one chat kept in memory at once; more would wait out their lease at 1 message/s.
# (A safety net: `claim_due` hands out one row per chat at a time.)
PER_CHAT_QUEUE = 3
# How long a standby process waits between attempts to become the sender.
LEADER_RECHECK_SECONDS = 5.0
# The sender starts a send only if it saw its lock this recently (its own task confirms it every
# LOCK_CONFIRM_SECONDS): a leader that lost its lock connection stops sending within this time,
# and a new leader makes the rows it takes over due only after it.
LEADER_FENCE_SECONDS = 2.0
# While this process holds the lock, its own task confirms it this often (well within the
# fence, so a busy main loop or a loaded machine never lets it go stale while the lock is fine).
LOCK_CONFIRM_SECONDS = LEADER_FENCE_SECONDS / 4
# A new leader takes over the previous one's claims this long after it got the lock: the fence,
# plus time for an old leader still alive to finish its last sends and write their outcomes.
TAKE_OVER_AFTER_SECONDS = 2 * LEADER_FENCE_SECONDS


class OutboxWorker:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        pacer: Pacer | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.pacer = pacer or Pacer(
            settings.send_rate_per_second, settings.send_min_interval_per_chat
        )
        self.sender = Sender(
            bot,
            self.pacer,
            concurrency=settings.send_concurrency,
            timeout=settings.send_timeout_seconds,
        )
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        # A send may start only while this much lease is left: the request timeout plus a margin.
        self._lease_margin = min(
            settings.send_timeout_seconds + 2.0, settings.outbox_lease_seconds / 2
        )
        # Hold no more rows than the rate can send well within a lease: rows claimed beyond
        # that would only wait out their lease, be released and be claimed again, forever.
        window = settings.outbox_lease_seconds - self._lease_margin
        within_lease = max(1, int(settings.send_rate_per_second * window / 2))
        self.max_inflight = min(2 * settings.outbox_batch_size, within_lease)
        self.batch = min(settings.outbox_batch_size, self.max_inflight)
        self._id = f"{os.getpid()}-{random.getrandbits(32):08x}"
        self._seq = itertools.count(1)
        self._deadlines: dict[str, float] = {}  # claim token -> monotonic send deadline
        self._queues: dict[int, deque[ClaimedRow]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._sending: set[int] = set()
        self._inflight = 0
        self._outcomes: list[Outcome] = []
        # Receipts of finished rows (see db.queries.outbox.Receipt): (receipt, delivered).
        self._receipts: list[tuple[dict[str, Any], bool]] = []
        self._blocked: set[int] = set()
        self._last_flush = 0.0
        self._next_reclaim = 0.0
        # Set by the scheduler's wake-up and by every finished row (room for more claims).
        self._signal = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None
        self._lock_conn: AsyncConnection | None = None
        # Once the lock is won, this task is the only user of `_lock_conn` (one connection
        # serves one coroutine at a time); it keeps `_lock_checked` fresh.
        self._lock_keeper: asyncio.Task[None] | None = None
        self._lock_checked = 0.0
        self._leader_retry_at = 0.0
        self._fenced = False  # True once leadership comes from the PostgreSQL lock
        self._take_over_at: float | None = None
        self.stats: Counter[str] = Counter()
        self.claim_seconds: deque[float] = deque(maxlen=200_000)

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="outbox-worker")

    async def wake(self) -> None:
        """Look for due rows now (called by the scheduler every `outbox_poll_seconds`)."""
        self._signal.set()

    @property
    def idle(self) -> bool:
        """Nothing held and every outcome written (tests wait for this)."""
        return self._inflight == 0 and not self._outcomes

    async def stop(self, grace: float = 10.0) -> None:
        """Stop claiming; let sends already on the wire finish (up to `grace` seconds), release
        every other row this process holds, and write all outcomes."""
        self._stopping = True
        self._signal.set()
        if self._loop_task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
        waiting = [t for chat, t in self._tasks.items() if chat not in self._sending]
        for task in waiting:
            task.cancel()
        tasks = list(self._tasks.values())
        if tasks:
            _done, late = await asyncio.wait(tasks, timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for attempt in range(3):
            try:
                await self._flush()
                break
            except Exception:
                log.exception("outbox: could not record outcomes on stop")
                await asyncio.sleep(0.5 * (attempt + 1))
        await self._release_leadership()

    # --- main loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                if await self._is_sender():
                    await self._maybe_take_over()
                    await self._maybe_reclaim()
                    # Leadership is read again between claims: rows claimed while the lock
                    # is unconfirmed would only be fenced and given back.
                    while (
                        not self._stopping and await self._claim_more() and await self._is_sender()
                    ):
                        pass
                flushed = await self._maybe_flush()
                failures = 0
            except Exception:
                failures += 1
                log.exception("outbox: worker cycle failed")
                await self._sleep(min(30.0, 0.5 * 2**failures))
                continue
            if flushed:
                continue  # a finished row lets the next row of its chat be claimed: now
            if self._inflight or self._outcomes or self._take_over_at is not None:
                await self._sleep(FLUSH_SECONDS)
            else:
                # The scheduler wakes us every outbox_poll_seconds; the timeout is a safety net.
                await self._sleep(max(30.0, self.settings.outbox_poll_seconds))

    async def _sleep(self, seconds: float) -> None:
        """Until signalled (a wake-up, a finished row) or `seconds` pass."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._signal.wait()
        self._signal.clear()

    async def _claim_more(self) -> bool:
        """Claim one batch if there is room; True when it came back full (claim again)."""
        room = self.max_inflight - self._inflight
        if room < max(1, self.batch // 2):  # claim in sizeable batches, not row by row
            return False
        want = min(room, self.batch)
        token = f"{self._id}-{next(self._seq)}"
        # The lease runs from before the claim (its `now`), not from when the answer came back.
        deadline = time.monotonic() + self.lease.total_seconds() - self._lease_margin
        started = time.perf_counter()
        async with self.sessionmaker() as session, session.begin():
            rows = await claim_due(
                session, now=utcnow(), limit=want, lease=self.lease, token=token
            )
        self.claim_seconds.append(time.perf_counter() - started)
        if not rows:
            return False
        self._deadlines[token] = deadline
        self.stats["claimed"] += len(rows)
        for row in rows:
            self._dispatch(row)
        return len(rows) == want

    async def _maybe_reclaim(self) -> None:
        now = time.monotonic()
        if now < self._next_reclaim:
            return
        self._next_reclaim = now + max(1.0, self.lease.total_seconds() / 4)
        async with self.sessionmaker() as session, session.begin():
            count = await reclaim_expired(session, now=utcnow())
        if count:
            self.stats["reclaimed"] += count
            log.warning("outbox: took back rows whose lease ran out", extra={"rows": count})

    # --- per-chat delivery ------------------------------------------------------------------

    def _dispatch(self, row: ClaimedRow) -> None:
        self._inflight += 1
        queue = self._queues.get(row.chat_id)
        if queue is None:
            queue = self._queues[row.chat_id] = deque()
            self._tasks[row.chat_id] = asyncio.create_task(self._chat_loop(row.chat_id))
        if len(queue) >= PER_CHAT_QUEUE:
            # This chat has a backlog: spread its rows out instead of holding them (and the
            # in-flight room other chats need) while they wait for 1 message/s.
            later = utcnow() + timedelta(
                seconds=(len(queue) + 1) * max(self.settings.send_min_interval_per_chat, 0.1)
            )
            self._record(row, OutboxStatus.PENDING, due_at=max(row.due_at, later))
            self.stats["deferred"] += 1
            return
        queue.append(row)

    async def _chat_loop(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        try:
            while queue and not self._stopping:
                row = queue[0]
                if row.expires_at is not None and row.expires_at <= utcnow():
                    queue.popleft()
                    self._record(row, OutboxStatus.DROPPED, error="expired")
                    self.stats["expired"] += 1
                    continue
                deadline = self._deadlines.get(row.token, 0.0)
                if time.monotonic() >= deadline:
                    queue.popleft()
                    self._record(row, OutboxStatus.PENDING)  # release: lease nearly over
                    self.stats["released"] += 1
                    continue
                if not self._leadership_fresh():
                    # Perhaps no longer the sender: a new leader may have taken this row. Let
                    # it go unsent (the outcome applies only if the claim is still ours).
                    queue.popleft()
                    self._record(row, OutboxStatus.PENDING)
                    self.stats["fenced"] += 1
                    continue
                result = await self.sender.send(
                    chat_id,
                    row.kind,
                    row.text,
                    row.payload,
                    deadline=deadline,
                    started=lambda: self._sending.add(chat_id),
                    # Checked again after the waits for the chat's interval and for a slot.
                    may_start=self._leadership_fresh,
                )
                self._sending.discard(chat_id)
                if self._apply(queue, row, result):
                    queue.popleft()
        except asyncio.CancelledError:
            pass  # stopping: whatever is left is released below
        finally:
            self._sending.discard(chat_id)
            while queue:
                self._record(queue.popleft(), OutboxStatus.PENDING)
                self.stats["released"] += 1
            self._queues.pop(chat_id, None)
            self._tasks.pop(chat_id, None)

    def _apply(self, queue: deque[ClaimedRow], row: ClaimedRow, result: Result) -> bool:
        """Turn a send result into an outcome. True: the caller drops the head row; False: the
        head stays (a 429: it is sent again after the ban) or was already removed."""
        verdict = result.verdict
        self.stats[verdict.value] += 1
        if verdict is Verdict.SENT:
            self._record(row, OutboxStatus.SENT, sent_at=utcnow(), message_id=result.message_id)
        elif verdict is Verdict.RETRY_AFTER:
            log.warning("outbox: flood control", extra={"retry_after": result.retry_after})
            return False  # the pacer holds every send for the ban; then this row goes again
        elif verdict is Verdict.NOT_SENT:
            self._record(row, OutboxStatus.PENDING)
            self.stats["released" if self._leadership_fresh() else "fenced"] += 1
        elif verdict is Verdict.BLOCKED:
            self._record(row, OutboxStatus.DROPPED, error=f"blocked: {result.error}")
            queue.popleft()
            while queue:
                self._record(queue.popleft(), OutboxStatus.DROPPED, error="blocked")
            self._blocked.add(row.chat_id)
            return False  # already removed
        elif verdict is Verdict.DEAD:
            self._record(row, OutboxStatus.DEAD, error=result.error)
            log.warning("outbox: message dead", extra={"row": row.id, "error": result.error})
        else:
            attempts = row.attempts + 1
            if attempts >= self.settings.outbox_max_attempts:
                self._record(row, OutboxStatus.DEAD, error=result.error, attempts=attempts)
                self.stats["gave_up"] += 1
                log.warning("outbox: gave up", extra={"row": row.id, "error": result.error})
            else:
                delay = backoff_delay(
                    attempts,
                    self.settings.outbox_backoff_seconds,
                    self.settings.outbox_backoff_max_seconds,
                )
                delay *= random.uniform(0.9, 1.1)  # spread retries of many rows apart
                self._record(
                    row,
                    OutboxStatus.PENDING,
                    error=result.error,
                    attempts=attempts,
                    due_at=utcnow() + timedelta(seconds=delay),
                )
        return True

    def _record(
        self,
        row: ClaimedRow,
        status: str,
        *,
        error: str | None = None,
        attempts: int | None = None,
        due_at: datetime | None = None,
        sent_at: datetime | None = None,
        message_id: int | None = None,
    ) -> None:
        receipt = row.payload.get("receipt")
        if receipt and status in (OutboxStatus.SENT, OutboxStatus.DEAD, OutboxStatus.DROPPED):
            self._receipts.append((receipt, status == OutboxStatus.SENT))
        self._outcomes.append(
            Outcome(
                id=row.id,
                token=row.token,
                status=status,
                due_at=due_at or row.due_at,
                attempts=row.attempts if attempts is None else attempts,
                last_error=error,
                sent_at=sent_at,
                telegram_message_id=message_id,
            )
        )
        self._inflight -= 1
        self._signal.set()

    # --- writing outcomes -------------------------------------------------------------------

    async def _maybe_flush(self) -> bool:
        """Write the outcomes if it is time; True if some were written."""
        due = time.monotonic() - self._last_flush >= FLUSH_SECONDS
        if self._outcomes and (due or len(self._outcomes) >= FLUSH_ROWS or not self._inflight):
            await self._flush()
            return True
        return False

    async def _flush(self) -> None:
        outcomes, self._outcomes = self._outcomes, []
        blocked, self._blocked = self._blocked, set()
        receipts, self._receipts = self._receipts, []
        self._last_flush = time.monotonic()
        if not outcomes and not blocked:
            return
        try:
            async with self.sessionmaker() as session, session.begin():
                await finish(session, outcomes)
                for chat_id in blocked:
                    await set_blocked(session, chat_id, True)
                    await drop_pending_for_chat(session, chat_id, "blocked")
                if receipts:
                    await enqueue_receipts(session, receipts)
        except BaseException:
            self._outcomes[:0] = outcomes  # keep them for the next flush
            self._blocked |= blocked
            self._receipts[:0] = receipts
            raise
        live = {o.token for o in outcomes}
        for token in [t for t in self._deadlines if t not in live]:
            if not any(r.token == token for q in self._queues.values() for r in q):
                self._deadlines.pop(token, None)

    # --- one sender per database (PostgreSQL) -----------------------------------------------

    def _engine(self) -> AsyncEngine | None:
        bind = self.sessionmaker.kw.get("bind")
        return bind if isinstance(bind, AsyncEngine) else None

    async def _is_sender(self) -> bool:
        """With several processes on one PostgreSQL, only the holder of an advisory lock sends,
        so the global rate stays global. The lock lives on a dedicated connection: if this
        process dies, PostgreSQL drops the connection and another process takes over. Once the
        lock is won, `_keep_lock` confirms it; here it is only read."""
        engine = self._engine()
        if not self.settings.outbox_single_sender or engine is None:
            return True
        if engine.dialect.name != "postgresql":
            return True
        if self._lock_keeper is not None:
            # Claim only what may be sent: rows claimed while the lock is unconfirmed would
            # be fenced and given back. The keeper decides whether leadership is lost.
            return self._leadership_fresh()
        now = time.monotonic()
        if now < self._leader_retry_at:
            return False
        self._leader_retry_at = now + LEADER_RECHECK_SECONDS
        if self._lock_conn is None:
            conn = await engine.connect()
            self._lock_conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        got = await self._lock_conn.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": SENDER_LOCK_ID}
        )
        if got:
            self._lock_checked = now
            self._fenced = True
            self._lock_keeper = asyncio.create_task(
                self._keep_lock(self._lock_conn), name="outbox-sender-lock"
            )
            # The previous sender may have used up the current second just before it let go:
            # the outbox starts one pacing window later, so the handover never exceeds the
            # global rate. A hold, not a ban: people's replies meanwhile are not held (a ban
            # had held every reply at every start for up to a second: the first answers after
            # a deploy took ~0.8 s).
            self.pacer.hold(self.pacer.window)
            # The previous leader's claims are taken over soon, not when their lease runs out:
            # once it can start no send (the fence) and has written what it sent.
            self._take_over_at = now + TAKE_OVER_AFTER_SECONDS
            log.info("outbox: this process is the sender")
            return True
        return False

    async def _keep_lock(self, conn: AsyncConnection) -> None:
        """Confirm the lock every LOCK_CONFIRM_SECONDS for as long as it is held, whatever the
        main loop is doing; on a failed confirmation give up leadership as at a loss."""
        while True:
            await asyncio.sleep(LOCK_CONFIRM_SECONDS)
            # Counted from the question: an answer proves the lock was held at some moment since.
            asked = time.monotonic()
            try:
                # A confirmation that outlasts the fence is as good as none: stop waiting.
                async with asyncio.timeout(LEADER_FENCE_SECONDS):
                    await conn.execute(text("SELECT 1"))
            except Exception:
                log.warning("outbox: lost the sender lock connection")
                # Let a standby take over first: it finds our claims and takes them over.
                self._leader_retry_at = time.monotonic() + LEADER_RECHECK_SECONDS
                self._lock_keeper = None  # ending by itself: not to be cancelled below
                await self._release_leadership()
                return
            self._lock_checked = asked

    async def _maybe_take_over(self) -> None:
        if self._take_over_at is None or time.monotonic() < self._take_over_at:
            return
        self._take_over_at = None
        async with self.sessionmaker() as session, session.begin():
            taken = await take_over_claims(session, own_prefix=f"{self._id}-", due_at=utcnow())
        if taken:
            self.stats["taken_over"] += taken
            log.warning("outbox: took over the previous sender's claims", extra={"rows": taken})

    def _leadership_fresh(self) -> bool:
        """May a send start now? Without a lock to hold (one process, SQLite): always. With
        one: only if the lock was seen within LEADER_FENCE_SECONDS."""
        if not self._fenced:
            return True
        return (
            self._lock_conn is not None
            and time.monotonic() - self._lock_checked < LEADER_FENCE_SECONDS
        )

    async def _release_leadership(self) -> None:
        keeper, self._lock_keeper = self._lock_keeper, None
        if keeper is not None:  # it uses the connection: stop it before unlocking
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        conn, self._lock_conn = self._lock_conn, None
        self._lock_checked = 0.0
        if conn is not None:
            # close() only returns a pooled connection to the pool, where a session-level
            # advisory lock would live on: unlock, and invalidate so the connection really ends.
            with contextlib.suppress(Exception):
                await conn.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": SENDER_LOCK_ID}
                )
            with contextlib.suppress(Exception):
                await conn.invalidate()
            with contextlib.suppress(Exception):
                await conn.close()
