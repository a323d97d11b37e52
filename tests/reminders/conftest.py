"""Helpers for reminder tests: people with consent and dates, written straight to the DB."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import OutboxMessage, User
from db.queries.users import ensure_user, record_consent, update_profile


async def make_person(
    sessionmaker: async_sessionmaker[AsyncSession],
    user_id: int,
    *,
    locale: str = "ru",
    consent: bool = True,
    **profile: Any,
) -> None:
    async with sessionmaker() as session, session.begin():
        user = await ensure_user(session, user_id, locale)
        if consent:
            await record_consent(session, user, True)
        if profile:
            await update_profile(session, user, **profile)


async def change(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, **fields: Any
) -> None:
    async with sessionmaker() as session, session.begin():
        user = await session.get(User, user_id)
        assert user is not None
        await update_profile(session, user, **fields)


async def reminders_of(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, status: str | None = "pending"
) -> list[OutboxMessage]:
    async with sessionmaker() as session:
        stmt = select(OutboxMessage).where(
            OutboxMessage.chat_id == user_id, OutboxMessage.purpose == "reminder"
        )
        if status is not None:
            stmt = stmt.where(OutboxMessage.status == status)
        return list(await session.scalars(stmt.order_by(OutboxMessage.due_at)))
