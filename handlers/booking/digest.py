"""The bookings section of the coordinators' daily digest (bot/workers/digest.py)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.features import DigestWindow
from bot.i18n import Translator
from db.queries.booking import digest_lines
from handlers.booking.render import service_name, services


async def compose_bookings(
    session: AsyncSession, t: Translator, window: DigestWindow
) -> str | None:
    names = {info.key: service_name(t, info) for info in services().services}
    lines = await digest_lines(session, t, window.start, window.end, names)
    return "\n".join(lines) if lines else None
