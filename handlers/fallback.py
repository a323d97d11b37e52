"""Anything no feature took: a clear answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from db.models import User
from handlers.menu import main_menu_kb, menu_text

router = Router(name=__name__)


@router.message()
async def on_anything_else(message: Message, t: Translator, user: User | None) -> None:
    if message.text and message.text.startswith("/"):
        await message.answer(t("unknown-command"), reply_markup=main_menu_kb(t))
        return
    await message.answer(t("not-understood"))
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))


@router.callback_query()
async def on_stale_button(query: CallbackQuery, t: Translator) -> None:
    """Old keyboards outlive deploys; their data may mean nothing now."""
    await query.answer(t("button-outdated"), show_alert=True)
