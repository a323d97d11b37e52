"""Shared machinery of the Bot API methods: the method registry and the checks every send needs.

Each method handler gets a `Call` and returns the `result` of the answer or raises `ApiError`.
Handlers validate everything first and mutate state last, without awaiting in between, so a
refused call leaves no trace and concurrent calls never see half-done work.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from .errors import ApiError, bad_request, forbidden
from .html_entities import EntityParseError, parse_html, trim_text, utf16_len
from .markup import markup_kind
from .params import Params
from .render import message_api, message_control
from .state import BotState, ChatState, Emulator, StoredMessage

__all__ = [
    "METHODS",
    "Call",
    "FormattedText",
    "add_service_message",
    "api_method",
    "build_text",
    "check_thread",
    "deliver",
    "publish_message",
    "reply_target",
    "resolve_chat",
]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass
class Call:
    emu: Emulator
    bot: BotState
    params: Params
    method: str  # canonical name, e.g. "sendMessage"
    http: aiohttp.ClientSession | None = None


Handler = Callable[[Call], Awaitable[Any]]
# lower-case name -> (canonical name, handler); Telegram matches method names case-insensitively.
METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(*names: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            METHODS[name.lower()] = (name, handler)
        return handler

    return register


# --- chats -------------------------------------------------------------------------------


def resolve_chat(call: Call, mode: str = "send", name: str = "chat_id") -> ChatState:
    """The bot's chat named by a parameter, with Telegram's access rules.

    mode "send": new messages; the user must not have blocked the bot and must have started it.
    mode "edit": changes to existing messages; blocked users still refuse them.
    mode "read": lookups such as getChat or the source of copyMessage.
    """
    emu, bot = call.emu, call.bot
    chat_id = call.params.chat_id(name)
    if isinstance(chat_id, str):
        group = next((g for g in emu.groups.values() if g.username == chat_id[1:]), None)
        if group is None:
            raise bad_request("chat not found")
        chat_id = group.id
    assert isinstance(chat_id, int)
    if chat_id in emu.groups:
        return emu.open_chat(bot, chat_id)
    user = emu.users.get(chat_id)
    if user is None:
        raise bad_request("chat not found")
    chat = bot.chats.get(chat_id)
    if mode in ("send", "edit"):
        if user.deactivated:
            raise forbidden("user is deactivated")
        if chat_id in bot.blocked:
            raise forbidden("bot was blocked by the user")
    if chat is None:
        if mode == "send" and emu.config.require_start:
            raise forbidden("bot can't initiate conversation with a user")
        if mode != "send":
            raise bad_request("chat not found")
        chat = emu.open_chat(bot, chat_id)
    return chat


def check_thread(call: Call, chat: ChatState) -> int | None:
    """Validate `message_thread_id`: it must name an existing forum topic of the chat."""
    thread_id = call.params.integer("message_thread_id")
    if thread_id is None:
        return None
    if thread_id not in chat.topics:
        raise bad_request("message thread not found")
    return thread_id


def reply_target(call: Call, chat: ChatState) -> int | None:
    """The message being replied to (`reply_parameters` or the older `reply_to_message_id`)."""
    reply = call.params.json("reply_parameters")
    if reply is not None and not isinstance(reply, dict):
        raise bad_request("can't parse reply parameters JSON object")
    reply = reply or {}
    message_id = reply.get("message_id") or call.params.integer("reply_to_message_id")
    if not message_id:
        return None
    allow_missing = bool(reply.get("allow_sending_without_reply")) or call.params.boolean(
        "allow_sending_without_reply"
    )
    if chat.live_message(int(message_id)) is None:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return int(message_id)


# --- text and captions -------------------------------------------------------------------


@dataclass
class FormattedText:
    text: str
    entities: list[dict[str, Any]]
    parse_mode: str | None
    source: str


def _parse_mode(call: Call, name: str) -> str | None:
    mode = call.params.string(name)
    if mode is None:
        return None
    if mode.lower() == "html":
        return "HTML"
    if mode.lower() in ("markdown", "markdownv2"):
        # Jol sends HTML only; accepting Markdown without parsing it would hide mistakes.
        raise bad_request(
            f"unsupported parse_mode {mode}: the emulator parses HTML only; use parse_mode=HTML "
            "or entities"
        )
    raise bad_request(f"unsupported parse_mode {mode}")


def _explicit_entities(call: Call, name: str, text: str) -> list[dict[str, Any]]:
    raw = call.params.json(name)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_request(f"can't parse {name} JSON object")
    total = utf16_len(text)
    entities = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise bad_request("can't parse MessageEntity: type is not specified")
        try:
            offset, length = int(item["offset"]), int(item["length"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("can't parse MessageEntity: offset or length is wrong") from None
        # Telegram silently drops entities outside the text.
        if offset < 0 or length <= 0 or offset + length > total:
            continue
        entities.append({k: v for k, v in item.items() if v is not None})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return entities


def build_text(
    call: Call,
    field: str,
    *,
    caption: bool = False,
    mode_field: str = "parse_mode",
    entities_field: str = "entities",
) -> FormattedText | None:
    """Parse a text or caption parameter into text + entities and apply Telegram's limits."""
    source = call.params.string(field)
    if source is None:
        if caption:
            return None
        raise bad_request("message text is empty")
    mode = _parse_mode(call, mode_field)
    if mode == "HTML":
        try:
            text, entities = parse_html(source, strict_ampersand=call.emu.config.strict_ampersand)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    else:
        text = source
        entities = _explicit_entities(call, entities_field, source)
    text, entities = trim_text(text, entities)
    length = utf16_len(text)
    if caption:
        if length > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        if not text:
            return None
    else:
        if not text:
            raise bad_request("message text is empty")
        if length > TEXT_LIMIT:
            raise bad_request("message is too long")
    return FormattedText(text=text, entities=entities, parse_mode=mode, source=source)


