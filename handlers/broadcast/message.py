"""What people receive: each language's message (the outbox row's kind, HTML and payload),
with the "turn off news" button, and the direct send the preview uses, so the preview is the
message itself and not a look-alike."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Catalog, Translator
from db.models.broadcast import Broadcast
from domain.broadcast import Content, Delivery
from handlers.broadcast.callbacks import NewsCb


def content_of(row: Broadcast) -> Content:
    return Content(
        mode=row.mode,
        texts=dict(row.texts or {}),
        languages=tuple(row.languages or ()),
        media_kind=row.media_kind,
    )


def news_off_kb(t: Translator, broadcast_id: int = 0) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-news-off"), callback_data=NewsCb(on=False, b=broadcast_id))
    return builder.as_markup()


def news_on_kb(t: Translator, broadcast_id: int = 0) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("broadcast-news-on"), callback_data=NewsCb(on=True, b=broadcast_id))
    return builder.as_markup()


def delivery_for(row: Broadcast, locale: str, catalog: Catalog) -> Delivery | None:
    """The message people reading `locale` receive; None while its text is missing."""
    text = content_of(row).text_for(locale)
    if text is None:
        return None
    markup = news_off_kb(catalog.translator(locale), row.id)
    payload: dict[str, object] = {
        "reply_markup": markup.model_dump(mode="json", exclude_none=True),
    }
    kind = "text"
    if row.media_kind and row.media_file_id:
        kind = row.media_kind
        payload["file_id"] = row.media_file_id
    return Delivery(kind=kind, text=text, payload=payload)


def deliveries_for(row: Broadcast, catalog: Catalog) -> dict[str, Delivery]:
    out: dict[str, Delivery] = {}
    for locale in row.languages or ():
        delivery = delivery_for(row, locale, catalog)
        if delivery is not None:
            out[locale] = delivery
    return out


async def send_delivery(bot: Bot, chat_id: int, delivery: Delivery) -> Message:
    """Send one delivery directly (the preview): the same calls the outbox sender makes."""
    raw = delivery.payload.get("reply_markup")
    markup = InlineKeyboardMarkup.model_validate(raw) if raw else None
    file_id = str(delivery.payload.get("file_id") or "")
    if delivery.kind == "photo":
        return await bot.send_photo(
            chat_id, file_id, caption=delivery.text or None, reply_markup=markup
        )
    if delivery.kind == "document":
        return await bot.send_document(
            chat_id, file_id, caption=delivery.text or None, reply_markup=markup
        )
    return await bot.send_message(chat_id, delivery.text, reply_markup=markup)
