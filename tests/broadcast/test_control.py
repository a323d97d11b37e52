"""Pause, resume and cancel from the progress message while a broadcast is being sent; and
the feeder keeps only a small window of rows in the outbox."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import OutboxMessage
from tests.broadcast.helpers import (
    broadcast_messages,
    broadcast_row,
    deliveries,
    russian_draft,
    send_now,
    tr,
    wait_for,
    wait_status,
)
from tests.harness import Harness

RATE = 8


@pytest.fixture
def setting_overrides() -> dict[str, Any]:
    # Slow enough that a broadcast to 40 people is still running when the buttons are pressed.
    return {"send_rate_per_second": RATE}


async def sent_so_far(jol: Harness, broadcast_id: int) -> int:
    return sum(r.status == "sent" for r in await deliveries(jol, broadcast_id))


async def test_pause_holds_the_queue_and_resume_finishes_once_each(jol: Harness) -> None:
    t = tr(jol, "en")
    author, recipients, broadcast_id = await russian_draft(jol, 40, "Пауза и продолжение")
    await send_now(jol, author, broadcast_id)

    # Only a window of rows is ever queued (about broadcast_window_seconds of sending, at
    # least 20), never the whole audience.
    queued = await wait_for(lambda: deliveries(jol, broadcast_id))
    assert 0 < sum(r.status in ("pending", "sending") for r in queued) <= 20

    await wait_for(lambda: sent_so_far(jol, broadcast_id))
    await jol.click(author, t("broadcast-btn-pause"))
    paused = await broadcast_row(jol, broadcast_id)
    assert paused.status == "paused"
    # Rows on the wire when the pause came finish; nothing else is sent after them.
    await wait_for(lambda: _none_in(jol, broadcast_id, "sending"), timeout=10)
    frozen = await sent_so_far(jol, broadcast_id)
    assert frozen < len(recipients)
    held = [r for r in await deliveries(jol, broadcast_id) if r.status == "held"]
    assert held or paused.cursor < max(recipients)
    progress = await jol.last(author)
    assert "paused" in (progress.text or "") and t("broadcast-btn-resume") in progress.button_texts

    await jol.click(author, t("broadcast-btn-resume"), message_id=progress.message_id)
    row = await wait_status(jol, broadcast_id, "done", timeout=60)
    assert row.sent == len(recipients) and row.retried == 0
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Пауза и продолжение")) == 1


async def _none_in(jol: Harness, broadcast_id: int, status: str) -> bool:
    return all(r.status != status for r in await deliveries(jol, broadcast_id))


async def test_cancel_stops_what_is_not_sent(jol: Harness) -> None:
    t = tr(jol, "en")
    author, recipients, broadcast_id = await russian_draft(jol, 40, "Отмена рассылки")
    await send_now(jol, author, broadcast_id)
    await wait_for(lambda: sent_so_far(jol, broadcast_id))
    await jol.click(author, t("broadcast-btn-cancel"))
    await jol.click(author, t("broadcast-btn-cancel-yes"))
    row = await broadcast_row(jol, broadcast_id)
    assert row.status == "cancelled"
    await wait_for(lambda: _none_in(jol, broadcast_id, "sending"), timeout=10)
    rows = await deliveries(jol, broadcast_id)
    sent = [r.chat_id for r in rows if r.status == "sent"]
    assert 0 < len(sent) < len(recipients)
    assert all(r.status in ("sent", "dropped") for r in rows)
    # Whoever was not sent to by then gets nothing, now or later.
    async with jol.session() as session:
        pending = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.ref == f"broadcast:{broadcast_id}")
            .where(OutboxMessage.status.in_(["pending", "held"]))
        )
    assert pending == 0
    received = [uid for uid in recipients if await broadcast_messages(jol, uid, "Отмена")]
    assert sorted(received) == sorted(sent)
    # Buttons of a cancelled broadcast do nothing.
    pressed = await jol.forge_click(author, f"bc:resume:{broadcast_id}:")
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    assert answer["show_alert"] and (await broadcast_row(jol, broadcast_id)).status == "cancelled"