# --- sending -----------------------------------------------------------------------------


def check_flood(call: Call, chat: ChatState) -> None:
    try:
        call.bot.flood.check(
            call.emu.flood_config, chat.chat_id, chat.is_group, call.emu.clock.monotonic()
        )
    except ApiError as error:
        call.bot.stats.sends_refused_flood += 1
        call.emu.publish(
            "flood.refused",
            call.bot,
            chat_id=chat.chat_id,
            method=call.method,
            retry_after=error.retry_after,
        )
        raise


def add_service_message(call: Call, chat: ChatState, service: dict[str, Any]) -> StoredMessage:
    """Stores a service message the bot's action makes Telegram post in the chat (a pin, a new
    topic); the caller publishes it."""
    return chat.add_message(
        call.emu.clock.now(), call.bot.bot_id, from_bot=True, kind="service", service=service
    )


def publish_message(call: Call, event_type: str, message: StoredMessage) -> None:
    call.emu.publish(
        event_type,
        call.bot,
        chat_id=message.chat_id,
        message_id=message.message_id,
        message=message_control(call.emu, call.bot, message),
    )


def _apply_chat_markup(call: Call, chat: ChatState, message: StoredMessage) -> None:
    """Track the reply keyboard / force-reply shown in the chat after a bot message."""
    kind = markup_kind(message.reply_markup)
    if kind == "reply":
        chat.reply_keyboard = {
            "markup": message.reply_markup,
            "message_id": message.message_id,
            "collapsed": False,
        }
    elif kind == "remove":
        chat.reply_keyboard = None
    elif kind == "force_reply":
        chat.force_reply = {"message_id": message.message_id, "markup": message.reply_markup}
    if kind in ("reply", "remove"):
        call.emu.publish(
            "keyboard.changed",
            call.bot,
            chat_id=chat.chat_id,
            reply_keyboard=chat.reply_keyboard,
        )


def deliver(call: Call, chat: ChatState, message_fields: dict[str, Any]) -> StoredMessage:
    """Store a new bot message after the flood check; count and publish it."""
    check_flood(call, chat)
    emu, bot = call.emu, call.bot
    message = chat.add_message(emu.clock.now(), bot.bot_id, from_bot=True, **message_fields)
    _apply_chat_markup(call, chat, message)
    bot.flood.record(chat.chat_id, emu.clock.monotonic())
    bot.stats.sends_accepted += 1
    publish_message(call, "message.created", message)
    return message


def message_result(call: Call, chat: ChatState, message: StoredMessage) -> dict[str, Any]:
    return message_api(call.emu, call.bot, chat, message)
