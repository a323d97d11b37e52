"""The command menu, per language (`setMyCommands` with `language_code`) and per chat."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Catalog, Translator
from db.models import User, UserRole
from domain.roles import Role, has_role

USER_COMMANDS = (
    "start", "menu", "guides", "sos", "search", "check", "agency", "mybookings",
    "reminders", "ask", "settings", "language", "privacy", "mydata", "deletemydata",
    "cancel", "help",
)  # fmt: skip
# Consultants: staff and coordinators both answer questions and watch the content.
CONSULTANT_COMMANDS = (
    "cases", "content_gaps", "content_status", "reload_content", "check_stats", "console",
    "stats",
)  # fmt: skip
STAFF_COMMANDS = ("broadcast", "broadcasts", "import_agencies", "content_checked")
COORDINATOR_COMMANDS = ("bookings", "bookings_csv", "hours")
ADMIN_COMMANDS = ("roles", "grant", "revoke")


def commands_for(t: Translator, roles: set[str]) -> list[BotCommand]:
    """The menu a person sees: everyone's commands, then those of each role they hold."""
    names = list(USER_COMMANDS)
    if has_role(roles, Role.STAFF, Role.COORDINATOR):
        names += CONSULTANT_COMMANDS
    if has_role(roles, Role.STAFF):
        names += STAFF_COMMANDS
    if has_role(roles, Role.COORDINATOR):
        names += COORDINATOR_COMMANDS
    if has_role(roles, Role.ADMIN):
        names += ADMIN_COMMANDS
    return [BotCommand(command=n, description=t(f"cmd-{n.replace('_', '-')}")) for n in names]


async def set_default_commands(bot: Bot, catalog: Catalog, default_locale: str) -> None:
    for locale in ("ky", "ru", "en"):
        await bot.set_my_commands(
            commands_for(catalog.translator(locale), set()),
            scope=BotCommandScopeDefault(),
            language_code=locale,
        )
    # Clients in any other language see the default locale's menu.
    await bot.set_my_commands(
        commands_for(catalog.translator(default_locale), set()), scope=BotCommandScopeDefault()
    )


async def set_staff_commands(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    admin_ids: Sequence[int],
    default_locale: str,
) -> int:
    """At start-up: the menu of everyone who holds a role (granted in `user_roles`, or an
    admin through ADMIN_IDS), in their language, so staff see their tools before they ever
    open the bot's menu. Returns how many chats got one."""
    async with sessionmaker() as session:
        granted = (await session.execute(select(UserRole.user_id, UserRole.role))).all()
        held: dict[int, set[str]] = {}
        for user_id, role in granted:
            held.setdefault(user_id, set()).add(role)
        for admin_id in admin_ids:
            held.setdefault(admin_id, set()).add(Role.ADMIN)
        rows = await session.execute(select(User.id, User.locale).where(User.id.in_(held)))
        locales = {user_id: locale for user_id, locale in rows.all()}
    for chat_id, roles in sorted(held.items()):
        t = catalog.translator(locales.get(chat_id) or default_locale)
        await set_chat_commands(bot, chat_id, t, roles)
    return len(held)


async def clear_chat_commands(bot: Bot, chat_id: int) -> None:
    """Back to the menu everyone gets in their Telegram language (after the last role is
    revoked from someone who never chose a language in the bot)."""
    with contextlib.suppress(TelegramAPIError):
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=chat_id))


async def set_chat_commands(bot: Bot, chat_id: int, t: Translator, roles: set[str]) -> None:
    """The menu in the language the person chose (Telegram's own would follow the phone's UI
    language), with staff commands for staff. Best effort: the menu is a convenience."""
    with contextlib.suppress(TelegramAPIError):
        await bot.set_my_commands(
            commands_for(t, roles), scope=BotCommandScopeChat(chat_id=chat_id)
        )
