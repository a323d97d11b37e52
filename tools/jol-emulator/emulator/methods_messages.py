"""Bot API methods that create, change or remove messages, and answerCallbackQuery."""

from __future__ import annotations

import copy
from typing import Any

import aiohttp

from .api_core import (
    Call,
    FormattedText,
    add_service_message,
    api_method,
    build_text,
    check_flood,
    check_thread,
    deliver,
    message_result,
    publish_message,
    reply_target,
    resolve_chat,
)
from .errors import MESSAGE_NOT_MODIFIED, QUERY_TOO_OLD, bad_request
from .markup import parse_reply_markup
from .media import guess_mime_type, image_size
from .params import Upload
from .state import ChatState, StoredFile, StoredMessage

__all__ = ["CHAT_ACTIONS"]

# Bots may delete messages for 48 hours (Bot API, deleteMessage).
DELETE_WINDOW = 48 * 3600
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _markup(call: Call, *, inline_only: bool = False) -> dict[str, Any] | None:
    raw = call.params.json("reply_markup", what="reply keyboard markup")
    return parse_reply_markup(raw, inline_only=inline_only)


def _text_fields(text: FormattedText | None, *, caption: bool) -> dict[str, Any]:
    if text is None:
        return {}
    if caption:
        return {
            "caption": text.text,
            "caption_entities": text.entities,
            "parse_mode": text.parse_mode,
            "source": text.source,
        }
    return {
        "text": text.text,
        "entities": text.entities,
        "parse_mode": text.parse_mode,
        "source": text.source,
    }


@api_method("sendMessage")
async def send_message(call: Call) -> dict[str, Any]:
    text = build_text(call, "text")
    markup = _markup(call)
    chat = resolve_chat(call)
    thread_id = check_thread(call, chat)
    reply_to = reply_target(call, chat)
    message = deliver(
        call,
        chat,
        {
            "kind": "text",
            **_text_fields(text, caption=False),
            "reply_markup": markup,
            "message_thread_id": thread_id,
            "reply_to_message_id": reply_to,
        },
    )
    return message_result(call, chat, message)


# --- files -------------------------------------------------------------------------------


async def _fetch_url(call: Call, url: str) -> Upload:
    """Telegram downloads `http(s)://` file parameters itself; so does the emulator."""
    if call.http is None:
        raise bad_request("failed to get HTTP URL content")
    try:
        async with call.http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
            if response.status != 200:
                raise bad_request("failed to get HTTP URL content")
            data = await response.read()
            content_type = response.headers.get("Content-Type")
    except (aiohttp.ClientError, TimeoutError):
        raise bad_request("failed to get HTTP URL content") from None
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "file"
    return Upload(filename=name, content_type=content_type, data=data)


