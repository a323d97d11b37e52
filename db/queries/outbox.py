"""Enqueue messages for the sender worker. Call inside the transaction of the change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.outbox import OutboxMessage, OutboxStatus
from db.types import utcnow
from db.upsert import upsert


@dataclass(frozen=True, slots=True)
class Receipt:
    """Whom to tell what became of a message, so nobody is told "delivered" before it is.

    Stored in the row's payload; the outbox worker queues `sent` once the row is delivered and
    `failed` once it is dead or dropped (each at most once per `key`). Texts are final HTML in
    the receiver's language; None says nothing for that outcome.
    """

    chat_id: int
    key: str
    sent: str | None = None
    failed: str | None = None
    thread_id: int | None = None
    reply_markup: dict[str, Any] | None = None


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
    receipt: Receipt | None = None,
) -> None:
    """Queue one message. `text` is final Telegram HTML in the recipient's language.

    With `dedupe_key`, a second enqueue of the same key does nothing (idempotent reminders).
    With `expires_at`, a message not delivered by then is dropped instead of arriving late.
    A message to someone else about a person (a staff alert) names them in `subject_user_id`,
    so that erasing the person erases it too.
    With `receipt`, someone is told once the message is delivered or has failed.
    """
    data = dict(payload or {})
    if receipt is not None:
        data["receipt"] = asdict(receipt)
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


async def enqueue_parts(
    session: AsyncSession,
    chat_id: int,
    parts: Sequence[str],
    *,
    dedupe_key: str,
    reply_markup: InlineKeyboardMarkup | None = None,
    receipt: Receipt | None = None,
    purpose: str = "notice",
    ref: str | None = None,
) -> None:
    """Queue a text that was split into parts (`bot.ui.framed`), to arrive in order.

    The last part carries the buttons and `dedupe_key` itself, so the delivery state of
    `dedupe_key` is that of the whole text (one chat's rows are sent in order). Every part
    reports a failure; only the last one reports delivery.
    """
    start = utcnow()
    total = len(parts)
    for index, part in enumerate(parts, start=1):
        last = index == total
        part_receipt = receipt
        if receipt is not None and not last:
            part_receipt = Receipt(
                chat_id=receipt.chat_id,
                key=receipt.key,
                failed=receipt.failed,
                thread_id=receipt.thread_id,
                reply_markup=receipt.reply_markup,
            )
        await enqueue(
            session,
            chat_id,
            part,
            purpose=purpose,
            # Distinct due times keep the parts in order on every database.
            due_at=start + timedelta(microseconds=index),
            reply_markup=reply_markup if last else None,
            ref=ref,
            dedupe_key=dedupe_key if last else f"{dedupe_key}:{index}/{total}",
            receipt=part_receipt,
        )


async def enqueue_receipts(
    session: AsyncSession, outcomes: Sequence[tuple[dict[str, Any], bool]]
) -> None:
    """Queue the receipts of finished rows: (the row's stored receipt, delivered or not)."""
    for stored, delivered in outcomes:
        text = stored.get("sent") if delivered else stored.get("failed")
        if not text:
            continue
        markup = stored.get("reply_markup")
        payload: dict[str, Any] = {}
        if stored.get("thread_id") is not None:
            payload["message_thread_id"] = stored["thread_id"]
        if markup:
            payload["reply_markup"] = markup
        await enqueue(
            session,
            int(stored["chat_id"]),
            text,
            purpose="receipt",
            payload=payload,
            dedupe_key=f"receipt:{stored['key']}:{'sent' if delivered else 'failed'}",
        )


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
