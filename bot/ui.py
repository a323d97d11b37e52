"""Small rendering helpers shared by every feature."""

from __future__ import annotations

import contextlib
import functools
import html
import re
from collections.abc import Mapping
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.i18n import Catalog, Translator, escape, per_language
from content.paging import paginate
from content.tghtml import utf16_len

TELEGRAM_TEXT_LIMIT = 4096
# Room kept in every part for the "(1/2)" counter and its line break.
PART_COUNTER_ROOM = 16
PART_MIN_FILL = 0.5


# Messages people keep: an answer from the Center, a guide section or the emergency card, a
# check result, a booking receipt. A button under one never replaces it: the next screen comes
# as a new message below (`show`). Each entry is a Fluent key and, where the key has variants,
# the argument values that pick one; every variant a kept message can have is listed.
CONTENT_MARKS: tuple[tuple[str, Mapping[str, str]], ...] = (
    ("ask-reply-from-center", {}),
    ("ask-reply-media-caption", {}),
    ("guides-as-of", {}),
    ("guides-checked", {}),
    ("contract-result-red", {}),
    ("contract-result-amber", {}),
    ("contract-result-green", {}),
    ("booking-done", {"again": "yes"}),
    ("booking-done", {"again": "no"}),
    ("booking-done-waiting", {"again": "yes"}),
    ("booking-done-waiting", {"again": "no"}),
    ("booking-approved", {}),
)
_SENTINEL = "\ue002"
_PART_COUNTER = re.compile(r"\n\(\d+/\d+\)$")
_TAG = re.compile(r"<[^<>]*>")
# A fixed piece of text shorter than this is too common to mark anything.
_MIN_MARK = 6


def plain(html_text: str) -> str:
    """What Telegram shows for our HTML (tags gone, entities read)."""
    return html.unescape(_TAG.sub("", html_text))


def shown_length(html_text: str) -> int:
    """Telegram's measure of a message: UTF-16 units of the text after parsing."""
    return utf16_len(plain(html_text))


def content_fragments(catalog: Catalog) -> frozenset[str]:
    """The fixed text each content mark leaves in a message, in every language: the first
    piece of the template (arguments cut out) long enough to be distinctive."""
    fragments: set[str] = set()
    for locale in catalog.bundles:
        t = catalog.translator(locale)
        for key, chosen in CONTENT_MARKS:
            bundle = catalog.bundles[locale]
            if not bundle.has_message(key):
                continue
            names = _argument_names(catalog, locale, key)
            args = {name: chosen.get(name, _SENTINEL) for name in names}
            rendered = plain(t(key, **args))
            pieces = [p.strip() for p in rendered.split(_SENTINEL)]
            piece = next((p for p in pieces if len(p) >= _MIN_MARK), None)
            if piece is not None:
                fragments.add(piece.split("\n")[0].strip() or piece)
    return frozenset(fragments)


def _argument_names(catalog: Catalog, locale: str, key: str) -> set[str]:
    """The variables a message uses: formatting it with none names each one missing."""
    bundle = catalog.bundles[locale]
    message = bundle.get_message(key)
    if message.value is None:
        return set()
    _, errors = bundle.format_pattern(message.value, {})
    prefix = "Unknown external: "
    return {str(e)[len(prefix) :] for e in errors if str(e).startswith(prefix)}


@functools.cache
def _loaded_fragments() -> frozenset[str]:
    return content_fragments(Catalog.load())


def carries_content(message: Message) -> bool:
    """Whether a message already in the chat is one people keep (see CONTENT_MARKS). A part
    of a long text ("(2/2)", see `numbered`) is one too: the header that marks the text as an
    answer is only on its first part, and the buttons are under its last."""
    body = message.text or message.caption or ""
    if _PART_COUNTER.search(body):
        return True
    return bool(body) and any(fragment in body for fragment in _loaded_fragments())


class EditScreen(EditMessageText):
    """`editMessageText` whose answer nobody reads: Telegram answers with the whole edited
    message, buttons and all, which aiogram would validate into a `Message` (~30 µs for a
    screen of eight buttons, on most button presses). Its answer is taken as it comes; errors
    are raised as for any call."""

    __returning__ = Any  # type: ignore[assignment]  # any answer, unparsed


async def show(
    event: Message | CallbackQuery,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Navigate: edit the screen a button was pressed on, or answer a typed message anew.
    Returns the message that now shows the screen: a new one, or the one pressed on, edited
    (its chat and id are the screen's; its text is still the old one).

    A message people keep (an answer, a result, a guide section, a receipt) is never edited
    away: the next screen comes as a new message and the kept one stays as it was."""
    if isinstance(event, CallbackQuery):
        message = event.message
        if message is not None and not isinstance(message, InaccessibleMessage):
            if carries_content(message):
                return await message.answer(text, reply_markup=markup)
            try:
                await EditScreen(
                    chat_id=message.chat.id,
                    message_id=message.message_id,
                    business_connection_id=message.business_connection_id,
                    text=text,
                    reply_markup=markup,
                ).as_(message.bot)
                return message
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
    parts = paginate(html_text, limit, measure=shown_length)
    if len(parts) <= 1:
        return parts or [html_text]
    # A cut at a paragraph is nicer, but not at the price of a nearly empty message.
    parts = paginate(
        html_text, limit - PART_COUNTER_ROOM, measure=shown_length, min_fill=PART_MIN_FILL
    )
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


@per_language
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
