"""Two real `python -m bot` processes in webhook mode behind a round-robin proxy, on one
PostgreSQL and one Redis: every reply exactly once and in order, every reminder once, and one
global send rate while the sending moves from one process to the other."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import create_engine, create_sessionmaker
from db.models import OutboxMessage, OutboxStatus
from db.queries.outbox import enqueue
from emulator import EmulatorClient, RunningEmulator, running_emulator
from emulator.timeouts import scaled
from tests import dbs
from tests.e2e.conftest import TOKEN, BotProcess
from tests.production.conftest import free_port, log_events, start_webhook_bot, wait_ready
from tests.production.proxy import TelegramLikeProxy

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

SCRIPT = ["/start", "/help", "/privacy", "/sos", "/menu", "/start"]


@dataclass
class Cluster:
    emu: RunningEmulator
    proxy: TelegramLikeProxy
    bots: list[BotProcess]
    db_url: str

    @property
    def client(self) -> EmulatorClient:
        return self.emu.client

    async def settled(self) -> None:
        """Every update the emulator has was accepted and handled by a process."""
        async with asyncio.timeout(scaled(60)):
            while await self.client.pending_updates():
                await asyncio.sleep(0.05)
        await self.proxy.idle()

    async def texts(self, uid: int) -> list[str]:
        return [m.text or m.caption or "" for m in await self.client.bot_messages(uid)]


@pytest.fixture
async def pg_url(postgres_template: dbs.PostgresReset | None) -> str:
    if postgres_template is None:
        pytest.skip("PostgreSQL not reachable (set JOL_TEST_POSTGRES_URL)")
    await postgres_template.reset()
    return postgres_template.url


@pytest.fixture
def locks() -> str:
    """Where the per-person locks between the processes live (a test may parametrize it)."""
    return "redis"


@pytest.fixture
async def cluster(
    pg_url: str, redis_url: str, locks: str, tmp_path: Path
) -> AsyncIterator[Cluster]:
    async with running_emulator(bots=[TOKEN]) as emu:
        ports = [free_port(), free_port()]
        # Every third update is delivered to both processes at once, as when Telegram resends
        # an update whose first request has not been answered yet.
        proxy = TelegramLikeProxy(
            [f"http://127.0.0.1:{p}/tg" for p in ports], duplicate=lambda uid: uid % 3 == 0
        )
        public = await proxy.start() + "/tg"
        env = {
            # Without Redis, each update's transaction takes the person's lock in PostgreSQL.
            "REDIS_URL": redis_url if locks == "redis" else "",
            "SEND_RATE_PER_SECOND": "9",
            # Small claims, so rows are spread over time and any process could take some.
            "OUTBOX_BATCH_SIZE": "5",
            "OUTBOX_POLL_SECONDS": "0.2",
            "CAMPAIGN_POLL_SECONDS": "1",
        }
        bots = [
            await start_webhook_bot(emu.base_url, pg_url, tmp_path, port, public, **env)
            for port in ports
        ]
        try:
            for port, bot in zip(ports, bots, strict=True):
                await wait_ready(port, bot)
            yield Cluster(emu, proxy, bots, pg_url)
        finally:
            for bot in bots:
                if bot.process.returncode is None:
                    await bot.terminate(signal.SIGTERM)
            await proxy.stop()
    for bot in bots:
        assert bot.process.returncode == 0, bot.output()


@pytest.mark.parametrize("locks", ["redis", "postgresql"])
async def test_a_burst_from_several_people_is_answered_once_each_in_order(
    cluster: Cluster, locks: str
) -> None:
    client = cluster.client
    # The transcript one person gets when every message is handled after the previous one.
    control = 7_300_000_001
    await client.create_user(control, "Ann", language_code="ru")
    for text in SCRIPT:
        await client.send_text(control, text)
        await cluster.settled()
    expected = await cluster.texts(control)
    assert len(expected) >= len(SCRIPT)

    people = [7_300_000_100 + i for i in range(8)]
    for uid in people:
        await client.create_user(uid, "Ann", language_code="ru")
    for text in SCRIPT:  # everyone types fast, interleaved with the others
        for uid in people:
            await client.send_text(uid, text)
    await cluster.settled()

    for uid in people:
        assert await cluster.texts(uid) == expected, f"person {uid}"
    duplicated = [u for u, statuses in cluster.proxy.answers.items() if len(statuses) > 1]
    assert duplicated, "the proxy delivered some updates twice"
    # Both processes took updates (round robin), so order and exactly-once held across them.
    assert len(cluster.proxy.accepted) == 2 and min(cluster.proxy.accepted.values()) > 5
    started = [
        e for bot in cluster.bots for e in log_events(bot) if e.get("event") == "bot started"
    ]
    assert [e.get("cluster") for e in started] == [locks, locks]
    assert [e.get("loop") for e in started] == ["uvloop", "uvloop"]  # webhook mode, on uvloop


async def test_due_reminders_go_out_once_with_two_senders(cluster: Cluster) -> None:
    client = cluster.client
    people = [7_300_000_200 + i for i in range(6)]
    for uid in people:
        await client.create_user(uid, "Ann", language_code="ru")
        await client.start(uid)
    await cluster.settled()
    before = {uid: len(await cluster.texts(uid)) for uid in people}

    engine = create_engine(cluster.db_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            for uid in people:
                for n in (1, 2, 1):  # the same reminder enqueued twice is one row
                    await enqueue(
                        session,
                        uid,
                        f"Reminder {n}",
                        purpose="reminder",
                        dedupe_key=f"test-rem:{uid}:{n}",
                    )
        async with asyncio.timeout(scaled(60)):
            while await _count(sessionmaker, OutboxStatus.SENT) < 2 * len(people):
                await asyncio.sleep(0.1)
    finally:
        await engine.dispose()

    for uid in people:
        new = (await cluster.texts(uid))[before[uid] :]
        assert sorted(new) == ["Reminder 1", "Reminder 2"], f"person {uid}"


async def _count(sessionmaker: object, status: str) -> int:
    async with sessionmaker() as session:  # type: ignore[operator]
        total = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status)
        )
    return int(total or 0)


def _became_sender(bot: BotProcess) -> bool:
    return any(e.get("event") == "outbox: this process is the sender" for e in log_events(bot))


async def test_one_global_send_rate_while_the_sender_moves(cluster: Cluster) -> None:
    client = cluster.client
    # Telegram's limits, scaled down: 10 messages in any second; the bots pace at 9/s each.
    await client.set_config(require_start=False)
    await client.set_flood_limits(global_limit=10, global_window=1.0, chat_limit=1)
    people = [7_300_000_300 + i for i in range(60)]
    for uid in people:
        await client.create_user(uid, "Ann", language_code="ru")

    engine = create_engine(cluster.db_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            for uid in people:
                await enqueue(session, uid, "News", purpose="broadcast", dedupe_key=f"t:{uid}")
        async with asyncio.timeout(scaled(60)):
            while await _count(sessionmaker, OutboxStatus.SENT) < 20:
                await asyncio.sleep(0.05)
        assert (await client.stats())["sends_refused_flood"] == 0
        # Stop whichever process is sending; the other one must take over, at the same pace.
        senders = [b for b in cluster.bots if _became_sender(b)]
        assert len(senders) == 1, "exactly one process sends at a time"
        leader = senders[0]
        assert await leader.terminate(signal.SIGTERM) == 0, leader.output()
        async with asyncio.timeout(scaled(90)):
            while await _count(sessionmaker, OutboxStatus.SENT) < len(people):
                await asyncio.sleep(0.1)
    finally:
        await engine.dispose()

    stats = await client.stats()
    assert stats["sends_refused_flood"] == 0, stats["flood"]
    for uid in people:
        assert await cluster.texts(uid) == ["News"], f"person {uid}"
    assert all(_became_sender(b) for b in cluster.bots)  # both sent, one after the other
