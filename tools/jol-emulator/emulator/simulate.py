"""What simulated users do: write, share a contact, upload, press buttons, block the bot.

Each action stores the user's message in the chat (so the history is complete), builds the
update exactly as Telegram would and queues it for the bot. The emulator refuses actions a
real client could not perform, such as pressing a button that is not on the message.
"""

from __future__ import annotations

import re
from typing import Any

from .html_entities import find_bot_commands, utf16_len
from .markup import inline_buttons, reply_buttons
from .media import guess_mime_type, image_size
from .render import message_api, message_control
from .state import BotState, CallbackRecord, ChatState, Emulator, SimUser, StoredMessage
from .updates import effective_allowed

__all__ = [
    "SimulationError",
    "press_inline_button",
    "press_reply_button",
    "send_contact",
    "send_file",
    "send_text",
    "set_blocked",
]

# t.me/<bot>?start=<payload>: up to 64 characters of A-Z, a-z, 0-9, _ and -.
_DEEP_LINK_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SimulationError(Exception):
    """A control-API request that a real Telegram client could not make."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _chat_for(emu: Emulator, bot: BotState, user: SimUser, chat_id: int | None) -> ChatState:
    if chat_id is None or chat_id == user.id:
        return emu.open_chat(bot, user.id)
    if chat_id not in emu.groups:
        raise SimulationError(f"chat {chat_id} does not exist; create the group first", 404)
    return emu.open_chat(bot, chat_id)


def enqueue(emu: Emulator, bot: BotState, update_type: str, payload: dict[str, Any]) -> int | None:
    """Queue an update unless the bot's allowed_updates exclude its type (then it is lost)."""
    if update_type not in effective_allowed(bot.allowed_updates):
        emu.publish("update.filtered", bot, update_type=update_type)
        return None
    update = bot.updates.push(update_type, payload)
    return int(update["update_id"])


def _user_message(
    emu: Emulator,
    bot: BotState,
    user: SimUser,
    *,
    chat_id: int | None = None,
    message_thread_id: int | None = None,
    reply_to_message_id: int | None = None,
    **content: Any,
) -> dict[str, Any]:
    chat = _chat_for(emu, bot, user, chat_id)
    if not chat.is_group and user.id in bot.blocked:
        # Writing to a blocked bot means pressing "Restart", which unblocks it first.
        set_blocked(emu, bot, user, blocked=False)
    if message_thread_id is not None and message_thread_id not in chat.topics:
        raise SimulationError(f"topic {message_thread_id} does not exist in chat {chat.chat_id}")
    if reply_to_message_id is not None and chat.live_message(reply_to_message_id) is None:
        raise SimulationError(f"message {reply_to_message_id} does not exist", 404)
    message = chat.add_message(
        emu.clock.now(),
        user.id,
        from_bot=False,
        message_thread_id=message_thread_id,
        reply_to_message_id=reply_to_message_id,
        **content,
    )
    chat.force_reply = None
    emu.publish(
        "message.created",
        bot,
        chat_id=chat.chat_id,
        message_id=message.message_id,
        message=message_control(emu, bot, message),
    )
    update_id = enqueue(emu, bot, "message", message_api(emu, bot, chat, message))
    return {
        "message": message_control(emu, bot, message),
        "update_id": update_id,
        "seq": emu.events.last_seq,
    }


def send_text(
    emu: Emulator, bot: BotState, user: SimUser, text: str, **where: Any
) -> dict[str, Any]:
    if not text.strip():
        raise SimulationError("a message needs some text")
    if utf16_len(text) > 4096:
        raise SimulationError("Telegram clients split texts longer than 4096 characters")
    return _user_message(
        emu, bot, user, kind="text", text=text, entities=find_bot_commands(text), **where
    )


