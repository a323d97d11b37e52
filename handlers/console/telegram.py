"""The console's commands in the bot: /console sends a one-time sign-in link, /stats the main
charts as one image (for coordinators on their phones)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import allowed
from bot.config import Settings
from bot.i18n import Translator
from db.queries import console as q
from domain.roles import Role


def login_url(settings: Settings, token: str) -> str:
    return f"{settings.console_url}/login/{token}"


async def cmd_console(
    message: Message,
    t: Translator,
    session: AsyncSession,
    roles: set[str],
    settings: Settings,
) -> None:
    if not await allowed(message, roles, t, session, "console", Role.STAFF, Role.COORDINATOR):
        return
    assert message.from_user is not None
    token = await q.issue_link_token(session, message.from_user.id)
    minutes = int(q.LINK_VALID.total_seconds() // 60)
    await message.answer(
        t("console-link", url=login_url(settings, token), minutes=minutes),
        disable_web_page_preview=True,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_console, Command("console"))
    return router


__all__ = ["build_router", "login_url"]
