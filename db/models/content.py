"""Checks of guide sections and emergency cards by a named staff member of the Center.

The YAML says what the text is and the month of its sources (``as_of``); this table says who
at the Center compared it with the official page, and when. The newest row per key wins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
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
