"""The staff console's sign-in: one-time links sent by the bot, and the browser sessions they
open (handlers/console). Only hashes of the secrets are stored: a copy of the database signs
nobody in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class ConsoleLoginToken(Base):
    """A `/console` link: valid for minutes, spent by the first sign-in (a POST, so a link
    preview that fetches the page cannot spend it), bound to the person it was sent to."""

    __tablename__ = "console_login_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in browser. It ends when idle too long, on sign-out, or when the role goes."""

    __tablename__ = "console_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # The form token of this session (CSRF): random, compared on every POST.
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


__all__ = ["ConsoleLoginToken", "ConsoleSession"]
