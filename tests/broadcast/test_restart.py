"""Restarts in the middle of a broadcast: the next process continues where the last stopped;
nobody gets it twice, except messages on the wire at a crash, which are counted."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.background import start_background
from db.engine import create_engine, create_sessionmaker
from db.models import OutboxMessage, User
from db.models.broadcast import Broadcast
from db.queries import broadcast as q
from db.types import utcnow
from emulator import RunningEmulator
from handlers.broadcast.message import deliveries_for
from tests.broadcast.helpers import (
    broadcast_messages,
    deliveries,
    russian_draft,
    send_now,
    wait_for,
    wait_status,
)
from tests.e2e.conftest import emu, start_bot, wait_until_polling  # noqa: F401 - fixture
from tests.harness import Harness

RATE = 8


@pytest.fixture
def setting_overrides() -> dict[str, Any]:
    return {"send_rate_per_second": RATE}


async def stop_background(jol: Harness) -> None:
    assert jol.background is not None
    await jol.background.stop()
    jol.background = None
    # The sender's PostgreSQL advisory lock lives on a pooled connection that its stop() only
    # returns to the pool, so the lock would outlive the stopped sender in this process (a
    # real restart is a new process, whose connections die with it). Closing the pool stands
    # in for the process exit. See the report: bot/workers/outbox.py _release_leadership.
    engine = jol.sessionmaker.kw["bind"]
    await engine.dispose()


async def start_again(jol: Harness) -> None:
    jol.background = await start_background(jol.bot, jol.settings, jol.sessionmaker, jol.catalog)


async def sent_count(jol: Harness, broadcast_id: int) -> int:
    return sum(r.status == "sent" for r in await deliveries(jol, broadcast_id))


async def test_a_restart_continues_where_it_stopped(jol: Harness) -> None:
    author, recipients, broadcast_id = await russian_draft(jol, 40, "Перезапуск")
    await send_now(jol, author, broadcast_id)
    await wait_for(lambda: sent_count(jol, broadcast_id))

    await stop_background(jol)  # a deploy: SIGTERM, the sender releases what it holds
    stopped = await deliveries(jol, broadcast_id)
    assert {r.status for r in stopped} <= {"sent", "pending"}
    before = sum(r.status == "sent" for r in stopped)
    assert 0 < before < len(recipients)

    await start_again(jol)
    row = await wait_status(jol, broadcast_id, "done", timeout=60)
    assert (row.sent, row.failed, row.retried) == (len(recipients), 0, 0)
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Перезапуск")) == 1


async def test_messages_on_the_wire_at_a_crash_are_bounded_and_counted(jol: Harness) -> None:
    author, recipients, broadcast_id = await russian_draft(jol, 12, "Сбой")
    await stop_background(jol)  # nothing sends while the crash is staged
    await send_now(jol, author, broadcast_id)
    # A process fed three rows, claimed them, sent two of them, and died (SIGKILL): its rows
    # stay "sending" until their lease runs out.
    ghosts = recipients[:3]
    async with jol.session() as session:
        row = await session.get(Broadcast, broadcast_id)
        assert row is not None
        texts = deliveries_for(row, jol.catalog)
        await q.enqueue_deliveries(session, broadcast_id, [(u, "ru") for u in ghosts], texts)
        row.cursor = ghosts[-1]
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id.in_(ghosts))
            .values(status="sending", claimed_by="dead", locked_until=utcnow() - timedelta(1))
        )
    for uid in ghosts[:2]:
        await jol.bot.send_message(uid, "Сбой")  # what the dead process got out

    await start_again(jol)
    assert jol.background is not None
    jol.background.outbox._next_reclaim = 0.0  # as after the lease check interval
    row = await wait_status(jol, broadcast_id, "done", timeout=60)
    assert row.sent == len(recipients)
    # The three rows that were on the wire were sent again: two people got it twice, and the
    # broadcast says up to three may have.
    assert row.retried == 3
    got = Counter({uid: len(await broadcast_messages(jol, uid, "Сбой")) for uid in recipients})
    assert sorted(got.values()) == [1] * 10 + [2] * 2
    assert sum(n - 1 for n in got.values()) <= row.retried


@pytest.mark.e2e
async def test_the_real_process_killed_mid_broadcast(
    emu: RunningEmulator,  # noqa: F811 - the e2e fixture
    db_url: str,
    tmp_path: Path,
) -> None:
    """`python -m bot` is SIGKILLed while sending, then started again: it finishes, every
    recipient has the broadcast, and anyone who might have got it twice is counted."""
    engine = create_engine(db_url)
    sessionmaker = create_sessionmaker(engine)
    client = emu.client
    await client.set_config(require_start=False)
    recipients = list(range(7_200_000_001, 7_200_000_061))
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for uid in recipients:
            await client.create_user(uid, "R", language_code="ru")
            session.add(User(id=uid, locale="ru", consent_at=now - timedelta(days=1),
                             created_at=now - timedelta(days=1), updated_at=now))  # fmt: skip
        row = Broadcast(
            author_id=None,
            status="running",
            mode="each",
            texts={"ru": "Убит и перезапущен"},
            languages=["ru"],
            segment={},
            started_at=now,
            total=len(recipients),
        )
        session.add(row)
        await session.flush()
        broadcast_id = row.id
    env = {
        "SEND_RATE_PER_SECOND": "10",
        "OUTBOX_LEASE_SECONDS": "3",
        "BROADCAST_TICK_SECONDS": "0.2",
        "BROADCAST_WINDOW_SECONDS": "1",
    }

    async def sent() -> int:
        async with sessionmaker() as session:
            n = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.ref == f"broadcast:{broadcast_id}")
                .where(OutboxMessage.status == "sent")
            )
        return int(n or 0)

    first = await start_bot(emu.base_url, db_url, tmp_path, **env)
    try:
        await wait_until_polling(client, first)
        await wait_for(lambda: _at_least(sent, 10), timeout=60)  # then SIGKILL mid-way
    finally:
        await first.terminate(signal.SIGKILL)
    second = await start_bot(emu.base_url, db_url, tmp_path, **env)
    try:
        await wait_until_polling(client, second)

        async def done() -> Broadcast | None:
            async with sessionmaker() as session:
                found = await session.get(Broadcast, broadcast_id, populate_existing=True)
                return found if found is not None and found.status == "done" else None

        final = await wait_for(done, timeout=90)
    finally:
        code = await second.terminate(signal.SIGTERM)
        await engine.dispose()
    assert code == 0, second.output()
    assert final.sent == len(recipients) and final.failed == 0
    received = {}
    for uid in recipients:
        messages = await client.bot_messages(uid)
        received[uid] = sum("Убит и перезапущен" in (m.text or "") for m in messages)
    assert min(received.values()) == 1  # nobody lost
    doubled = sum(n - 1 for n in received.values())
    assert doubled <= final.retried  # every possible double is counted
    print(f"killed mid-broadcast: retried={final.retried}, received twice={doubled}")


async def _at_least(probe: Callable[[], Awaitable[int]], n: int) -> bool:
    return await probe() >= n
