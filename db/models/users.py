"""People who talk to the bot, and the roles some of them hold."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.types import utcnow


class User(Base):
    """One Telegram user. Before consent only `id`, `locale` and timestamps are stored.

    The user's Telegram name and username are deliberately never stored: Jol greets people with
    the name Telegram sends in each update, and asks for a name only where a booking needs one.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[datetime | None]
    consent_declined_at: Mapped[datetime | None]
    situation: Mapped[str | None] = mapped_column(String(16))
    destination: Mapped[str | None] = mapped_column(String(16))
    departure_date: Mapped[date | None]
    arrival_date: Mapped[date | None]
    return_date: Mapped[date | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    onboarded_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    news_enabled: Mapped[bool] = mapped_column(default=True)
    reminders_paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    roles: Mapped[list[UserRole]] = relationship(
        primaryjoin="User.id == foreign(UserRole.user_id)",
        lazy="selectin",
        viewonly=True,
    )

    @property
    def has_consented(self) -> bool:
        return self.consent_at is not None

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class UserRole(Base):
    """A role granted to a Telegram id. Kept apart from `users` so an admin can grant a role to
    a colleague before that colleague has opened the bot."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["User", "UserRole"]
