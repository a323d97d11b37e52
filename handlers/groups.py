"""Groups and supergroups the bot was added to: nothing personal is ever shown there.

Every personal router only answers in private chats (`handlers/__init__.py`). What reaches
this router from a group is answered generically: a command gets at most one short "write to
me in a private chat" per chat per minute (a button opens the private chat through a deep
link), and a button pressed in a group gets an alert and does nothing.

The minute is kept in the database (table `group_notices`, one row per group) rather than in
Redis: the database is there in every deployment, Redis only in some, and the claim is one
upsert in the update's own transaction, so two instances (or one restarted) answer once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters import ChatScope
from bot.i18n import Translator
from db.models import User
from db.queries.groups import claim_group_notice
from db.types import utcnow
from handlers.menu import main_menu_kb, menu_text

DEEP_LINK = "private"  # t.me/<bot>?start=private
QUIET_FOR = timedelta(minutes=1)


async def private_chat_kb(bot: Bot, t: Translator) -> InlineKeyboardMarkup:
    me = await bot.me()  # aiogram caches getMe for the Bot's lifetime
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("groups-open-private"), url=f"https://t.me/{me.username}?start={DEEP_LINK}"
    )
    return builder.as_markup()


async def on_group_command(
    message: Message, bot: Bot, t: Translator, session: AsyncSession
) -> None:
    # The quiet minute is kept in the database, not in the process: every instance of a
    # cluster, and a restarted one, sees the same last notice (db/queries/groups.py).
    if not await claim_group_notice(session, message.chat.id, now=utcnow(), quiet_for=QUIET_FOR):
        return
    await message.answer(t("groups-private-only"), reply_markup=await private_chat_kb(bot, t))


async def on_group_button(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("groups-button-private-only"), show_alert=True)


def build_router() -> Router:
    """A fresh router per dispatcher (two instances in one process each get their own)."""
    router = Router(name=__name__)
    # Messages only from groups (all the staff group's end in the forum router); buttons from
    # anywhere no other router took them, so every press gets an answer.
    router.message.filter(ChatScope("group"))
    router.message.register(on_group_command, F.text.startswith("/") | F.caption.startswith("/"))
    router.callback_query.register(on_group_button)
    return router


async def open_from_group(message: Message, _argument: str, data: dict[str, Any]) -> bool:
    """The deep link of the group notice: the person lands on the main menu."""
    t: Translator = data["t"]
    user: User | None = data.get("user")
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))
    return True
