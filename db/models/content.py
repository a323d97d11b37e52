"""Checks of guide sections and emergency cards by a named staff member of the Center.

The YAML says what the text is and the month of its sources (``as_of``); this table says who
at the Center compared it with the official page, and when. The newest row per key wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class ContentCheck(Base):
    __tablename__ = "content_checks"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # ``russia/entry_ban`` or ``sos/russia`` (content.model.check_key)
    key: Mapped[str] = mapped_column(String(64), index=True)
    # Who checked: the staff member's Telegram id and the name shown to colleagues.
    checked_by_id: Mapped[int | None] = mapped_column(BigInteger)
    checked_by_name: Mapped[str] = mapped_column(String(128))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Content version the check was made against (content.ContentStore.version).
    content_version: Mapped[str] = mapped_column(String(16))
    # Hash of the section's (card's) texts as checked: a later edit of the text makes the
    # check stale (content.model.text_hash). None for checks recorded before it was kept.
    text_hash: Mapped[str | None] = mapped_column(String(16))


class ContentRelease(Base):
    """A published content library: every instance serves the newest one (bot/runtime.py).

    The documents are the library's YAML texts by file name (content/library.py); a release is
    never changed, a new one is published instead, so the history shows who published what.
    """

    __tablename__ = "content_releases"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The staff member who published it (None: the seed files, or erased by /deletemydata).
    created_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[str] = mapped_column(String(32))
