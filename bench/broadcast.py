"""Benchmark: one broadcast to 100,000 people on PostgreSQL, through the Bot API emulator.

    python -m bench.broadcast                       # 100,000 at 1,000/s, then 1,000 at 30/s
    python -m bench.broadcast --recipients 20000 --rate 500 --no-short
    python -m bench.broadcast --server-pauses       # keep the emulator's GC pauses (see below)
    python -m bench.broadcast --mixed               # 100,000 at 1,000/s + 30 button presses/s
    python -m bench.broadcast --mixed --recipients 20000   # the same in about a minute

What runs is the production path: the broadcast feeder (`handlers/broadcast/jobs.py`) feeding
the outbox in windows, the outbox sender (`bot/workers/outbox.py`, `bot/sender.py` pacing)
sending to the emulator over HTTP, progress edits in the author's chat through the same pacer.
The emulator runs in its own process (so the two share the machine's cores as a bot and
Telegram would not share one) with flood control on at the configured rate: any send above it
is refused with 429 and counted. The database is its own (`jol_bench_broadcast`), recreated on
every run.

Printed: achieved / configured rate (wall clock, first send to last, and the steady rate from
the rows' `sent_at`), sends refused for flooding, duplicates and losses (from each chat in the
emulator and from the outbox rows), peak memory of the bot side during sending and of the
emulator, how long the bot's event loop was held by synchronous work, and the emulator's own
pauses.

`--mixed`: the bot also handles people (issue 17). While the broadcast goes out, `--people`
people (300) press main-menu buttons, `--people-rate` (30) presses a second in all, through the
emulator; this process long-polls and handles them with the production dispatcher, in the same
event loop, database pool and Bot session as the sender, as `python -m bot` would. Printed as
well: the people's handling latency (the dispatcher taking the update to its transaction's
end, what bench/updates.py times) and from the press to that end, presses handled, lost
(never handled) and handled twice. The people's replies are not paced (they answer someone),
so the emulator's flood limit is the broadcast rate plus the people's rate, as production
keeps `SEND_RATE_PER_SECOND` (25) under Telegram's 30/s.

The emulator defers its full garbage collections (see `_emulator`): they froze it for
0.3-0.8 s a dozen times per 100,000-message run, which no real server does.
"""

from __future__ import annotations

import bot as _jol  # noqa: F401  first, as `python -m bot`: aiogram builds models on first use

# isort: split
import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import logging
import multiprocessing
import os
import pstats
import resource
import sys
import time
from collections import Counter, deque
from datetime import timedelta
from multiprocessing.connection import Connection
from typing import Any

import aiohttp
import asyncpg
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject
from sqlalchemy import func, select

from bench import servers
from bot import event_loop
from bot.config import Settings, load_settings
from bot.middleware_types import NextHandler, UpdateData
from bot.runtime import build_runtime
from bot.sender import pace_replies
from bot.workers.outbox import OutboxWorker
from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.models import OutboxMessage
from db.models.broadcast import Broadcast
from db.types import utcnow
from handlers.broadcast import lifecycle
from handlers.broadcast.jobs import BroadcastWorker

TOKEN = "777000111:BENCH-token"
SERVER = os.environ.get("JOL_BENCH_POSTGRES", servers.LIBPQ_SERVER)
DATABASE = "jol_bench_broadcast"
FIRST_ID = 8_000_000_001  # beyond 32 bits, like real Telegram ids
MARK = "JOL-BENCH"
REDIS_URL = os.environ.get("JOL_BENCH_REDIS_URL", servers.REDIS_URL)


# ---------------------------------------------------------------- the emulator process


def _emulator_main(
    conn: Connection, count: int, limit: int, server_pauses: bool, people: int
) -> None:
    asyncio.run(_emulator(conn, count, limit, server_pauses, people))


