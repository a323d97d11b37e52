"""Groups and supergroups the bot was added to: nothing personal is ever shown there.

Every personal router only answers in private chats (`handlers/__init__.py`). What reaches
this router from a group is answered generically: a command gets at most one short "write to
me in a private chat" per chat per minute (a button opens the private chat through a deep
link), and a button pressed in a group gets an alert and does nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.filters import ChatScope
from bot.i18n import Translator
from db.models import User
from db.types import utcnow
from handlers.menu import main_menu_kb, menu_text

router = Router(name=__name__)
# Messages only from groups (all the staff group's end in the forum router); buttons from
# anywhere no other router took them, so every press gets an answer.
router.message.filter(ChatScope("group"))

DEEP_LINK = "private"  # t.me/<bot>?start=private
QUIET_FOR = timedelta(minutes=1)


class OncePerChat:
    """At most one notice per chat per `window`. Kept in the process: at worst each instance
    of a cluster answers once, which is still no flood and reveals nothing."""

    def __init__(self, window: timedelta, capacity: int = 10_000) -> None:
        self.window = window
        self.capacity = capacity
        self._last: dict[int, datetime] = {}

    def allow(self, chat_id: int, now: datetime) -> bool:
        last = self._last.get(chat_id)
        if last is not None and now - last < self.window:
            return False
        if len(self._last) >= self.capacity:
            self._last = {c: at for c, at in self._last.items() if now - at < self.window}
        self._last[chat_id] = now
        return True


def notices_of(dispatcher: Dispatcher) -> OncePerChat:
    """One limiter per dispatcher (a test process runs several, one per database)."""
    notices = dispatcher.workflow_data.get("group_notices")
    if not isinstance(notices, OncePerChat):
        notices = dispatcher.workflow_data["group_notices"] = OncePerChat(QUIET_FOR)
    return notices


async def private_chat_kb(bot: Bot, t: Translator) -> InlineKeyboardMarkup:
    me = await bot.me()  # aiogram caches getMe for the Bot's lifetime
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("groups-open-private"), url=f"https://t.me/{me.username}?start={DEEP_LINK}"
    )
    return builder.as_markup()


@router.message(F.text.startswith("/") | F.caption.startswith("/"))
async def on_group_command(
    message: Message, bot: Bot, t: Translator, dispatcher: Dispatcher
) -> None:
    if not notices_of(dispatcher).allow(message.chat.id, utcnow()):
        return
    await message.answer(t("groups-private-only"), reply_markup=await private_chat_kb(bot, t))


@router.callback_query()
async def on_group_button(query: CallbackQuery, t: Translator) -> None:
    await query.answer(t("groups-button-private-only"), show_alert=True)


async def open_from_group(message: Message, _argument: str, data: dict[str, Any]) -> bool:
    """The deep link of the group notice: the person lands on the main menu."""
    t: Translator = data["t"]
    user: User | None = data.get("user")
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))
    return True
