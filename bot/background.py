"""Background work that runs beside update handling (outbox sender, scheduled jobs).

`start_background` is called once per process after migrations; `Background.stop()` drains it
on shutdown. Features add their jobs in `start_background`.
"""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog


class Background:
    async def stop(self) -> None:
        return None


async def start_background(
    bot: Bot,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
) -> Background:
    return Background()
