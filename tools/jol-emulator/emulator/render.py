"""Turning stored state into JSON: Telegram objects for the bot, snapshots for the control API.

Telegram objects must validate against aiogram's pydantic models (a `Message` needs
`message_id`, `date` and `chat`; a `Document` needs `file_id` and `file_unique_id`, and so on),
so they are built in one place.
"""

from __future__ import annotations

from typing import Any

from .state import BotState, ChatState, Emulator, StoredFile, StoredMessage

__all__ = [
    "document_api",
    "file_control",
    "message_api",
    "message_control",
    "photo_api",
]


def document_api(stored: StoredFile) -> dict[str, Any]:
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def photo_api(stored: StoredFile) -> list[dict[str, Any]]:
    # Telegram sends several sizes, largest last; one size keeps `photo[-1]` code working.
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": stored.width,
            "height": stored.height,
            "file_size": stored.size,
        }
    ]


def message_api(
    emu: Emulator,
    bot: BotState,
    chat: ChatState,
    message: StoredMessage,
    *,
    with_reply: bool = True,
) -> dict[str, Any]:
    """The Telegram `Message` object."""
    result: dict[str, Any] = {
        "message_id": message.message_id,
        "from": emu.sender_api(bot, message),
        "chat": emu.chat_api(chat.chat_id),
        "date": message.date,
    }
    if message.message_thread_id is not None:
        result["message_thread_id"] = message.message_thread_id
        result["is_topic_message"] = True
    if message.forward_origin is not None:
        result["forward_origin"] = message.forward_origin
    if with_reply and message.reply_to_message_id is not None:
        replied = chat.messages.get(message.reply_to_message_id)
        if replied is not None and not replied.deleted:
            result["reply_to_message"] = message_api(emu, bot, chat, replied, with_reply=False)
    if message.edit_date is not None:
        result["edit_date"] = message.edit_date
    if message.text is not None:
        result["text"] = message.text
        if message.entities:
            result["entities"] = message.entities
    stored = emu.files.get(message.file_id) if message.file_id else None
    if stored is not None:
        if message.kind == "photo":
            result["photo"] = photo_api(stored)
        else:
            result["document"] = document_api(stored)
    if message.caption:
        result["caption"] = message.caption
        if message.caption_entities:
            result["caption_entities"] = message.caption_entities
    if message.contact is not None:
        result["contact"] = message.contact
    if message.service:
        pinned_id = message.service.get("pinned_message_id")
        if pinned_id is not None:
            pinned = chat.messages.get(pinned_id)
            if pinned is not None:
                result["pinned_message"] = message_api(emu, bot, chat, pinned, with_reply=False)
        for key, value in message.service.items():
            if key != "pinned_message_id":
                result[key] = value
    if message.reply_markup and "inline_keyboard" in message.reply_markup:
        result["reply_markup"] = message.reply_markup
    return result


def file_control(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "file_size": stored.size,
        "width": stored.width or None,
        "height": stored.height or None,
        # No token needed: the control API serves files to tests and the playground.
        "download_url": f"/__control/files/{stored.file_id}",
    }


def message_control(emu: Emulator, bot: BotState, message: StoredMessage) -> dict[str, Any]:
    """A message as the control API shows it: current state, history and everything sent."""
    stored = emu.files.get(message.file_id) if message.file_id else None
    return {
        "bot_id": bot.bot_id,
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "date": message.date,
        "from_bot": message.from_bot,
        "sender": emu.sender_api(bot, message),
        "kind": message.kind,
        "text": message.text,
        "entities": message.entities,
        "caption": message.caption,
        "caption_entities": message.caption_entities,
        "parse_mode": message.parse_mode,
        "source": message.source,
        "reply_markup": message.reply_markup,
        "document": file_control(stored) if stored and message.kind == "document" else None,
        "photo": file_control(stored) if stored and message.kind == "photo" else None,
        "contact": message.contact,
        "service": message.service,
        "message_thread_id": message.message_thread_id,
        "reply_to_message_id": message.reply_to_message_id,
        "forward_origin": message.forward_origin,
        "edit_date": message.edit_date,
        "edits": message.history,
        "deleted": message.deleted,
        "deleted_at": message.deleted_at,
        "pinned": message.pinned,
    }
