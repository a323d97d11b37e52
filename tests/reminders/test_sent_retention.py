"""Settled outbox rows that are not broadcasts lose their text after OUTBOX_SENT_RETENTION_DAYS;
what stops a reminder being planned again stays, as a record without text."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.workers.retention import prune_sent_outbox
from db.models import OutboxMessage
from db.queries.outbox import enqueue
from handlers.reminders.jobs import plan_pending
from tests.reminders.conftest import change, reminders_of
from tests.reminders.helpers import ctx, local_noon_today, plan_korea_leaver

SM = async_sessionmaker[AsyncSession]


async def test_a_pruned_reminder_is_not_planned_again(
    sessionmaker: SM, settings: Settings
) -> None:
    now, _ = await plan_korea_leaver(sessionmaker, settings, 611)
    planned = await reminders_of(sessionmaker, 611)
    first = planned[0]
    campaign = first.payload["campaign"]
    sent_at = now - timedelta(days=settings.outbox_sent_retention_days + 1)
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == first.id)
            .values(status="sent", sent_at=sent_at)
        )
    assert await prune_sent_outbox(sessionmaker, settings, now=now) == (0, 1)
    async with sessionmaker() as session:
        kept = await session.get(OutboxMessage, first.id)
    assert kept is not None and (kept.text, kept.payload) == ("", {})
    assert (kept.status, kept.dedupe_key) == ("sent", first.dedupe_key)

    await change(sessionmaker, 611, timezone="Asia/Almaty")  # re-plan with the same date
    await plan_pending(sessionmaker, ctx(settings), now=now)
    pending = await reminders_of(sessionmaker, 611)
    assert campaign not in {r.payload["campaign"] for r in pending}
    assert len(await reminders_of(sessionmaker, 611, status=None)) == len(planned)


async def test_old_settled_rows_lose_their_text_and_nothing_else_changes(
    sessionmaker: SM, settings: Settings
) -> None:
    now = local_noon_today()
    long_ago = now - timedelta(days=settings.outbox_sent_retention_days + 1)
    recently = now - timedelta(days=1)
    async with sessionmaker() as session, session.begin():
        for text, purpose, status, due, key in (
            ("🆕 New booking · Aida · +996700123456", "booking-staff", "sent", long_ago, None),
            ("📥 New case: my passport", "case", "dead", long_ago, "case-new:1:5"),
            ("recent alert", "booking-staff", "sent", recently, None),
            ("still waiting", "booking", "pending", long_ago, None),
            ("news for everyone", "broadcast", "sent", long_ago, None),
        ):
            await enqueue(session, 5, text, purpose=purpose, due_at=due, dedupe_key=key)
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.text == text).values(status=status)
            )
    assert await prune_sent_outbox(sessionmaker, settings, now=now) == (1, 1)
    async with sessionmaker() as session:
        left = {
            (r.purpose, r.status): r.text
            for r in await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        }
    assert left == {
        ("case", "dead"): "",
        ("booking-staff", "sent"): "recent alert",
        ("booking", "pending"): "still waiting",
        ("broadcast", "sent"): "news for everyone",  # broadcasts have their own retention
    }
