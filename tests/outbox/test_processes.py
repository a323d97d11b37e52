"""Real processes: a `python -m bot` killed with SIGKILL mid-delivery loses nothing, and two
sender processes on one PostgreSQL never deliver a row twice."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.engine import create_engine, create_sessionmaker
from db.models import OutboxMessage
from db.queries.outbox import enqueue
from emulator import RunningEmulator, running_emulator
from emulator.timeouts import scaled

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token"
pytestmark = pytest.mark.e2e


@pytest.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    # People here never pressed Start: a bulk test of the sender, not of onboarding.
    async with running_emulator(bots=[TOKEN], require_start=False) as running:
        yield running


def env_for(emu: RunningEmulator, db_url: str, **extra: Any) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME")}
    env.update(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=emu.base_url,
        DATABASE_URL=db_url,
        OUTBOX_POLL_SECONDS="0.1",
        CAMPAIGN_POLL_SECONDS="60",
        LOG_FORMAT="plain",
        LOG_LEVEL="WARNING",
        HEALTH_PORT="0",  # several processes at once: no side server (bot/web/health.py)
        DIGEST_CATCH_UP="false",  # as in make_settings: no digest mid-test by the hour
        PYTHONPATH=str(ROOT),
    )
    env.update({k.upper(): str(v) for k, v in extra.items()})
    return env


async def spawn(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def fill(db_url: str, emu: RunningEmulator, chats: list[int]) -> None:
    for chat in set(chats):
        await emu.client.create_user(chat, f"P{chat}", language_code="ru")
    engine = create_engine(db_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for n, chat in enumerate(chats):
                await enqueue(session, chat, f"message {n}", purpose="broadcast")
    finally:
        await engine.dispose()


async def statuses(db_url: str) -> Counter[str]:
    engine = create_engine(db_url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            )
            return Counter({status: count for status, count in rows})
    finally:
        await engine.dispose()


async def wait_until(check: Any, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    while not await check():
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.1)


async def delivered(emu: RunningEmulator) -> Counter[str]:
    """How many times each outbox text arrived (across all chats)."""
    counts: Counter[str] = Counter()
    for chat in await emu.client.chats():
        if chat.get("message_count"):
            for message in await emu.client.bot_messages(chat["chat"]["id"]):
                if (message.text or "").startswith("message "):
                    counts[message.text] += 1
    return counts


async def stop(process: asyncio.subprocess.Process) -> dict[str, Any]:
    """SIGTERM, and the stats the sender printed on its way out."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), scaled(30))
    lines = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    stopped = [line for line in lines if line.get("event") == "stopped"]
    return stopped[-1]["stats"] if stopped else {"stderr": err.decode()[-2000:]}


async def test_sigkill_mid_delivery_loses_nothing(emu: RunningEmulator, db_url: str) -> None:
    chats = list(range(8_100_000_001, 8_100_000_081))
    await fill(db_url, emu, chats)
    env = env_for(emu, db_url, send_rate_per_second=20, outbox_lease_seconds=3)
    bot = await spawn(["-m", "bot"], env)
    try:

        async def some_sent() -> bool:
            return (await emu.client.stats())["sends_accepted"] >= 15

        await wait_until(some_sent)
    finally:
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
    left = await statuses(db_url)
    assert left["sent"] < len(chats)  # it really died mid-way
    assert left["pending"] + left["sending"] > 0

    again = await spawn(["-m", "bot"], env)
    try:

        async def all_sent() -> bool:
            return (await statuses(db_url))["sent"] == len(chats)

        await wait_until(all_sent, timeout=90)
    finally:
        await stop(again)
    counts = await delivered(emu)
    assert set(counts) == {f"message {n}" for n in range(len(chats))}  # nothing lost
    # At most the sends on the wire at the moment of the kill can arrive twice (at-least-once).
    assert sum(counts.values()) - len(chats) <= 10


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
async def test_two_senders_never_deliver_a_row_twice(emu: RunningEmulator, db_url: str) -> None:
    env = env_for(
        emu, db_url, outbox_single_sender="false", send_rate_per_second=300,
        send_min_interval_per_chat=0, outbox_batch_size=10,
    )  # fmt: skip
    senders = [await spawn(["-m", "bot.workers.run_sender"], env) for _ in range(2)]
    try:
        for process in senders:
            assert process.stdout is not None
            line = await asyncio.wait_for(process.stdout.readline(), scaled(30))
            assert json.loads(line)["event"] == "ready"
        # Some chats get several rows, to exercise per-chat queues in both processes.
        chats = [8_200_000_000 + n % 250 for n in range(400)]
        await fill(db_url, emu, chats)

        async def all_sent() -> bool:
            return (await statuses(db_url))["sent"] == len(chats)

        await wait_until(all_sent, timeout=90)
    finally:
        outputs = [await stop(p) for p in senders]
    counts = await delivered(emu)
    assert len(counts) == 400 and set(counts.values()) == {1}
    assert (await emu.client.stats())["sends_accepted"] == 400
    sent_by = [o.get("sent", 0) for o in outputs]
    assert sum(sent_by) == 400
    assert all(n > 0 for n in sent_by), sent_by  # both really worked on the same queue


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
async def test_with_single_sender_only_one_process_sends(
    emu: RunningEmulator, db_url: str
) -> None:
    env = env_for(emu, db_url, send_rate_per_second=300, send_min_interval_per_chat=0)
    senders = [await spawn(["-m", "bot.workers.run_sender"], env) for _ in range(2)]
    try:
        for process in senders:
            assert process.stdout is not None
            await asyncio.wait_for(process.stdout.readline(), scaled(30))
        await fill(db_url, emu, [8_300_000_000 + n for n in range(100)])

        async def all_sent() -> bool:
            return (await statuses(db_url))["sent"] == 100

        await wait_until(all_sent)
    finally:
        outputs = [await stop(p) for p in senders]
    sent_by = sorted(o.get("sent", 0) for o in outputs)
    assert sent_by == [0, 100]


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
async def test_a_new_leader_takes_over_a_killed_leaders_claims_at_once(
    emu: RunningEmulator, db_url: str
) -> None:
    """A lease far longer than the test may run: the rows the killed leader held can only be
    delivered if the new leader takes them over without waiting for it."""
    chats = list(range(8_400_000_001, 8_400_000_081))
    await fill(db_url, emu, chats)
    env = env_for(
        emu, db_url, send_rate_per_second=20, outbox_lease_seconds=3600, send_timeout_seconds=5
    )
    leader = await spawn(["-m", "bot.workers.run_sender"], env)
    try:

        async def some_sent() -> bool:
            return (await emu.client.stats())["sends_accepted"] >= 15

        await wait_until(some_sent)
    finally:
        leader.send_signal(signal.SIGKILL)
        await leader.wait()
    left = await statuses(db_url)
    assert left["sending"] > 0  # it died holding claims
    assert left["sent"] < len(chats)

    successor = await spawn(["-m", "bot.workers.run_sender"], env)
    try:

        async def all_sent() -> bool:
            return (await statuses(db_url))["sent"] == len(chats)

        await wait_until(all_sent, timeout=90)  # far inside the 3600 s lease
    finally:
        stats = await stop(successor)
    assert stats.get("taken_over", 0) == left["sending"]
    counts = await delivered(emu)
    assert set(counts) == {f"message {n}" for n in range(len(chats))}  # nothing lost
    # At most the sends on the wire at the moment of the kill can arrive twice.
    assert sum(counts.values()) - len(chats) <= 5
