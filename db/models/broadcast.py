"""Staff broadcasts. One row per broadcast; each recipient's delivery is an outbox row with
ref "broadcast:<id>" and dedupe key "bc:<id>:<user>", so the outbox is the per-person record
(status, time sent, Telegram's error) and nobody can be queued twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # Staff ids; NULL once that staff member erased their data (the broadcast stays).
    author_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")

    # Content: "each" (texts keyed by locale) or "one" (texts["all"] for everybody).
    mode: Mapped[str] = mapped_column(String(8), default="each")
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    media_kind: Mapped[str | None] = mapped_column(String(16))  # photo | document
    media_file_id: Mapped[str | None] = mapped_column(String(256))

    # Audience (domain.broadcast.Segment as JSON) and when to send (None: at once).
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    send_at: Mapped[datetime | None]
    # Recipients when submitted, then when started (the audience is fixed at start: people
    # who joined later are not included).
    total: Mapped[int] = mapped_column(default=0)

    # Approval: bumped on every submission so each request gets fresh notice dedupe keys.
    submissions: Mapped[int] = mapped_column(default=0)
    approved_by: Mapped[int | None] = mapped_column(BigInteger)
    approved_at: Mapped[datetime | None]
    rejected_by: Mapped[int | None] = mapped_column(BigInteger)

    # Feeding: recipients are taken in user id order; `cursor` is the last id fed, written in
    # the same transaction as their outbox rows, so a restart continues exactly there.
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    exhausted: Mapped[bool] = mapped_column(default=False)

    # The live progress message in the author's chat.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_at: Mapped[datetime | None]

    # Final figures, written once when the broadcast is done or cancelled (history reads
    # these instead of counting outbox rows again).
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    blocked: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    retried: Mapped[int] = mapped_column(default=0)
    # People who turned news off with the button under this broadcast (minus those who
    # turned it back on there): a count, not who, so nothing personal is kept.
    news_off: Mapped[int] = mapped_column(default=0)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_broadcasts_status", "status"),)


__all__ = ["Broadcast"]
