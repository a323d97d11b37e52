"""Retention: the delivery rows of a broadcast that ended long ago are deleted; its figures
stay in the history, for finished and for cancelled broadcasts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from bot.config import Settings
from bot.workers.retention import prune_broadcast_rows
from db.models import OutboxMessage
from db.models.broadcast import Broadcast
from db.types import utcnow
from tests.broadcast.helpers import (
    broadcast_row,
    russian_draft,
    send_now,
    tr,
    wait_for,
    wait_status,
)
from tests.conftest import make_settings
from tests.harness import Harness


async def _rows(jol: Harness, broadcast_id: int, *statuses: str) -> int:
    """The broadcast's outbox rows (in these statuses, or all)."""
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.ref == f"broadcast:{broadcast_id}")
    )
    if statuses:
        query = query.where(OutboxMessage.status.in_(statuses))
    async with jol.session() as session:
        return int(await session.scalar(query) or 0)


async def _end_days_ago(jol: Harness, broadcast_id: int, days: int) -> None:
    async with jol.session() as session:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(finished_at=utcnow() - timedelta(days=days))
        )


async def _card(jol: Harness, author: int, broadcast_id: int) -> str:
    await jol.send(author, "/broadcasts")
    await jol.reply_containing(author, "Broadcasts")
    await jol.click(author, callback_data=f"bc:card:{broadcast_id}:")
    return (await jol.last(author)).text or ""


async def test_rows_of_an_old_broadcast_go_and_its_figures_stay(jol: Harness) -> None:
    author, recipients, broadcast_id = await russian_draft(jol, 6, "Старая рассылка")
    await send_now(jol, author, broadcast_id)
    await wait_status(jol, broadcast_id, "done", timeout=30)
    before = await _card(jol, author, broadcast_id)
    assert f"Sent: {len(recipients)}" in before
    assert await _rows(jol, broadcast_id) == len(recipients)

    # Within the retention period nothing is deleted.
    retention = jol.settings.broadcast_rows_retention_days
    await _end_days_ago(jol, broadcast_id, retention - 1)
    assert await prune_broadcast_rows(jol.sessionmaker, jol.settings) == 0
    assert await _rows(jol, broadcast_id) == len(recipients)

    await _end_days_ago(jol, broadcast_id, retention + 1)
    assert await prune_broadcast_rows(jol.sessionmaker, jol.settings) == len(recipients)
    assert await _rows(jol, broadcast_id) == 0
    assert await prune_broadcast_rows(jol.sessionmaker, jol.settings) == 0  # nothing left
    row = await broadcast_row(jol, broadcast_id)
    assert (row.status, row.sent) == ("done", len(recipients))
    assert await _card(jol, author, broadcast_id) == before


class TestCancelledBroadcast:
    @pytest.fixture
    def settings(self, db_url: str) -> Settings:
        # A slow pace (2 a second for 40 people: about 20 s of sending) keeps the broadcast
        # running while the author taps Cancel, however busy the machine is; at the default
        # pace a small broadcast could finish first and the test would see `done`.
        return make_settings(db_url, send_rate_per_second=2)

    async def test_a_cancelled_broadcast_keeps_what_it_had_sent(self, jol: Harness) -> None:
        t = tr(jol, "en")
        author, _, broadcast_id = await russian_draft(jol, 40, "Отменённая старая")
        await send_now(jol, author, broadcast_id)

        await wait_for(lambda: _rows(jol, broadcast_id, "sent"))
        await jol.click(author, t("broadcast-btn-cancel"))
        await jol.click(author, t("broadcast-btn-cancel-yes"))

        async def settled() -> bool:
            return await _rows(jol, broadcast_id, "pending", "sending", "held") == 0

        await wait_for(settled, timeout=10)

        # Sends that were on the wire at the cancel land after it; the stored figures (what
        # the history list shows) catch up with them.
        async def stored_is_exact() -> bool:
            sent = await _rows(jol, broadcast_id, "sent")
            row = await broadcast_row(jol, broadcast_id)
            return row.sent == sent and row.skipped == row.total - row.sent

        await wait_for(stored_is_exact, timeout=10)
        before = await _card(jol, author, broadcast_id)
        await _end_days_ago(jol, broadcast_id, jol.settings.broadcast_rows_retention_days + 1)
        assert await prune_broadcast_rows(jol.sessionmaker, jol.settings) > 0
        assert await _rows(jol, broadcast_id) == 0
        row = await broadcast_row(jol, broadcast_id)
        assert row.status == "cancelled" and row.sent > 0
        assert await _card(jol, author, broadcast_id) == before
