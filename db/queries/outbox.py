"""Enqueue messages for the sender worker. Call inside the transaction of the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import OutboxMessage, OutboxStatus
from db.types import utcnow
from db.upsert import upsert


async def enqueue(
    session: AsyncSession,
    chat_id: int,
    text: str,
    *,
    purpose: str = "notice",
    due_at: datetime | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
    ref: str | None = None,
    dedupe_key: str | None = None,
    payload: dict[str, Any] | None = None,
    kind: str = "text",
    expires_at: datetime | None = None,
    subject_user_id: int | None = None,
) -> None:
    """Queue one message. `text` is final Telegram HTML in the recipient's language.

    With `dedupe_key`, a second enqueue of the same key does nothing (idempotent reminders).
    With `expires_at`, a message not delivered by then is dropped instead of arriving late.
    A message to someone else about a person (a staff alert) names them in `subject_user_id`,
    so that erasing the person erases it too.
    """
    data = dict(payload or {})
    if reply_markup is not None:
        data["reply_markup"] = reply_markup.model_dump(mode="json", exclude_none=True)
    values = {
        "chat_id": chat_id,
        "kind": kind,
        "text": text,
        "payload": data,
        "purpose": purpose,
        "ref": ref,
        "dedupe_key": dedupe_key,
        "status": OutboxStatus.PENDING,
        "due_at": due_at or utcnow(),
        "attempts": 0,
        "expires_at": expires_at,
        "subject_user_id": subject_user_id,
        "created_at": utcnow(),
    }
    if dedupe_key is None:
        session.add(OutboxMessage(**values))
        await session.flush()
    else:
        await upsert(session, OutboxMessage, values, conflict=["dedupe_key"], update=[])


async def cancel_by_ref(session: AsyncSession, ref: str) -> int:
    """Drop pending messages about something that no longer holds (a cancelled booking)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.ref == ref, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.DROPPED, last_error="cancelled")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def pending_for_chat(session: AsyncSession, chat_id: int) -> list[OutboxMessage]:
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
        .order_by(OutboxMessage.due_at)
    )
    return list(rows)