def _count_refusals(count: int) -> Counter[str]:
    """Refused sends by whose chat (the recipients, the author, the people) and why (the
    bot's limit was full, a ban on the whole bot was running, the chat's own limit)."""
    from emulator.flood import FloodMeter

    refusals: Counter[str] = Counter()
    check, record = FloodMeter.check, FloodMeter.record
    arrivals: deque[tuple[float, str]] = deque()  # the last seconds' accepted sends, by whom

    def whose(chat_id: int) -> str:
        if chat_id < FIRST_ID + count:
            return "recipient"
        return "author" if chat_id == FIRST_ID + count else "person"

    def counted(self: FloodMeter, config: Any, chat_id: int, is_group: bool, now: float) -> None:
        banned = self.banned_until > now
        try:
            check(self, config, chat_id, is_group, now)
        except Exception:
            if banned:
                why = "bot banned"
            elif self.banned_until > now:
                why = "bot limit"
                # Who filled the second before it.
                window = Counter(w for t, w in arrivals if t > now - config.global_window)
                refusals[f"  the second before a limit: {dict(window)}"] += 1
            else:
                why = "chat limit"
            refusals[f"{whose(chat_id)}: {why}"] += 1
            raise

    def recorded(self: FloodMeter, chat_id: int, now: float) -> None:
        record(self, chat_id, now)
        arrivals.append((now, whose(chat_id)))
        while arrivals and arrivals[0][0] < now - 2.0:
            arrivals.popleft()

    FloodMeter.check = counted
    FloodMeter.record = recorded
    return refusals


async def _emulator(
    conn: Connection, count: int, limit: int, server_pauses: bool, people: int
) -> None:
    from emulator import FloodConfig, running_emulator

    flood = FloodConfig(
        enabled=True, global_limit=limit, global_window=1.0, chat_limit=1, chat_window=1.0
    )
    refusals = _count_refusals(count)
    async with running_emulator(bots=[TOKEN], flood=flood, require_start=False) as emu:
        state = emu.emulator
        for uid in range(FIRST_ID, FIRST_ID + count + 1 + people):  # the author, the people
            state.upsert_user(uid, first_name="R", language_code="ru")
        # The emulator stands in for Telegram, which never stops answering to tidy its memory.
        # This one keeps every message it is sent, and Python's full (generation-2)
        # collections over 100,000 chats of them take 0.3-0.8 s each, a dozen times a run:
        # pauses the bot's pacing would be measured against but no real server has. So the
        # set-up objects are frozen and full collections wait until the run is over (young
        # generations are still collected); the pauses left are counted and printed.
        # `--server-pauses` keeps them, to see how the pacing rides through a slow server.
        if not server_pauses:
            gc.collect()
            gc.freeze()
            young, middle, _full = gc.get_threshold()
            gc.set_threshold(young, middle, 1_000_000)
        gc_pauses: list[float] = []
        gc_started = [0.0]

        def gc_timer(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                gc_started[0] = time.perf_counter()
            elif info.get("generation") == 2:
                gc_pauses.append(time.perf_counter() - gc_started[0])

        gc.callbacks.append(gc_timer)
        conn.send(emu.base_url)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, conn.recv)  # "go": sending starts
        cpu_start, wall_start = cpu_seconds(), time.perf_counter()
        await loop.run_in_executor(None, conn.recv)  # "report"
        cpu_share = (cpu_seconds() - cpu_start) / (time.perf_counter() - wall_start)
        bot = state.bot_for_token(TOKEN)
        per_chat: Counter[int] = Counter()
        for chat_id, chat in bot.chats.items():
            per_chat[chat_id] = sum(
                1
                for m in chat.messages.values()
                if m.from_bot and MARK in (m.text or m.caption or "")
            )
        received = [per_chat.get(uid, 0) for uid in range(FIRST_ID, FIRST_ID + count)]
        stats = bot.stats.as_dict()
        conn.send(
            {
                "sends_accepted": stats["sends_accepted"],
                "sends_refused_flood": stats["sends_refused_flood"],
                "refused_by": dict(refusals),
                "edits_accepted": stats["edits_accepted"],
                "methods": stats["methods"],
                "errors": stats["errors"],
                "lost": sum(1 for n in received if n == 0),
                "duplicates": sum(n - 1 for n in received if n > 1),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "cpu_share": cpu_share,
                "full_collections": (
                    len(gc_pauses),
                    round(sum(gc_pauses) * 1000),
                    round(max(gc_pauses, default=0.0) * 1000),
                ),
            }
        )


# ---------------------------------------------------------------- database


