"""The command menu, per language (`setMyCommands` with `language_code`) and per chat."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import Catalog, Translator
from domain.roles import Role, has_role

USER_COMMANDS = (
    "start", "menu", "guides", "sos", "search", "check", "agency", "mybookings",
    "reminders", "ask", "settings", "language", "privacy", "mydata", "deletemydata",
    "cancel", "help",
)  # fmt: skip
# Consultants: staff and coordinators both answer questions and watch the content.
CONSULTANT_COMMANDS = ("cases", "content_gaps", "content_status", "reload_content", "check_stats")
STAFF_COMMANDS = ("broadcast", "broadcasts", "import_agencies", "content_checked")
COORDINATOR_COMMANDS = ("bookings", "bookings_csv", "hours", "stats")
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


async def set_chat_commands(bot: Bot, chat_id: int, t: Translator, roles: set[str]) -> None:
    """The menu in the language the person chose (Telegram's own would follow the phone's UI
    language), with staff commands for staff. Best effort: the menu is a convenience."""
    with contextlib.suppress(TelegramAPIError):
        await bot.set_my_commands(
            commands_for(t, roles), scope=BotCommandScopeChat(chat_id=chat_id)
        )
