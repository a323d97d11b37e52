"""What a message carries, as stored in a case, and how consultants see stored media again."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from db.models import CaseMessage
from db.queries.cases import Incoming

log = logging.getLogger("jol.ask")

# Content a case accepts. Anything else (games, polls, service messages) is refused politely,
# so nothing is stored that consultants could not see.
ACCEPTED = (
    "text",
    "photo",
    "document",
    "voice",
    "audio",
    "video",
    "video_note",
    "sticker",
    "location",
    "contact",
)


def incoming_from(message: Message) -> Incoming | None:
    """The storable part of a message, or None when a case can't take it."""
    chat_id, message_id = message.chat.id, message.message_id

    def stored(kind: str, text: str | None, file_id: str | None = None) -> Incoming:
        return Incoming(kind, text, file_id, chat_id, message_id)

    caption = message.caption
    if message.text is not None:
        return stored("text", message.text)
    if message.photo:
        # Telegram sends several sizes; the last is the largest.
        return stored("photo", caption, message.photo[-1].file_id)
    for kind in ("document", "voice", "audio", "video", "video_note", "sticker"):
        media = getattr(message, kind)
        if media is not None:
            return stored(kind, caption, media.file_id)
    if message.location is not None:
        loc = message.location
        return stored("location", f"{loc.latitude:.5f},{loc.longitude:.5f}")
    if message.contact is not None:
        contact = message.contact
        name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
        return stored("contact", f"{name} {contact.phone_number}".strip())
    return None


async def resend(bot: Bot, chat_id: int, item: CaseMessage, thread_id: int | None = None) -> bool:
    """Show a stored message's media to a consultant: copy the original (keeps everything), or,
    if the person deleted it, send the file again by its id. False when neither worked."""
    if item.source_chat_id is not None and item.source_message_id is not None:
        try:
            await bot.copy_message(
                chat_id=chat_id,
                from_chat_id=item.source_chat_id,
                message_id=item.source_message_id,
                message_thread_id=thread_id,
            )
            return True
        except TelegramAPIError as exc:
            log.info("copy of a case message failed", extra={"error": type(exc).__name__})
    if not item.file_id:
        return False
    senders = {
        "photo": bot.send_photo,
        "document": bot.send_document,
        "voice": bot.send_voice,
        "audio": bot.send_audio,
        "video": bot.send_video,
        "video_note": bot.send_video_note,
        "sticker": bot.send_sticker,
    }
    sender = senders.get(item.kind)
    if sender is None:
        return False
    try:
        await sender(chat_id, item.file_id, message_thread_id=thread_id)  # type: ignore[operator]
        return True
    except TelegramAPIError as exc:
        log.info("re-send of a case file failed", extra={"error": type(exc).__name__})
        return False