async def _input_file(call: Call, field: str, kind: str) -> StoredFile:
    """Resolve a document/photo parameter: an upload, a known file_id or a URL."""
    value = call.params.input_file(field)
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    if isinstance(value, str):
        known = call.emu.files.get(value)
        if known is not None:
            if known.kind != kind:
                raise bad_request(f"can't use file of type {known.kind.title()} as {kind.title()}")
            return known
        if value.startswith(("http://", "https://")):
            value = await _fetch_url(call, value)
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
    if not value.data:
        raise bad_request("file must be non-empty")
    if kind == "photo":
        if len(value.data) > call.emu.config.max_photo_bytes:
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        size = image_size(value.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        return call.emu.store_file(
            value.data, kind="photo", mime_type="image/jpeg", width=size[0], height=size[1]
        )
    return call.emu.store_file(
        value.data,
        kind="document",
        file_name=value.filename,
        mime_type=guess_mime_type(value.filename, value.content_type),
    )


async def _send_file(call: Call, kind: str) -> dict[str, Any]:
    caption = build_text(call, "caption", caption=True, entities_field="caption_entities")
    markup = _markup(call)
    chat = resolve_chat(call)
    thread_id = check_thread(call, chat)
    reply_to = reply_target(call, chat)
    # Flood is checked before the (possibly slow) file handling, as the send will be refused.
    check_flood(call, chat)
    stored = await _input_file(call, kind, kind)
    message = deliver(
        call,
        chat,
        {
            "kind": kind,
            "file_id": stored.file_id,
            **_text_fields(caption, caption=True),
            "reply_markup": markup,
            "message_thread_id": thread_id,
            "reply_to_message_id": reply_to,
        },
    )
    return message_result(call, chat, message)


@api_method("sendDocument")
async def send_document(call: Call) -> dict[str, Any]:
    return await _send_file(call, "document")


@api_method("sendPhoto")
async def send_photo(call: Call) -> dict[str, Any]:
    return await _send_file(call, "photo")


# --- edits -------------------------------------------------------------------------------


def _message_to_edit(call: Call) -> tuple[ChatState, StoredMessage]:
    if call.params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID: inline messages are not emulated")
    chat = resolve_chat(call, "edit")
    message_id = call.params.integer("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = chat.live_message(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


def _inline_of(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


def _commit_edit(call: Call, message: StoredMessage, changes: dict[str, Any]) -> None:
    """Apply an edit after the "not modified" check; keep the previous version."""
    if call.emu.flood_config.count_edits:
        chat = call.bot.chats[message.chat_id]
        check_flood(call, chat)
        call.bot.flood.record(chat.chat_id, call.emu.clock.monotonic())
    message.history.append(message.snapshot_version())
    for name, value in changes.items():
        setattr(message, name, value)
    message.edit_date = call.emu.clock.now()
    call.bot.stats.edits_accepted += 1
    publish_message(call, "message.edited", message)


def _edit_result(call: Call, chat: ChatState, message: StoredMessage) -> dict[str, Any]:
    return message_result(call, chat, message)


@api_method("editMessageText")
async def edit_message_text(call: Call) -> dict[str, Any]:
    text = build_text(call, "text")
    assert text is not None
    # An edit without reply_markup removes the inline keyboard, as on Telegram.
    markup = _markup(call, inline_only=True)
    chat, message = _message_to_edit(call)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    if (
        message.text == text.text
        and message.entities == text.entities
        and _inline_of(message.reply_markup) == markup
    ):
        raise bad_request(MESSAGE_NOT_MODIFIED)
    _commit_edit(call, message, {**_text_fields(text, caption=False), "reply_markup": markup})
    return _edit_result(call, chat, message)


@api_method("editMessageCaption")
async def edit_message_caption(call: Call) -> dict[str, Any]:
    caption = build_text(call, "caption", caption=True, entities_field="caption_entities")
    markup = _markup(call, inline_only=True)
    chat, message = _message_to_edit(call)
    if message.kind not in ("document", "photo"):
        raise bad_request("there is no caption in the message to edit")
    new_caption = caption.text if caption else None
    new_entities = caption.entities if caption else []
    if (
        message.caption == new_caption
        and message.caption_entities == new_entities
        and _inline_of(message.reply_markup) == markup
    ):
        raise bad_request(MESSAGE_NOT_MODIFIED)
    changes: dict[str, Any] = {
        "caption": new_caption,
        "caption_entities": new_entities,
        "parse_mode": caption.parse_mode if caption else None,
        "source": caption.source if caption else None,
        "reply_markup": markup,
    }
    _commit_edit(call, message, changes)
    return _edit_result(call, chat, message)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    markup = _markup(call, inline_only=True)
    chat, message = _message_to_edit(call)
    if _inline_of(message.reply_markup) == markup:
        raise bad_request(MESSAGE_NOT_MODIFIED)
    _commit_edit(call, message, {"reply_markup": markup})
    return _edit_result(call, chat, message)


# --- deletion, pins ----------------------------------------------------------------------


def _delete(call: Call, chat: ChatState, message: StoredMessage) -> None:
    message.deleted = True
    message.deleted_at = call.emu.clock.now()
    call.emu.publish(
        "message.deleted", call.bot, chat_id=chat.chat_id, message_id=message.message_id
    )


def _message_to(call: Call, chat: ChatState, verb: str) -> StoredMessage:
    """The live message the required message_id names, or Telegram's "message to <verb> not
    found"."""
    message_id = call.params.integer("message_id", required=True)
    assert message_id is not None
    message = chat.live_message(message_id)
    if message is None:
        raise bad_request(f"message to {verb} not found")
    return message


@api_method("deleteMessage")
async def delete_message(call: Call) -> bool:
    chat = resolve_chat(call, "read")
    message = _message_to(call, chat, "delete")
    if call.emu.clock.now() - message.date > DELETE_WINDOW:
        raise bad_request("message can't be deleted")
    _delete(call, chat, message)
    return True


@api_method("deleteMessages")
async def delete_messages(call: Call) -> bool:
    chat = resolve_chat(call, "read")
    ids = call.params.json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must be a list of 1-100 message identifiers")
    now = call.emu.clock.now()
    for raw_id in ids:
        message = chat.live_message(int(raw_id))
        # Missing or too old messages are skipped, as documented.
        if message is not None and now - message.date <= DELETE_WINDOW:
            _delete(call, chat, message)
    return True


@api_method("pinChatMessage")
async def pin_chat_message(call: Call) -> bool:
    chat = resolve_chat(call, "edit")
    message = _message_to(call, chat, "pin")
    message.pinned = True
    call.emu.publish(
        "message.pinned", call.bot, chat_id=chat.chat_id, message_id=message.message_id
    )
    # Telegram adds a service message "pinned «...»" to the chat.
    service = add_service_message(call, chat, {"pinned_message_id": message.message_id})
    publish_message(call, "message.created", service)
    return True


@api_method("unpinChatMessage")
async def unpin_chat_message(call: Call) -> bool:
    chat = resolve_chat(call, "edit")
    message_id = call.params.integer("message_id")
    if message_id is not None:
        message = chat.live_message(message_id)
        if message is None:
            raise bad_request("message to unpin not found")
        targets = [message]
    else:
        pinned = [m for m in chat.messages.values() if m.pinned and not m.deleted]
        targets = pinned[-1:]
    for message in targets:
        message.pinned = False
        call.emu.publish(
            "message.unpinned", call.bot, chat_id=chat.chat_id, message_id=message.message_id
        )
    return True


@api_method("unpinAllChatMessages")
async def unpin_all_chat_messages(call: Call) -> bool:
    chat = resolve_chat(call, "edit")
    for message in chat.messages.values():
        message.pinned = False
    return True


# --- copy and forward --------------------------------------------------------------------


_PAST = {"copy": "copied", "forward": "forwarded"}


def _source_message(call: Call, verb: str) -> StoredMessage:
    message = _message_to(call, resolve_chat(call, "read", name="from_chat_id"), verb)
    if message.kind == "service":
        raise bad_request(f"message can't be {_PAST[verb]}")
    return message


def _content_fields(message: StoredMessage) -> dict[str, Any]:
    return {
        "kind": message.kind,
        "text": message.text,
        "entities": copy.deepcopy(message.entities),
        "caption": message.caption,
        "caption_entities": copy.deepcopy(message.caption_entities),
        "parse_mode": message.parse_mode,
        "source": message.source,
        "file_id": message.file_id,
        "contact": copy.deepcopy(message.contact),
    }


@api_method("copyMessage")
async def copy_message(call: Call) -> dict[str, Any]:
    source = _source_message(call, "copy")
    fields = _content_fields(source)
    if call.params.has("caption") and source.kind in ("document", "photo"):
        caption = build_text(call, "caption", caption=True, entities_field="caption_entities")
        fields.update(_text_fields(caption, caption=True) or {"caption": None})
    markup = _markup(call)
    chat = resolve_chat(call)
    fields["message_thread_id"] = check_thread(call, chat)
    fields["reply_to_message_id"] = reply_target(call, chat)
    fields["reply_markup"] = markup
    message = deliver(call, chat, fields)
    return {"message_id": message.message_id}


@api_method("forwardMessage")
async def forward_message(call: Call) -> dict[str, Any]:
    source = _source_message(call, "forward")
    fields = _content_fields(source)
    chat = resolve_chat(call)
    fields["message_thread_id"] = check_thread(call, chat)
    fields["forward_origin"] = source.forward_origin or {
        "type": "user",
        "date": source.date,
        "sender_user": call.emu.sender_api(call.bot, source),
    }
    message = deliver(call, chat, fields)
    return message_result(call, chat, message)


# --- chat actions and callback answers ---------------------------------------------------


@api_method("sendChatAction")
async def send_chat_action(call: Call) -> bool:
    action = call.params.string("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat = resolve_chat(call)
    thread_id = check_thread(call, chat)
    call.emu.publish(
        "chat.action",
        call.bot,
        chat_id=chat.chat_id,
        action=action,
        message_thread_id=thread_id,
    )
    return True


@api_method("answerCallbackQuery")
async def answer_callback_query(call: Call) -> bool:
    emu, bot = call.emu, call.bot
    query_id = call.params.string("callback_query_id")
    record = bot.callbacks.get(query_id or "")
    now = emu.clock.monotonic()
    if (
        record is None
        or record.answered
        or now - record.created > emu.config.callback_answer_timeout
    ):
        raise bad_request(QUERY_TOO_OLD)
    text = call.params.string("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    answer = {
        "text": text,
        "show_alert": call.params.boolean("show_alert"),
        "url": call.params.string("url"),
        "cache_time": call.params.integer("cache_time") or 0,
    }
    record.answered = True
    record.answered_at = now
    record.answer = answer
    emu.publish("callback.answered", bot, **record.event_fields(), **answer)
    return True
