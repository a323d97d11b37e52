"""Bot API methods about the bot itself and its chats: identity, menus, files, topics."""

from __future__ import annotations

import json
import re
from typing import Any

from .api_core import Call, add_service_message, api_method, resolve_chat
from .errors import bad_request
from .render import message_api
from .state import BotState

__all__ = ["command_menu_for", "scope_key"]

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
# The six colours the Bot API allows for forum topic icons.
TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


@api_method("getMe")
async def get_me(call: Call) -> dict[str, Any]:
    return call.bot.to_api()


@api_method("logOut")
async def log_out(call: Call) -> bool:
    # After logOut the cloud server refuses the token (for 10 minutes on Telegram); here
    # until the emulator is reset or the bot is registered again.
    call.bot.logged_out = True
    return True


@api_method("close")
async def close(call: Call) -> bool:
    return True


# --- chats -------------------------------------------------------------------------------


@api_method("getChat")
async def get_chat(call: Call) -> dict[str, Any]:
    chat = resolve_chat(call, "read")
    info: dict[str, Any] = {
        **call.emu.chat_api(chat.chat_id),
        # Required by ChatFullInfo in recent Bot API versions.
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
    pinned = [m for m in chat.messages.values() if m.pinned and not m.deleted]
    if pinned:
        info["pinned_message"] = message_api(call.emu, call.bot, chat, pinned[-1])
    return info


@api_method("getChatMember")
async def get_chat_member(call: Call) -> dict[str, Any]:
    chat = resolve_chat(call, "read")
    user_id = call.params.integer("user_id", required=True) or 0
    if user_id == call.bot.bot_id:
        return {"status": "member", "user": call.bot.to_api()}
    user = call.emu.users.get(user_id)
    if user is None:
        raise bad_request("user not found")
    if not chat.is_group:
        if user_id != chat.chat_id:
            raise bad_request("user not found")
        status = "kicked" if user_id in call.bot.blocked else "member"
        member: dict[str, Any] = {"status": status, "user": user.to_api()}
        if status == "kicked":
            member["until_date"] = 0
        return member
    # Group membership is not modelled beyond "who wrote there".
    wrote = any(m.sender_id == user_id for m in chat.messages.values())
    return {"status": "member" if wrote else "left", "user": user.to_api()}


@api_method("createForumTopic")
async def create_forum_topic(call: Call) -> dict[str, Any]:
    chat = resolve_chat(call)
    group = call.emu.groups.get(chat.chat_id)
    is_forum = group.is_forum if group else call.bot.has_topics_enabled
    if not is_forum:
        raise bad_request("the chat is not a forum")
    name = call.params.string("name") or ""
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
    color = call.params.integer("icon_color") or TOPIC_COLORS[0]
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    topic: dict[str, Any] = {"name": name, "icon_color": color}
    emoji = call.params.string("icon_custom_emoji_id")
    if emoji:
        topic["icon_custom_emoji_id"] = emoji
    # The topic's id is the id of its "topic created" service message, as on Telegram.
    service = add_service_message(call, chat, {"forum_topic_created": dict(topic)})
    service.message_thread_id = service.message_id
    chat.topics[service.message_id] = topic
    call.emu.publish(
        "topic.created",
        call.bot,
        chat_id=chat.chat_id,
        message_thread_id=service.message_id,
        **topic,
    )
    return {"message_thread_id": service.message_id, **topic}


# --- files -------------------------------------------------------------------------------


@api_method("getFile")
async def get_file(call: Call) -> dict[str, Any]:
    file_id = call.params.string("file_id") or ""
    stored = call.emu.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > call.emu.config.max_download_bytes:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }


# --- commands ----------------------------------------------------------------------------


def _scope(call: Call) -> dict[str, Any]:
    raw = call.params.json("scope")
    if raw is None:
        return {"type": "default"}
    if not isinstance(raw, dict) or raw.get("type") not in _SCOPE_TYPES:
        raise bad_request("can't parse BotCommandScope: unsupported scope type")
    scope: dict[str, Any] = {"type": raw["type"]}
    if raw["type"] in ("chat", "chat_administrators", "chat_member"):
        try:
            chat_id = int(str(raw.get("chat_id")))
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id not in call.emu.users and chat_id not in call.emu.groups:
            raise bad_request("chat not found")
        scope["chat_id"] = chat_id
    if raw["type"] == "chat_member":
        user_id = raw.get("user_id")
        if not isinstance(user_id, int) or user_id not in call.emu.users:
            raise bad_request("user not found")
        scope["user_id"] = user_id
    return scope


def scope_key(scope: dict[str, Any]) -> str:
    return json.dumps(scope, sort_keys=True)


def _language(call: Call) -> str:
    language = call.params.string("language_code") or ""
    if language and not _LANGUAGE_RE.match(language):
        raise bad_request("invalid language code specified")
    return language