def send_start(
    emu: Emulator, bot: BotState, user: SimUser, payload: str | None = None, **where: Any
) -> dict[str, Any]:
    """What a client sends for t.me/<bot>?start=<payload>, which Telegram validates."""
    if payload is not None and not _DEEP_LINK_RE.match(payload):
        raise SimulationError(
            "a deep-link payload is 1-64 characters of A-Z, a-z, 0-9, _ and -; "
            "Telegram ignores other links"
        )
    return send_text(emu, bot, user, "/start" + (f" {payload}" if payload else ""), **where)


def send_contact(
    emu: Emulator,
    bot: BotState,
    user: SimUser,
    *,
    phone_number: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    user_id: int | None = None,
    **where: Any,
) -> dict[str, Any]:
    """Share a contact; by default the user's own, as the request_contact button does."""
    contact: dict[str, Any] = {
        "phone_number": phone_number or user.effective_phone,
        "first_name": first_name or user.first_name,
    }
    last = last_name if first_name else (last_name or user.last_name)
    if last:
        contact["last_name"] = last
    owner = user.id if user_id is None and phone_number is None else user_id
    if owner is not None:
        contact["user_id"] = owner
    return _user_message(emu, bot, user, kind="contact", contact=contact, **where)


def send_file(
    emu: Emulator,
    bot: BotState,
    user: SimUser,
    *,
    data: bytes,
    file_name: str,
    mime_type: str | None = None,
    caption: str | None = None,
    as_photo: bool = False,
    **where: Any,
) -> dict[str, Any]:
    if not data:
        raise SimulationError("an upload needs some bytes")
    if caption is not None and utf16_len(caption) > 1024:
        raise SimulationError("a caption is at most 1024 characters")
    if as_photo:
        size = image_size(data)
        if size is None:
            raise SimulationError("a photo must be a PNG, JPEG, GIF or WebP image")
        stored = emu.store_file(
            data, kind="photo", mime_type="image/jpeg", width=size[0], height=size[1]
        )
    else:
        stored = emu.store_file(
            data,
            kind="document",
            file_name=file_name,
            mime_type=guess_mime_type(file_name, mime_type) or "application/octet-stream",
        )
    return _user_message(
        emu,
        bot,
        user,
        kind="photo" if as_photo else "document",
        file_id=stored.file_id,
        caption=caption or None,
        **where,
    )


def _find_inline_button(
    chat: ChatState,
    *,
    message_id: int | None,
    callback_data: str | None,
    text: str | None,
) -> tuple[StoredMessage, dict[str, Any]]:
    if message_id is not None:
        message = chat.live_message(message_id)
        if message is None:
            raise SimulationError(f"message {message_id} does not exist in this chat", 404)
        if not message.from_bot:
            raise SimulationError(f"message {message_id} was not sent by the bot")
        candidates = [message]
    else:
        # The latest message that has such a button, as a user would scroll to it.
        candidates = [m for m in reversed(chat.messages.values()) if not m.deleted and m.from_bot]
    for message in candidates:
        for button in inline_buttons(message.reply_markup):
            if text is not None and button["text"] != text:
                continue
            if callback_data is not None and button.get("callback_data") != callback_data:
                continue
            return message, button
    wanted = ", ".join(
        f"{name}={value!r}"
        for name, value in (("text", text), ("callback_data", callback_data))
        if value is not None
    )
    where = f"message {message_id}" if message_id is not None else "any message of the bot"
    raise SimulationError(f"no inline button with {wanted} on {where}", 404)


def _forge_target(chat: ChatState, message_id: int | None) -> StoredMessage:
    if message_id is not None:
        message = chat.live_message(message_id)
        if message is None:
            raise SimulationError(f"message {message_id} does not exist in this chat", 404)
        return message
    for message in reversed(chat.messages.values()):
        if not message.deleted and message.from_bot:
            return message
    raise SimulationError("the bot has sent no message to attach a forged press to", 404)


