"""Against Telegram's flood limits (the emulator's flood control): paced right, no 429 at
all; with a limit lower than our pace, every 429 is waited out and nothing is lost or doubled."""

from __future__ import annotations

from typing import Any

import pytest

from db.models.broadcast import Broadcast
from tests.broadcast.helpers import (
    broadcast_messages,
    deliveries,
    russian_draft,
    send_now,
    wait_status,
)
from tests.harness import Harness


@pytest.fixture
def setting_overrides() -> dict[str, Any]:
    # Telegram's real pace: 25 messages/s overall, one per second per chat.
    return {
        "send_rate_per_second": 25,
        "send_min_interval_per_chat": 1.0,
        "broadcast_approval_threshold": 1000,
    }


async def draft_under_flood_limit(
    jol: Harness, recipients: int, text: str, global_limit: int
) -> tuple[int, list[int], int]:
    """An author, this many Russian readers and a draft to them, while the server allows
    `global_limit` messages a second (one per chat): author, readers and the draft's id."""
    author, readers, broadcast_id = await russian_draft(jol, recipients, text)
    await jol.emu.set_flood_limits(global_limit=global_limit, global_window=1.0, chat_limit=1)
    return author, readers, broadcast_id


async def send_until_done(
    jol: Harness, author: int, broadcast_id: int, timeout: float
) -> tuple[Broadcast, dict[str, Any]]:
    """Sends the draft now and waits for the end: its row and the server's figures."""
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done", timeout=timeout)
    return row, await jol.emu.stats()


async def test_paced_broadcast_gets_no_flood_refusals(jol: Harness) -> None:
    author, recipients, broadcast_id = await draft_under_flood_limit(jol, 60, "Без флуда", 30)
    row, stats = await send_until_done(jol, author, broadcast_id, timeout=60)
    assert row.sent == len(recipients)
    assert stats["sends_refused_flood"] == 0


async def test_429s_are_waited_out_without_losses_or_doubles(jol: Harness) -> None:
    # The server allows less than we send (someone else uses the token, or Telegram is
    # stricter today): it answers 429 "retry after N" and refuses everything meanwhile.
    author, recipients, broadcast_id = await draft_under_flood_limit(jol, 40, "Через флуд", 10)
    row, stats = await send_until_done(jol, author, broadcast_id, timeout=90)
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
    author, recipients, broadcast_id = await draft_under_flood_limit(
        jol, 50, "Медленный сервер", 25
    )
    slow = recipients[10:16]  # neighbours in sending order: their late arrivals bunch up
    for uid in slow:
        await jol.emu.script_fault("sendMessage", chat_id=uid, kind="delay", delay=1.5)
    row, stats = await send_until_done(jol, author, broadcast_id, timeout=60)
    assert stats["faults_fired"] == len(slow)
    assert stats["sends_refused_flood"] == 0
    assert (row.sent, row.failed, row.retried) == (len(recipients), 0, 0)
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Медленный сервер")) == 1