def _commands(call: Call) -> list[dict[str, str]]:
    raw = call.params.json("commands")
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > 100:
        raise bad_request("too many commands specified")
    commands = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: expected an Object")
        for field in ("command", "description"):
            if not isinstance(item.get(field), str):
                raise bad_request(f"can't parse BotCommand: Can't find field \"{field}\"")
        if not _COMMAND_RE.match(item["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        description = item["description"].strip()
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("command description is too long")
        commands.append({"command": item["command"], "description": description})
    return commands


@api_method("setMyCommands")
async def set_my_commands(call: Call) -> bool:
    commands = _commands(call)
    scope = _scope(call)
    language = _language(call)
    key = (scope_key(scope), language)
    if commands:
        call.bot.commands[key] = commands
    else:
        call.bot.commands.pop(key, None)
    call.emu.publish(
        "commands.changed", call.bot, scope=scope, language_code=language, commands=commands
    )
    return True


@api_method("getMyCommands")
async def get_my_commands(call: Call) -> list[dict[str, str]]:
    key = (scope_key(_scope(call)), _language(call))
    return list(call.bot.commands.get(key, []))


@api_method("deleteMyCommands")
async def delete_my_commands(call: Call) -> bool:
    scope = _scope(call)
    language = _language(call)
    call.bot.commands.pop((scope_key(scope), language), None)
    call.emu.publish(
        "commands.changed", call.bot, scope=scope, language_code=language, commands=[]
    )
    return True


def command_menu_for(bot: BotState, user_id: int, language: str | None) -> list[dict[str, str]]:
    """The menu a user sees in the private chat, by Telegram's documented lookup order."""
    scopes: list[dict[str, Any]] = [
        {"type": "chat", "chat_id": user_id},
        {"type": "all_private_chats"},
        {"type": "default"},
    ]
    for scope in scopes:
        for lang in ([language] if language else []) + [""]:
            commands = bot.commands.get((scope_key(scope), lang))
            if commands:
                return commands
    return []


# --- menu button, descriptions, names ----------------------------------------------------


def _menu_button(call: Call) -> dict[str, Any]:
    raw = call.params.json("menu_button")
    if raw is None:
        return {"type": "default"}
    if not isinstance(raw, dict) or raw.get("type") not in ("commands", "web_app", "default"):
        raise bad_request("can't parse menu button: unsupported type")
    if raw["type"] == "web_app":
        url = (raw.get("web_app") or {}).get("url", "")
        if not raw.get("text") or not str(url).startswith("https://"):
            raise bad_request("can't parse menu button: web_app needs text and an HTTPS url")
        return {"type": "web_app", "text": raw["text"], "web_app": {"url": url}}
    return {"type": raw["type"]}


@api_method("setChatMenuButton")
async def set_chat_menu_button(call: Call) -> bool:
    button = _menu_button(call)
    if call.params.has("chat_id"):
        chat = resolve_chat(call, "read")
        chat.menu_button = button
        chat_id: int | None = chat.chat_id
    else:
        call.bot.default_menu_button = button
        chat_id = None
    call.emu.publish("menu_button.changed", call.bot, chat_id=chat_id, menu_button=button)
    return True


@api_method("getChatMenuButton")
async def get_chat_menu_button(call: Call) -> dict[str, Any]:
    if call.params.has("chat_id"):
        chat = resolve_chat(call, "read")
        if chat.menu_button is not None:
            return chat.menu_button
    return call.bot.default_menu_button or {"type": "default"}


def _set_text(call: Call, field: str, store: dict[str, str], limit: int) -> bool:
    value = call.params.string(field) or ""
    if len(value) > limit:
        raise bad_request(f"{field.replace('_', ' ')} is too long")
    language = _language(call)
    if value:
        store[language] = value
    else:
        store.pop(language, None)
    call.emu.publish("profile.changed", call.bot, field=field, language_code=language)
    return True


def _get_text(call: Call, store: dict[str, str]) -> str:
    language = _language(call)
    return store.get(language, store.get("", ""))


@api_method("setMyDescription")
async def set_my_description(call: Call) -> bool:
    return _set_text(call, "description", call.bot.descriptions, 512)


@api_method("getMyDescription")
async def get_my_description(call: Call) -> dict[str, str]:
    return {"description": _get_text(call, call.bot.descriptions)}


@api_method("setMyShortDescription")
async def set_my_short_description(call: Call) -> bool:
    return _set_text(call, "short_description", call.bot.short_descriptions, 120)


@api_method("getMyShortDescription")
async def get_my_short_description(call: Call) -> dict[str, str]:
    return {"short_description": _get_text(call, call.bot.short_descriptions)}


@api_method("setMyName")
async def set_my_name(call: Call) -> bool:
    return _set_text(call, "name", call.bot.names, 64)


@api_method("getMyName")
async def get_my_name(call: Call) -> dict[str, str]:
    return {"name": _get_text(call, call.bot.names) or call.bot.first_name}
