"""Ask the Center: cases (one conversation between a person and the Center), their messages in
order, and which consultants are on duty."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class Case(Base):
    """A person's question and everything said about it.

    At most one open case per person (a partial unique index): the person's free text goes to
    "their" case without asking which one, and a double tap cannot open two.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    topic: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new")
    urgent: Mapped[bool] = mapped_column(default=False)
    # Copied from the profile when the case opens: consultants answer in this language, and the
    # content-gap report counts by destination even after the profile changes.
    locale: Mapped[str] = mapped_column(String(16))
    destination: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="menu")
    # Set when the person agreed to share this case only (no general consent in their profile).
    consent_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # When the ball last came to the Center's side: the queue's "waiting since".
    waiting_since: Mapped[datetime] = mapped_column(default=utcnow)
    last_person_at: Mapped[datetime | None]
    last_staff_at: Mapped[datetime | None]
    person_acked_at: Mapped[datetime | None]
    # How many answers the Center gave: one "new message" ping to the assignee per round.
    staff_rounds: Mapped[int] = mapped_column(default=0)
    # Forum mode (STAFF_CHAT_ID is a supergroup with topics): the case's topic there.
    forum_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    forum_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    # The topic is created after commit by one process (handlers/ask/forum.py): it claims the
    # case until `forum_claimed_until`; after a refusal the claim holds the next attempt back.
    forum_claim: Mapped[str | None] = mapped_column(String(32))
    forum_claimed_until: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[int | None] = mapped_column(BigInteger)
    close_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index(
            "uq_cases_one_open_per_user",
            "user_id",
            unique=True,
            postgresql_where=text("status <> 'closed'"),
            sqlite_where=text("status <> 'closed'"),
        ),
        Index("ix_cases_status_waiting_since", "status", "waiting_since"),
        Index("ix_cases_forum", "forum_chat_id", "forum_thread_id"),
    )


class CaseMessage(Base):
    """One message in a case, in arrival order (the id). Media are kept as Telegram file ids
    plus the original chat/message, so consultants can see them again (copyMessage first, the
    file id if the original was deleted)."""

    __tablename__ = "case_messages"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(16))  # person | staff | system
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    # text | photo | document | voice | audio | video | video_note | sticker | location | other
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str | None] = mapped_column(Text)  # the text, or a media caption
    file_id: Mapped[str | None] = mapped_column(String(256))
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Staff replies: the outbox row that delivers it (unique key "case-msg:<id>").
    delivery_key: Mapped[str | None] = mapped_column(String(64))
    # When a consultant was told that delivery failed (so they are told once).
    failure_reported_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseAgent(Base):
    """A consultant's duty switch. Urgent cases alert everyone on duty; if nobody is, every
    consultant — an urgent question must never wait for someone to look."""

    __tablename__ = "case_agents"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    on_duty: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


__all__ = ["Case", "CaseAgent", "CaseMessage"]
