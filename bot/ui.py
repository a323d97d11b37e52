"""Small rendering helpers shared by every feature."""

from __future__ import annotations

import contextlib

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.i18n import Catalog, Translator

TELEGRAM_TEXT_LIMIT = 4096


async def show(
    event: Message | CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Navigate: edit the screen a button was pressed on, or answer a typed message anew."""
    if isinstance(event, CallbackQuery):
        message = event.message
        if message is not None and not isinstance(message, InaccessibleMessage):
            try:
                edited = await message.edit_text(text, reply_markup=markup)
                return edited if isinstance(edited, Message) else message
            except TelegramBadRequest as exc:
                if "message is not modified" in exc.message:
                    return message
                # Too old to edit, or it was a document: fall through and send a new one.
            return await message.answer(text, reply_markup=markup)
        if event.bot is not None:
            return await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        return None
    return await event.answer(text, reply_markup=markup)


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split plain or simple HTML text at paragraph, then line boundaries under `limit`.

    Callers with long formatted content use content.paging, which also keeps tags balanced;
    this is for generated lists (bookings, cases) whose lines are self-contained.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(line) > limit:
            chunks.append(line[:limit])
            line = line[limit:]
        current = line
    if current:
        chunks.append(current)
    return chunks


async def answer_long(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    parts = split_text(text)
    for index, part in enumerate(parts):
        await message.answer(part, reply_markup=markup if index == len(parts) - 1 else None)


def home_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Two always-visible buttons: the menu and emergency help, for people who don't type."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("kb-menu")), KeyboardButton(text=t("kb-sos"))]],
        resize_keyboard=True,
        is_persistent=True,
    )


def texts_in_all_locales(catalog: Catalog, key: str) -> set[str]:
    """A reply-keyboard button arrives as plain text in the user's language; match any."""
    return {catalog.translator(loc).t(key) for loc in ("ky", "ru", "en")}


async def safe_delete(message: Message) -> None:
    with contextlib.suppress(TelegramBadRequest):
        await message.delete()
