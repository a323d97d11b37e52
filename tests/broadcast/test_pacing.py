"""Against Telegram's flood limits (the emulator's flood control): paced right, no 429 at
all; with a limit lower than our pace, every 429 is waited out and nothing is lost or doubled."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.broadcast.conftest import FAST
from tests.broadcast.helpers import (
    broadcast_messages,
    compose,
    deliveries,
    people,
    send_now,
    staff,
    wait_status,
)
from tests.conftest import make_settings
from tests.harness import Harness


@pytest.fixture
def settings(db_url: str) -> Settings:
    # Telegram's real pace: 25 messages/s overall, one per second per chat.
    return make_settings(
        db_url,
        **{
            **FAST,
            "send_rate_per_second": 25,
            "send_min_interval_per_chat": 1.0,
            "broadcast_approval_threshold": 1000,
        },
    )


async def test_paced_broadcast_gets_no_flood_refusals(jol: Harness) -> None:
    author = await staff(jol)
    recipients = await people(jol, 60, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Без флуда"})
    await jol.emu.set_flood_limits(global_limit=30, global_window=1.0, chat_limit=1)
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done", timeout=60)
    assert row.sent == len(recipients)
    stats = await jol.emu.stats()
    assert stats["sends_refused_flood"] == 0


async def test_429s_are_waited_out_without_losses_or_doubles(jol: Harness) -> None:
    # The server allows less than we send (someone else uses the token, or Telegram is
    # stricter today): it answers 429 "retry after N" and refuses everything meanwhile.
    author = await staff(jol)
    recipients = await people(jol, 40, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Через флуд"})
    await jol.emu.set_flood_limits(global_limit=10, global_window=1.0, chat_limit=1)
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done", timeout=90)
    stats = await jol.emu.stats()
    assert stats["sends_refused_flood"] > 0  # the limit really bit
    assert (row.sent, row.failed, row.retried) == (len(recipients), 0, 0)
    assert all(r.attempts == 0 for r in await deliveries(jol, broadcast_id))  # 429 ≠ failure
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Через флуд")) == 1


async def test_slow_answers_neither_cause_flood_refusals_nor_stop_the_broadcast(
    jol: Harness,
) -> None:
    # Some requests hang at the server for longer than a second and are counted only when
    # they are finally handled, right before their answer: the worst moment for a pacer,
    # since they land in the same second as a full second's worth of sends started after
    # them. The limit equals our pace, so one send too many in any second is refused.
    author = await staff(jol)
    recipients = await people(jol, 50, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Медленный сервер"})
    await jol.emu.set_flood_limits(global_limit=25, global_window=1.0, chat_limit=1)
    slow = recipients[10:16]  # neighbours in sending order: their late arrivals bunch up
    for uid in slow:
        await jol.emu.script_fault("sendMessage", chat_id=uid, kind="delay", delay=1.5)
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done", timeout=60)
    stats = await jol.emu.stats()
    assert stats["faults_fired"] == len(slow)
    assert stats["sends_refused_flood"] == 0
    assert (row.sent, row.failed, row.retried) == (len(recipients), 0, 0)
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Медленный сервер")) == 1
