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

from bot.i18n import Catalog, Translator, escape
from content.paging import paginate

TELEGRAM_TEXT_LIMIT = 4096
# Room kept in every part for the "(1/2)" counter and its line break.
PART_COUNTER_ROOM = 16


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
    await answer_parts(message, parts, markup)


def framed(
    header: str, free_text: str, footer: str = "", *, limit: int = TELEGRAM_TEXT_LIMIT
) -> list[str]:
    """What a person wrote, shown whole between our own header and footer.

    People's text never goes through a Fluent placeable (fluent.runtime refuses placeables
    over 2,500 characters and renders "{???}"): the header and footer are translated on their
    own, the text is HTML-escaped and put between them. Over Telegram's limit the result is
    split at a paragraph, line or word boundary — never inside a tag or an entity, tags
    closed and reopened around the cut — and the parts are numbered "(1/2)".
    """
    return numbered(join_html(header, escape(free_text), footer), limit=limit)


def join_html(*blocks: str) -> str:
    """Blocks of ready HTML, one per paragraph; empty blocks are left out."""
    return "\n\n".join(block for block in blocks if block)


def numbered(html_text: str, *, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Ready HTML in parts of at most `limit`, numbered "(1/n)" when there is more than one."""
    parts = paginate(html_text, limit)
    if len(parts) <= 1:
        return parts or [html_text]
    parts = paginate(html_text, limit - PART_COUNTER_ROOM)
    total = len(parts)
    return [f"{part}\n({index}/{total})" for index, part in enumerate(parts, start=1)]


async def answer_parts(
    message: Message, parts: list[str], markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send parts in order; the buttons go under the last one. Returns the last message."""
    sent: Message | None = None
    for index, part in enumerate(parts):
        sent = await message.answer(part, reply_markup=markup if index == len(parts) - 1 else None)
    return sent


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
