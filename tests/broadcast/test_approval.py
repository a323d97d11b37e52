"""Scheduled sending (Bishkek time) and second-person approval above the threshold."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from db.models import AuditEvent
from db.models.broadcast import Broadcast
from db.types import utcnow
from tests.broadcast.helpers import (
    broadcast_messages,
    broadcast_row,
    compose,
    people,
    russian_draft,
    send_now,
    staff,
    tr,
    wait_for,
    wait_status,
)
from tests.harness import Harness

THRESHOLD = 3


@pytest.fixture
def setting_overrides() -> dict[str, Any]:
    return {"broadcast_approval_threshold": THRESHOLD}


async def test_scheduled_in_bishkek_time_then_sent(jol: Harness) -> None:
    t = tr(jol, "en")
    author, recipients, broadcast_id = await russian_draft(jol, 2, "Запланированное объявление")
    await jol.click(author, t("broadcast-btn-when"))
    await jol.send(author, "25:99")
    await jol.reply_containing(author, "could not read that time")
    local = (utcnow() + timedelta(hours=2)).astimezone(jol.settings.tz)
    await jol.send(author, local.strftime("%d.%m.%Y %H:%M"))
    hub = await jol.reply_containing(author, "Bishkek time")
    assert local.strftime("%d.%m.%Y %H:%M") in (hub.text or "")
    await send_now(jol, author, broadcast_id)
    row = await broadcast_row(jol, broadcast_id)
    assert row.status == "scheduled" and row.send_at is not None
    assert abs((row.send_at - (utcnow() + timedelta(hours=2))).total_seconds()) < 120
    assert not await broadcast_messages(jol, recipients[0], "Запланированное")

    # Time passes (moved in the database: the worker compares with the real clock).
    async with jol.session() as session:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id)
            .values(send_at=utcnow() - timedelta(seconds=1))
        )
    row = await wait_status(jol, broadcast_id, "done")
    assert row.sent == 2
    for uid in recipients:
        assert len(await broadcast_messages(jol, uid, "Запланированное")) == 1
    # The worker opened a progress message in the author's chat when it started.
    await jol.reply(
        author, lambda m: f"#{broadcast_id}" in (m.text or "") and "finished" in m.text
    )


async def test_large_audience_needs_another_staff_member(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    approver = await staff(jol, "ru")
    recipients = await people(jol, THRESHOLD + 1, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Большая рассылка"})
    await jol.click(author, callback_data=f"bc:send:{broadcast_id}:")
    confirm = await jol.last(author)
    assert "another staff member" in (confirm.text or "")
    await jol.click(author, t("broadcast-btn-confirm", approval="yes"))
    row = await broadcast_row(jol, broadcast_id)
    assert row.status == "approval"

    # The author cannot approve their own broadcast, even with a forged button.
    pressed = await jol.forge_click(author, f"bc:ok:{broadcast_id}:")
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    assert "not the author" in answer["text"]
    assert (await broadcast_row(jol, broadcast_id)).status == "approval"

    # The other staff member gets the request (through the outbox), previews, approves.
    ru = tr(jol, "ru")
    (request,) = await wait_for(lambda: broadcast_messages(jol, approver, "ждёт одобрения"))
    assert f"№{broadcast_id}" in (request.text or "")
    await jol.click(approver, ru("broadcast-btn-preview"), message_id=request.message_id)
    await jol.reply(approver, lambda m: m.text == "Большая рассылка")
    await jol.click(approver, ru("broadcast-btn-approve"), message_id=request.message_id)
    row = await wait_status(jol, broadcast_id, "done")
    assert row.approved_by == approver and row.sent == len(recipients)
    assert await wait_for(lambda: broadcast_messages(jol, author, "was approved"))
    async with jol.session() as session:
        trail = list(
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.target == f"broadcast:{broadcast_id}")
                .order_by(AuditEvent.id)
            )
        )
    actions = [(e.action, e.actor_id) for e in trail]
    assert ("broadcast.approve", approver) in actions
    assert ("broadcast.submit", author) in actions and ("broadcast.finish", None) in actions

    # /broadcasts shows who approved it.
    await jol.send(author, "/broadcasts")
    listing = await jol.reply_containing(author, "Broadcasts")
    assert f"#{broadcast_id}" in (listing.text or "") and "finished" in (listing.text or "")
    await jol.click(author, callback_data=f"bc:card:{broadcast_id}:")
    card = await jol.last(author)
    assert f"Approved by: {approver}" in (card.text or "")
    assert "approved" in (card.text or "") and "the bot" in (card.text or "")


async def test_sent_back_returns_to_draft_and_tells_the_author(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    approver = await staff(jol)
    await people(jol, THRESHOLD + 1, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Спорная рассылка"})
    await jol.click(author, callback_data=f"bc:send:{broadcast_id}:")
    await jol.click(author, t("broadcast-btn-confirm", approval="yes"))
    (request,) = await wait_for(lambda: broadcast_messages(jol, approver, "needs approval"))
    await jol.click(approver, t("broadcast-btn-reject"), message_id=request.message_id)
    row = await broadcast_row(jol, broadcast_id)
    assert row.status == "draft" and row.rejected_by == approver
    assert await wait_for(lambda: broadcast_messages(jol, author, "sent back"))
    # Approving it anyway (an old button, a forged one) does nothing: it is a draft again.
    pressed = await jol.forge_click(approver, f"bc:ok:{broadcast_id}:", request.message_id)
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    assert answer["show_alert"] and (await broadcast_row(jol, broadcast_id)).status == "draft"
