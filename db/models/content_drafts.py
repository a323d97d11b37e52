"""The guide editor's working copy: what staff changed and have not published yet.

A draft holds only the documents it changed (file name -> YAML text) over the release it
started from, so publishing it never undoes a document someone else published meanwhile. The
Center has one shared working copy at a time: `open_slot` is 1 while a draft is open and NULL
afterwards, and its unique index lets the database refuse a second open draft.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntPK, utcnow


class DraftStatus:
    OPEN = "open"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class ContentDraft(Base):
    __tablename__ = "content_drafts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    # 1 while open, NULL once published or discarded: at most one open draft (unique index).
    open_slot: Mapped[int | None] = mapped_column(Integer, unique=True)
    status: Mapped[str] = mapped_column(String(16), default=DraftStatus.OPEN)
    # The release the changes were made over (None: the seed files) and its version.
    base_release_id: Mapped[int | None] = mapped_column(BigInteger)
    base_version: Mapped[str] = mapped_column(String(32))
    # Only the changed documents: file name (content/library.py) -> YAML text.
    documents: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    # Staff members' Telegram ids (None once erased by /deletemydata).
    created_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    updated_by: Mapped[int | None] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The release it became when published.
    release_id: Mapped[int | None] = mapped_column(BigInteger)