async def fresh_database(count: int, people: int = 0) -> str:
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    url = f"{SERVER.replace('postgresql://', 'postgresql+asyncpg://')}/{DATABASE}"
    engine = create_engine(url)
    await upgrade_to_head(engine)
    await engine.dispose()
    conn = await asyncpg.connect(f"{SERVER}/{DATABASE}")
    try:
        joined = utcnow() - timedelta(days=30)
        records = [
            (uid, "ru", joined, True, False, joined, joined)
            for uid in range(FIRST_ID, FIRST_ID + count)
        ]
        await conn.copy_records_to_table(
            "users",
            records=records,
            columns=[
                "id",
                "locale",
                "consent_at",
                "news_enabled",
                "reminders_paused",
                "created_at",
                "updated_at",
            ],
        )
        # The author: staff, no consent as a recipient (not part of the audience).
        await conn.execute(
            "INSERT INTO users (id, locale, news_enabled, reminders_paused, created_at,"
            " updated_at) VALUES ($1, 'en', true, false, now(), now())",
            FIRST_ID + count,
        )
        # The people pressing buttons in a mixed run: past onboarding, news off (not in the
        # audience), after the author.
        await conn.copy_records_to_table(
            "users",
            records=[
                (uid, "ru", joined, False, False, joined, joined)
                for uid in people_ids(count, people)
            ],
            columns=[
                "id",
                "locale",
                "consent_at",
                "news_enabled",
                "reminders_paused",
                "created_at",
                "updated_at",
            ],
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return url


# ---------------------------------------------------------------- one run


class Latency(BaseRequestMiddleware):
    """Round trip of every Bot API call (what bounds sends per second at a given
    concurrency)."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        started = time.perf_counter()
        try:
            return await make_request(bot, method)
        finally:
            self.samples.append(time.perf_counter() - started)

    def percentile(self, q: float) -> float:
        if not self.samples:
            return 0.0
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class LoopStalls:
    """How long the event loop was held by synchronous work: a task asks to wake every
    millisecond and records how late it woke. Every late millisecond is time in which the
    sender could neither start a send nor see an answer."""

    def __init__(self, threshold: float = 0.005) -> None:
        self.threshold = threshold
        self.stalls: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            late = time.perf_counter() - before - 0.001
            if late >= self.threshold:
                self.stalls.append(late)

    def summary(self, elapsed: float) -> tuple[int, float, float, float]:
        """(count, total ms per second of sending, p95 ms, max ms)."""
        if not self.stalls:
            return 0, 0.0, 0.0, 0.0
        ordered = sorted(self.stalls)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        per_second = sum(ordered) / elapsed if elapsed else 0.0
        return (
            len(ordered),
            round(per_second * 1000, 1),
            round(p95 * 1000, 1),
            round(ordered[-1] * 1000, 1),
        )


def people_ids(count: int, people: int) -> range:
    start = FIRST_ID + count + 1  # after the recipients and the author
    return range(start, start + people)


class Handling(BaseMiddleware):
    """Outermost update observer: how long each update took in the bot, from the dispatcher
    taking it to its transaction's end (as bench/updates.py times a webhook request); and
    the updates whose handler failed (the error router answers them and logs "handler
    failed" on `jol.errors`)."""

    def __init__(self) -> None:
        self.done: dict[int, float] = {}  # update_id -> when it was handled (perf_counter)
        self.seconds: list[float] = []
        self.twice = 0
        self.errors = 0
        counter = logging.Handler(logging.ERROR)
        counter.emit = self._count_failure  # type: ignore[method-assign]
        logging.getLogger("jol.errors").addHandler(counter)

    def _count_failure(self, record: logging.LogRecord) -> None:
        self.errors += 1

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        started = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            ended = time.perf_counter()
            self.seconds.append(ended - started)
            update_id = getattr(event, "update_id", None)
            if update_id in self.done:
                self.twice += 1
            elif update_id is not None:
                self.done[update_id] = ended


# Main-menu screens and back: the most pressed buttons (bench/updates.py's mix), all answered
# by editing the menu message in place.
PRESSES = ("m:guides", "m:home", "m:check", "m:home", "m:settings", "m:home", "m:sos", "m:home")


class People:
    """`count` people pressing buttons at `rate` presses a second in all, through the
    emulator's control API (each press becomes a callback query the bot long-polls)."""

    def __init__(self, base_url: str, ids: range, rate: float) -> None:
        self.base_url, self.ids, self.rate = base_url, ids, rate
        self.pressed: dict[int, float] = {}  # update_id -> when pressed (perf_counter)
        self.refused = 0  # presses the emulator could not make (no such button on screen)
        self.steps = [0] * len(ids)
        self.busy: set[int] = set()
        self.waiting: dict[int, int] = {}  # person -> update_id of the press not handled yet
        self.skipped = 0  # turns passed because the person still waited for the bot
        self._tasks: set[asyncio.Task[None]] = set()
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> People:
        self._http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._http is not None:
            await self._http.close()

    async def _control(self, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        assert self._http is not None
        url = f"{self.base_url}/__control{path}"
        async with self._http.post(url, json=body) as response:
            if response.status != 200:
                return None
            answer: dict[str, Any] = await response.json()
            return answer

    async def open_menus(self, handling: Handling) -> None:
        """Each person sends /menu once (before the clock starts), and the menus arrive."""
        wanted = []
        for uid in self.ids:
            answer = await self._control("/send_text", {"user_id": uid, "text": "/menu"})
            if answer is not None:
                wanted.append(int(answer["update_id"]))
        await self._until_handled(wanted, handling)
        # The first press of each screen builds its models and answer types (bot/lazy_types.py):
        # a few people go round every screen once, so the run measures a warm bot.
        for index in range(min(len(self.ids), 4)):
            for _ in PRESSES:
                await self.press(index)
                await self._until_handled(list(self.pressed), handling)
        self.pressed.clear()

    @staticmethod
    async def _until_handled(update_ids: list[int], handling: Handling) -> None:
        for _ in range(600):
            if all(u in handling.done for u in update_ids):
                return
            await asyncio.sleep(0.1)
        raise RuntimeError("the people's updates were not handled")

    async def press(self, index: int) -> None:
        uid = self.ids[index]
        self.busy.add(index)
        try:
            data = PRESSES[self.steps[index] % len(PRESSES)]
            self.steps[index] += 1
            asked = time.perf_counter()
            answer = await self._control("/press_button", {"user_id": uid, "callback_data": data})
            if answer is None:
                self.refused += 1
                self.steps[index] = 1  # back to a known screen: the next press is Home
                return
            update_id = int(answer["update_id"])
            self.pressed[update_id] = asked
            self.waiting[index] = update_id
        finally:
            self.busy.discard(index)

    async def run(self, stop: asyncio.Event, handling: Handling) -> None:
        """Presses spaced evenly, round robin; a person whose last press is not handled yet
        (still looking at the old screen) is skipped, as people wait for the bot."""
        interval = 1 / self.rate
        next_at = time.perf_counter()
        index = 0
        while not stop.is_set():
            waiting_for = self.waiting.get(index)
            if index in self.busy or (
                waiting_for is not None and waiting_for not in handling.done
            ):
                self.skipped += 1
            else:
                task = asyncio.create_task(self.press(index))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            index = (index + 1) % len(self.ids)
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))


def percentile(samples: list[float], q: float) -> float:
    """In milliseconds."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def bench_settings(url: str, base_url: str, rate: float, people: int = 0) -> Settings:
    return load_settings(
        # People's updates take a per-person lock: in Redis, as docker-compose.yml runs it;
        # with JOL_BENCH_REDIS_URL set empty, in each update's transaction (db/person_lock.py).
        redis_url=REDIS_URL if people else None,
        bot_token=TOKEN,
        telegram_api_base=base_url,
        database_url=url,
        send_rate_per_second=rate,
        send_min_interval_per_chat=1.0,
        # Enough claimed rows and parallel requests to keep `rate` going at this latency.
        outbox_batch_size=max(100, min(5000, int(rate / 2))),
        # Half a second of sending may wait for answers at once: a server pause that long
        # (the emulator's garbage collector makes some) must not stop the pipeline.
        send_concurrency=max(16, int(rate / 2)),
        broadcast_tick_seconds=0.25,
        broadcast_window_seconds=3.0,
        broadcast_progress_seconds=3.0,
        broadcast_approval_threshold=10_000_000,
        log_level="WARNING",
        log_format="json",  # a failing handler's log line carries its error and frames
    )


async def run(
    count: int,
    rate: float,
    limit: int,
    label: str,
    profile: bool = False,
    server_pauses: bool = False,
    people: int = 0,
    people_rate: float = 0.0,
) -> dict[str, Any]:
    print(f"[{label}] preparing {count} recipients…", flush=True)
    url = await fresh_database(count, people)
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    emulator = ctx.Process(
        target=_emulator_main, args=(child, count, limit, server_pauses, people), daemon=True
    )
    emulator.start()
    base_url = parent.recv()

    settings = bench_settings(url, base_url, rate, people)
    engine = create_engine(url, pool_size=20, max_overflow=10)  # the bench's own pool size
    # The production runtime without its background (this bench drives the feeder and the
    # sender itself, to time each tick), with its dispatcher only when people press buttons.
    handling = Handling()
    runtimes = contextlib.AsyncExitStack()
    runtime = await runtimes.enter_async_context(
        build_runtime(
            settings,
            engine=engine,
            dispatcher=people > 0,
            background=False,
            commands=False,
            observers=[handling] if people else (),
        )
    )
    sessionmaker, catalog, bot = runtime.sessionmaker, runtime.catalog, runtime.bot
    latency = Latency()
    bot.session.middleware(latency)
    outbox = OutboxWorker(bot, sessionmaker, settings)
    pace_replies(bot, outbox.pacer)  # as Runtime.start_background_work does
    worker = BroadcastWorker(
        bot, sessionmaker, settings, catalog, pacer=outbox.pacer, wake_sender=outbox.wake
    )
    async with sessionmaker() as session, session.begin():
        row = Broadcast(
            author_id=FIRST_ID + count,
            status="approval",
            mode="each",
            texts={"ru": f"<b>{MARK}</b> Новое правило въезда: подробности в Центре."},
            languages=["ru"],
            segment={},
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(row)
        await session.flush()
        await lifecycle.start(session, row, utcnow(), settings)
        broadcast_id, total = row.id, row.total
    assert total == count, (total, count)

    # Warm-up outside the clock: the first Bot API call of a process builds aiogram's and
    # pydantic's models (about a second), which a running bot has long paid for.
    await bot.send_message(FIRST_ID + count, "warm-up")
    crowd: People | None = None
    polling: asyncio.Task[None] | None = None
    if people:
        polling = runtime.start_polling()
        crowd = await runtimes.enter_async_context(
            People(base_url, people_ids(count, people), people_rate)
        )
        await crowd.open_menus(handling)  # and warms up the handlers, outside the clock
        handling.seconds.clear()
    gc.collect()
    gc.freeze()  # as `python -m bot` does after start-up
    peak = rss_mib()
    # The sender takes the PostgreSQL sender lock and then, by design, waits one pacing
    # window (a handover must not exceed the rate); that second is start-up, not sending.
    outbox.start()
    await outbox.wake()
    await asyncio.sleep(1.5)
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    stalls = LoopStalls()
    stalls.start()
    parent.send("go")
    stop_people = asyncio.Event()
    pressing = asyncio.create_task(crowd.run(stop_people, handling)) if crowd is not None else None
    started = time.perf_counter()
    started_at = utcnow()
    cpu_before = cpu_seconds()
    tick_seconds: list[float] = []
    last_report = started
    status = "running"
    try:
        while status == "running":
            tick_started = time.perf_counter()
            await worker.tick()
            tick_seconds.append(time.perf_counter() - tick_started)
            await outbox.wake()
            peak = max(peak, rss_mib())
            await asyncio.sleep(settings.broadcast_tick_seconds)
            async with sessionmaker() as session:
                query = select(Broadcast.status).where(Broadcast.id == broadcast_id)
                status = str(await session.scalar(query))
            now = time.perf_counter()
            if now - last_report >= 10:
                last_report = now
                print(
                    f"[{label}] {now - started:6.1f} s  sent {outbox.stats['sent']:>7}"
                    f"  rss {rss_mib():.0f} MiB",
                    flush=True,
                )
        elapsed = time.perf_counter() - started
        cpu_used = cpu_seconds() - cpu_before
        if crowd is not None and pressing is not None:
            stop_people.set()
            await pressing
            for _ in range(100):  # the last presses are handled
                if all(u in handling.done for u in crowd.pressed):
                    break
                await asyncio.sleep(0.1)
        parent.send("report")
    finally:
        stop_people.set()
        await stalls.stop()
        if polling is not None and runtime.dispatcher is not None:
            with contextlib.suppress(Exception):
                await runtime.dispatcher.stop_polling()
                await polling
        await outbox.stop()
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        with contextlib.suppress(Exception):
            await runtimes.aclose()

    async with sessionmaker() as session:
        by_status = dict(
            (
                await session.execute(
                    select(OutboxMessage.status, func.count())
                    .where(OutboxMessage.ref == f"broadcast:{broadcast_id}")
                    .group_by(OutboxMessage.status)
                )
            ).all()
        )
        first, last = (
            await session.execute(
                select(func.min(OutboxMessage.sent_at), func.max(OutboxMessage.sent_at)).where(
                    OutboxMessage.ref == f"broadcast:{broadcast_id}"
                )
            )
        ).one()
        final = await session.get(Broadcast, broadcast_id)
    await engine.dispose()
    emu = parent.recv()
    emulator.join(timeout=30)

    sent = int(by_status.get("sent", 0))
    span = (last - first).total_seconds() if first and last else 0.0
    steady = (sent - 1) / span if span > 0 else 0.0
    ramp = (first - started_at).total_seconds() if first else 0.0
    result = {
        "label": label,
        "first_send_after_s": round(ramp, 2),
        "feeder_tick_ms_first_max": (
            round(tick_seconds[0] * 1000, 1) if tick_seconds else 0.0,
            round(max(tick_seconds, default=0.0) * 1000, 1),
        ),
        "done_after_last_send_s": round(elapsed - ramp - span, 2),
        "recipients": count,
        "configured_rate": rate,
        "emulator_limit": limit,
        "elapsed_s": round(elapsed, 2),
        "wall_rate": round(sent / elapsed, 1),
        "wall_ratio": round(sent / elapsed / rate, 3),
        "steady_rate": round(steady, 1),
        "steady_ratio": round(steady / rate, 3),
        "outbox_rows": by_status,
        "status": final.status if final else None,
        "retried": final.retried if final else None,
        "refused_flood": emu["sends_refused_flood"],
        "refused_by": emu["refused_by"],
        "emulator_errors": emu["errors"],
        "progress_edits": emu["edits_accepted"],
        "api_calls": emu["methods"],
        "lost": emu["lost"],
        "duplicates": emu["duplicates"],
        "latency_ms_p50_p95": (
            round(latency.percentile(0.5), 1),
            round(latency.percentile(0.95), 1),
        ),
        "loop_stalls": stalls.summary(elapsed),
        "bot_cpu_share": round(cpu_used / elapsed, 2),
        "emulator_cpu_share": round(emu["cpu_share"], 2),
        "load_average": os.getloadavg()[0],
        "bot_peak_rss_mib": round(peak, 1),
        "bot_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "emulator_peak_rss_mib": round(emu["peak_rss_mib"], 1),
        "emulator_full_collections": emu["full_collections"],
    }
    if crowd is not None:
        handled = [u for u in crowd.pressed if u in handling.done]
        to_handled = [handling.done[u] - crowd.pressed[u] for u in handled]
        result["people"] = {
            "people": people,
            "configured_rate": people_rate,
            "presses": len(crowd.pressed),
            "press_rate": round(len(crowd.pressed) / elapsed, 1),
            "not_pressable": crowd.refused,
            "skipped_waiting": crowd.skipped,
            "handled": len(handled),
            "lost": len(crowd.pressed) - len(handled),
            "handled_twice": handling.twice,
            "errors": handling.errors,
            "handling_ms_p50_p95_p99": tuple(
                round(percentile(handling.seconds, q), 1) for q in (0.5, 0.95, 0.99)
            ),
            "press_to_handled_ms_p50_p99": tuple(
                round(percentile(to_handled, q), 1) for q in (0.5, 0.99)
            ),
        }
    print_result(result)
    return result


def print_result(r: dict[str, Any]) -> None:
    gc_count, gc_total, gc_longest = r["emulator_full_collections"]
    print(
        f"\n== {r['label']}: {r['recipients']} recipients at {r['configured_rate']:g}/s "
        f"(emulator flood limit {r['emulator_limit']}/s) ==\n"
        f"  finished: {r['status']} in {r['elapsed_s']} s (first send after "
        f"{r['first_send_after_s']} s, done {r['done_after_last_send_s']} s after the last)\n"
        f"  achieved/configured: {r['wall_ratio']} wall ({r['wall_rate']}/s), "
        f"{r['steady_ratio']} steady ({r['steady_rate']}/s)\n"
        f"  refused for flooding: {r['refused_flood']} {r['refused_by'] or ''}   "
        f"other API errors: "
        f"{r['emulator_errors'] or 0}\n"
        f"  losses: {r['lost']}   duplicates: {r['duplicates']}   retried: {r['retried']}\n"
        f"  outbox rows: {r['outbox_rows']}   edits (progress, people's screens): "
        f"{r['progress_edits']}"
        f"   Bot API calls: {r['api_calls']}\n"
        f"  Bot API round trip p50/p95: {r['latency_ms_p50_p95']} ms   "
        f"feeder tick first/max: {r['feeder_tick_ms_first_max']} ms\n"
        f"  event-loop stalls over 5 ms: {r['loop_stalls'][0]}, holding the loop "
        f"{r['loop_stalls'][1]} ms per second (p95 {r['loop_stalls'][2]} ms, "
        f"max {r['loop_stalls'][3]} ms)\n"
        f"  CPU while sending: bot {r['bot_cpu_share']}, emulator {r['emulator_cpu_share']}"
        f" of a core; load average "
        f"{r['load_average']:.2f} on {os.cpu_count()} cores\n"
        f"  peak memory: bot {r['bot_peak_rss_mib']} MiB while sending "
        f"(max {r['bot_max_rss_mib']} incl. set-up), emulator {r['emulator_peak_rss_mib']} MiB\n"
        f"  emulator pauses for full garbage collections: {gc_count} ({gc_total} ms in all, "
        f"longest {gc_longest} ms)",
        flush=True,
    )
    p = r.get("people")
    if p:
        print(
            f"  people: {p['people']} pressing {p['configured_rate']:g}/s in all: "
            f"{p['presses']} presses ({p['press_rate']}/s), handled {p['handled']}, "
            f"lost {p['lost']}, handled twice {p['handled_twice']}, errors {p['errors']}, "
            f"not pressable {p['not_pressable']}, turns skipped (still waiting for the bot) "
            f"{p['skipped_waiting']}\n"
            f"  people's handling latency p50/p95/p99: {p['handling_ms_p50_p95_p99']} ms "
            f"(goal p99 <= 300); press to handled p50/p99: "
            f"{p['press_to_handled_ms_p50_p99']} ms",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--limit", type=int, default=None, help="emulator flood limit per s")
    parser.add_argument("--short-recipients", type=int, default=1000)
    parser.add_argument("--short-rate", type=float, default=30.0)
    parser.add_argument("--no-short", action="store_true")
    parser.add_argument(
        "--mixed", action="store_true", help="people press buttons during the broadcast"
    )
    parser.add_argument("--people", type=int, default=300, help="with --mixed")
    parser.add_argument("--people-rate", type=float, default=30.0, help="presses/s, --mixed")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--profile", action="store_true", help="cProfile the bot side")
    parser.add_argument(
        "--server-pauses",
        action="store_true",
        help="leave the emulator's full garbage collections on (server pauses of up to 0.8 s)",
    )
    args = parser.parse_args()
    people = args.people if args.mixed else 0
    people_rate = args.people_rate if args.mixed else 0.0
    # The people's replies are not paced: the flood limit leaves them room (see the top).
    limit = args.limit or int(args.rate + people_rate)
    label = "mixed: broadcast and people" if args.mixed else "high rate"
    # The bot side runs here, on the loop `python -m bot` runs on (uvloop: bot/event_loop.py).
    results = [
        event_loop.run(
            run(
                args.recipients,
                args.rate,
                limit,
                label,
                profile=args.profile,
                server_pauses=args.server_pauses,
                people=people,
                people_rate=people_rate,
            )
        )
    ]
    if not args.no_short and not args.mixed:
        results.append(
            event_loop.run(
                run(
                    args.short_recipients,
                    args.short_rate,
                    int(args.short_rate),
                    "Telegram's pace",
                )
            )
        )
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    ok = all(
        r["status"] == "done" and r["lost"] == 0 and r["duplicates"] == 0
        and r["refused_flood"] == 0
        and (not r.get("people") or (r["people"]["lost"] == 0
                                     and r["people"]["handled_twice"] == 0))
        for r in results
    )  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
