"""Groups and supergroups the bot answered in: when each last got the generic notice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class GroupNotice(Base):
    """One row per group chat: the last "write to me in a private chat" posted there.

    No personal data: the key is the id of a group chat (negative in Telegram), never a person,
    and nothing says who typed the command. So it has no `PERSONAL_DATA` declaration and
    /deletemydata has nothing to erase here.
    """

    __tablename__ = "group_notices"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    noticed_at: Mapped[datetime]
