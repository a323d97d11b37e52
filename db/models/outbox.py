"""Messages the bot sends on its own initiative (reminders, notices, broadcasts, replies from
consultants). A row is written in the same transaction as the change that caused it, and the
sender worker delivers it — so nothing is sent for a change that rolled back, and nothing is
lost when the process dies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String, Text
from sqlalchemy import text as sql_text  # `text` is a column below
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


def _first_due(context: DefaultExecutionContext) -> datetime:
    """`due_at` as inserted (bulk inserts too: evaluated per row)."""
    due = context.get_current_parameters().get("due_at")
    return due if isinstance(due, datetime) else utcnow()


class OutboxStatus:
    PENDING = "pending"  # waiting for due_at
    SENDING = "sending"  # claimed by a sender until locked_until
    SENT = "sent"
    DEAD = "dead"  # gave up; last_error says why
    DROPPED = "dropped"  # recipient blocked the bot / erased their data / cancelled


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # The person a message to someone else is about (a staff alert with their name, phone or
    # question): /deletemydata deletes these rows with the person's own.
    subject_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # What to send: "text" (text + optional reply_markup) or "document" (payload has file_id or
    # bytes reference). Rendered in the recipient's language before it is stored.
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Why it is sent: "reminder", "booking", "broadcast", "case", ... (for stats and erasure).
    purpose: Mapped[str] = mapped_column(String(32), default="notice")
    # Optional link back to the thing that caused it, e.g. "booking:42", "broadcast:7".
    ref: Mapped[str | None] = mapped_column(String(64), index=True)
    # Unique when set: enqueueing the same reminder twice is a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The row's place in its chat's queue: when it was first due. A retry, a deferral or a
    # take-over moves `due_at`, never this, so a row pushed back keeps its place, and nothing
    # queued after it for the same chat is claimed before it is done (outbox_claim.claim_due).
    first_due_at: Mapped[datetime] = mapped_column(default=_first_due)
    # Past this time a row in "sending" is considered abandoned by a dead process.
    locked_until: Mapped[datetime | None]
    # Which claim holds the row while "sending": a sender only finalises rows it still holds,
    # so a row whose lease ran out and was claimed again is never finalised twice.
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    # Past this time the message is no longer worth sending (a reminder about a date that has
    # passed, or one that would now arrive in quiet hours): it is dropped as "expired".
    expires_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        # The claim asks, per candidate row, whether an earlier row of its chat is still
        # waiting or being sent: only those rows are indexed, not a chat's sent history.
        Index(
            "ix_outbox_chat_queue",
            "chat_id",
            "first_due_at",
            "id",
            postgresql_where=sql_text("status IN ('pending', 'sending')"),
            sqlite_where=sql_text("status IN ('pending', 'sending')"),
        ),
    )