def press_inline_button(
    emu: Emulator,
    bot: BotState,
    user: SimUser,
    *,
    chat_id: int | None = None,
    message_id: int | None = None,
    callback_data: str | None = None,
    text: str | None = None,
    forged: bool = False,
) -> dict[str, Any]:
    """Press a button the bot showed. With `forged`, a modified client sends `callback_data`
    of its own choosing on the given (or latest) bot message — what every privileged handler
    must withstand."""
    if callback_data is None and text is None:
        raise SimulationError("say which button: text or callback_data")
    chat = bot.chats.get(chat_id if chat_id is not None else user.id)
    if chat is None:
        raise SimulationError("the user has no chat with the bot yet", 404)
    if forged:
        if callback_data is None:
            raise SimulationError("a forged press needs callback_data")
        message = _forge_target(chat, message_id)
        button: dict[str, Any] = {"text": "(forged)", "callback_data": callback_data}
    else:
        message, button = _find_inline_button(
            chat, message_id=message_id, callback_data=callback_data, text=text
        )
    if "callback_data" not in button:
        kind = next(iter(k for k in button if k != "text"), "unknown")
        raise SimulationError(
            f"the button {button['text']!r} is a {kind} button, not a callback one"
        )
    record = CallbackRecord(
        id=emu.new_callback_id(),
        user_id=user.id,
        chat_id=chat.chat_id,
        message_id=message.message_id,
        data=button["callback_data"],
        created=emu.clock.monotonic(),
    )
    bot.callbacks[record.id] = record
    payload = {
        "id": record.id,
        "from": user.to_api(),
        "chat_instance": chat.chat_instance,
        "message": message_api(emu, bot, chat, message),
        "data": record.data,
    }
    update_id = enqueue(emu, bot, "callback_query", payload)
    emu.publish("callback.created", bot, **record.event_fields())
    return {
        "callback_query_id": record.id,
        "message_id": message.message_id,
        "data": record.data,
        "update_id": update_id,
        "seq": emu.events.last_seq,
    }


def press_reply_button(
    emu: Emulator, bot: BotState, user: SimUser, text: str, *, chat_id: int | None = None
) -> dict[str, Any]:
    chat = bot.chats.get(chat_id if chat_id is not None else user.id)
    keyboard = chat.reply_keyboard if chat else None
    if chat is None or keyboard is None:
        raise SimulationError("no reply keyboard is shown in this chat", 404)
    button = next((b for b in reply_buttons(keyboard["markup"]) if b["text"] == text), None)
    if button is None:
        raise SimulationError(f"the reply keyboard has no button {text!r}", 404)
    if keyboard["markup"].get("one_time_keyboard"):
        keyboard["collapsed"] = True  # the client hides it after one use
    if button.get("request_contact"):
        return send_contact(emu, bot, user, chat_id=chat.chat_id)
    unsupported = [k for k in button if k.startswith("request_") or k == "web_app"]
    if unsupported:
        raise SimulationError(f"{unsupported[0]} buttons are not emulated")
    return send_text(emu, bot, user, text, chat_id=chat.chat_id)


def set_blocked(emu: Emulator, bot: BotState, user: SimUser, *, blocked: bool) -> dict[str, Any]:
    """Block or unblock the bot; Telegram sends my_chat_member (kicked / member)."""
    if blocked == (user.id in bot.blocked):
        return {"changed": False, "update_id": None, "seq": emu.events.last_seq}
    chat = emu.open_chat(bot, user.id)
    member: dict[str, Any] = {"status": "member", "user": bot.to_api()}
    kicked: dict[str, Any] = {"status": "kicked", "user": bot.to_api(), "until_date": 0}
    if blocked:
        bot.blocked.add(user.id)
        old, new = member, kicked
    else:
        bot.blocked.discard(user.id)
        old, new = kicked, member
    payload = {
        "chat": emu.chat_api(chat.chat_id),
        "from": user.to_api(),
        "date": emu.clock.now(),
        "old_chat_member": old,
        "new_chat_member": new,
    }
    update_id = enqueue(emu, bot, "my_chat_member", payload)
    emu.publish("user.blocked" if blocked else "user.unblocked", bot, chat_id=user.id)
    return {"changed": True, "update_id": update_id, "seq": emu.events.last_seq}
