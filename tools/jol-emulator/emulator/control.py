"""The control API under `/__control/`: drive simulated users and inspect what the bot did.

Used by tests (through `emulator.client.EmulatorClient`) and by the browser playground.
Requests and answers are JSON; errors are `{"error": "..."}` with a 4xx status. Calls that
cause events answer with `seq`, the event sequence number right after the action, so a caller
can wait for "what happened after this" without races.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .bot_api import EMULATOR_KEY
from .faults import FaultRule
from .methods_bot import command_menu_for
from .params import named_parts
from .render import file_control, message_control
from .simulate import (
    SimulationError,
    press_inline_button,
    press_reply_button,
    send_contact,
    send_file,
    send_start,
    send_text,
    set_blocked,
)
from .state import BotState, ChatState, Emulator, GroupChat, SimUser

__all__ = ["CLOSING_KEY", "control_routes"]

CLOSING_KEY = web.AppKey("closing", asyncio.Event)
JsonHandler = Callable[[web.Request, Emulator], Awaitable[Any]]


class ControlError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _endpoint(handler: JsonHandler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a handler: JSON in and out, errors as {"error": ...}."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        emu = request.app[EMULATOR_KEY]
        try:
            result = await handler(request, emu)
        except (ControlError, SimulationError) as error:
            return web.json_response({"error": str(error)}, status=error.status)
        except LookupError as error:
            return web.json_response({"error": str(error).strip("'\"")}, status=404)
        except (ValueError, TypeError) as error:
            return web.json_response({"error": str(error)}, status=400)
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response(result, dumps=_dumps)

    return wrapped


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError("the body must be JSON") from None
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def _int(source: Any, name: str, *, required: bool = False) -> int | None:
    value = source.get(name)
    if value is None or value == "":
        if required:
            raise ControlError(f"{name} is required")
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ControlError(f"{name} must be an integer") from None


def _bot(emu: Emulator, source: Any) -> BotState:
    return emu.resolve_bot(_int(source, "bot_id"))


def _user(emu: Emulator, source: Any) -> SimUser:
    user_id = _int(source, "user_id", required=True)
    user = emu.users.get(user_id or 0)
    if user is None:
        raise ControlError(f"user {user_id} does not exist; create it first", 404)
    return user


def _where(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "chat_id": _int(source, "chat_id"),
        "message_thread_id": _int(source, "message_thread_id"),
        "reply_to_message_id": _int(source, "reply_to_message_id"),
    }


# --- bots, users, groups -----------------------------------------------------------------


def _bot_info(bot: BotState) -> dict[str, Any]:
    return {
        **bot.to_api(),
        "bot_id": bot.bot_id,
        "webhook_url": bot.webhook.url or None,
        "pending_updates": len(bot.updates.pending),
        "allowed_updates": bot.allowed_updates,
        "logged_out": bot.logged_out,
    }


async def health(request: web.Request, emu: Emulator) -> Any:
    return {
        "ok": True,
        "bots": len(emu.bots),
        "users": len(emu.users),
        "last_seq": emu.events.last_seq,
    }


async def register_bot(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    token = body.get("token")
    if not isinstance(token, str):
        raise ControlError("token is required")
    bot = emu.register_bot(
        token,
        username=body.get("username"),
        first_name=body.get("first_name"),
        has_topics_enabled=bool(body.get("has_topics_enabled")),
    )
    bot.logged_out = False
    return _bot_info(bot)


async def list_bots(request: web.Request, emu: Emulator) -> Any:
    return {"bots": [_bot_info(bot) for bot in emu.bots.values()]}


async def bot_profile(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    return {
        **_bot_info(bot),
        "descriptions": bot.descriptions,
        "short_descriptions": bot.short_descriptions,
        "names": bot.names,
        "default_menu_button": bot.default_menu_button,
        "webhook": {
            "url": bot.webhook.url,
            "has_secret_token": bool(bot.webhook.secret_token),
            "last_error_date": bot.webhook.last_error_date,
            "last_error_message": bot.webhook.last_error_message,
        },
    }


_USER_FIELDS = ("first_name", "last_name", "username", "language_code", "phone_number")


async def upsert_user(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    user_id = _int(body, "id", required=True)
    assert user_id is not None
    if user_id <= 0:
        raise ControlError("a user id is a positive integer")
    fields: dict[str, Any] = {name: body.get(name) for name in _USER_FIELDS}
    for flag in ("is_premium", "deactivated"):
        if flag in body:
            fields[flag] = bool(body[flag])
    return emu.upsert_user(user_id, **fields).to_control()


async def list_users(request: web.Request, emu: Emulator) -> Any:
    return {"users": [user.to_control() for user in emu.users.values()]}


async def get_user(request: web.Request, emu: Emulator) -> Any:
    user = emu.users.get(int(request.match_info["user_id"]))
    if user is None:
        raise ControlError("no such user", 404)
    return user.to_control()


async def create_group(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    group_id = _int(body, "id") or -(1_000_000_000_000 + len(emu.groups) + 1)
    if group_id >= 0:
        raise ControlError("group ids are negative")
    kind = body.get("type", "supergroup")
    if kind not in ("group", "supergroup"):
        raise ControlError('type is "group" or "supergroup"')
    group = GroupChat(
        id=group_id,
        title=str(body.get("title") or f"Group {-group_id}"),
        type=kind,
        is_forum=bool(body.get("is_forum")) and kind == "supergroup",
        username=body.get("username"),
    )
    emu.groups[group_id] = group
    return group.to_api()


# --- chats and messages ------------------------------------------------------------------


def _chat_summary(emu: Emulator, bot: BotState, chat: ChatState) -> dict[str, Any]:
    live = [m for m in chat.messages.values() if not m.deleted]
    user = emu.users.get(chat.chat_id)
    return {
        "chat": emu.chat_api(chat.chat_id),
        "user": user.to_control() if user else None,
        "blocked": chat.chat_id in bot.blocked,
        "message_count": len(live),
        "last_message": message_control(emu, bot, live[-1]) if live else None,
        "reply_keyboard": chat.reply_keyboard,
    }


async def list_chats(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    return {"chats": [_chat_summary(emu, bot, chat) for chat in bot.chats.values()]}


def _chat(emu: Emulator, bot: BotState, request: web.Request) -> ChatState:
    chat_id = int(request.match_info["chat_id"])
    chat = bot.chats.get(chat_id)
    if chat is None:
        raise ControlError(f"the bot has no chat {chat_id}", 404)
    return chat


async def get_chat(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    chat = _chat(emu, bot, request)
    include_deleted = request.query.get("include_deleted", "1") not in ("0", "false")
    limit = _int(request.query, "limit")
    if limit is not None and limit < 1:
        raise ControlError("limit must be at least 1")
    shown = [m for m in chat.messages.values() if include_deleted or not m.deleted]
    # `limit`: only the newest messages. A client polling a long chat (a bench's people, a
    # playground tab) then costs what it reads, not the whole history on every poll.
    messages = [message_control(emu, bot, m) for m in shown[-limit if limit else 0 :]]
    return {
        **_chat_summary(emu, bot, chat),
        "chat_instance": chat.chat_instance,
        "force_reply": chat.force_reply,
        "topics": [{"message_thread_id": k, **v} for k, v in chat.topics.items()],
        "menu_button": chat.menu_button or bot.default_menu_button,
        "messages": messages,
    }


async def chat_messages(request: web.Request, emu: Emulator) -> Any:
    result = await get_chat(request, emu)
    return {"chat": result["chat"], "messages": result["messages"]}


# --- user actions ------------------------------------------------------------------------


async def user_send_text(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    text = body.get("text")
    if not isinstance(text, str):
        raise ControlError("text is required")
    return send_text(emu, _bot(emu, body), _user(emu, body), text, **_where(body))


async def user_start(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    payload = body.get("payload")
    return send_start(
        emu, _bot(emu, body), _user(emu, body), payload if payload else None, **_where(body)
    )


async def user_send_contact(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    return send_contact(
        emu,
        _bot(emu, body),
        _user(emu, body),
        phone_number=body.get("phone_number"),
        first_name=body.get("first_name"),
        last_name=body.get("last_name"),
        user_id=_int(body, "contact_user_id"),
        **_where(body),
    )


async def _upload_fields(request: web.Request) -> tuple[dict[str, Any], bytes, str, str | None]:
    """Fields and file of an upload: multipart with a `file` part, or JSON with base64."""
    if request.content_type == "multipart/form-data":
        fields: dict[str, Any] = {}
        data, file_name, mime = b"", "file", None
        async for part in named_parts(request):
            assert part.name is not None
            if part.filename is not None:
                data, file_name = await part.read(), part.filename
                mime = part.headers.get("Content-Type")
            else:
                fields[part.name] = await part.text()
        file_name = fields.get("file_name") or file_name
        mime = fields.get("mime_type") or mime
        return fields, data, file_name, mime
    body = await _body(request)
    try:
        data = base64.b64decode(str(body.get("data_base64", "")), validate=True)
    except binascii.Error:
        raise ControlError("data_base64 is not valid base64") from None
    return body, data, str(body.get("file_name") or "file"), body.get("mime_type")


async def _user_upload(request: web.Request, emu: Emulator, *, as_photo: bool) -> Any:
    fields, data, file_name, mime = await _upload_fields(request)
    return send_file(
        emu,
        _bot(emu, fields),
        _user(emu, fields),
        data=data,
        file_name=file_name,
        mime_type=mime,
        caption=fields.get("caption") or None,
        as_photo=as_photo,
        **_where(fields),
    )


async def user_send_document(request: web.Request, emu: Emulator) -> Any:
    return await _user_upload(request, emu, as_photo=False)


async def user_send_photo(request: web.Request, emu: Emulator) -> Any:
    return await _user_upload(request, emu, as_photo=True)


async def user_press_button(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    return press_inline_button(
        emu,
        _bot(emu, body),
        _user(emu, body),
        chat_id=_int(body, "chat_id"),
        message_id=_int(body, "message_id"),
        callback_data=body.get("callback_data"),
        text=body.get("text"),
        forged=bool(body.get("forged", False)),
    )


async def user_press_reply_button(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    text = body.get("text")
    if not isinstance(text, str):
        raise ControlError("text is required")
    return press_reply_button(
        emu, _bot(emu, body), _user(emu, body), text, chat_id=_int(body, "chat_id")
    )


async def user_block(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    return set_blocked(emu, _bot(emu, body), _user(emu, body), blocked=True)


async def user_unblock(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    return set_blocked(emu, _bot(emu, body), _user(emu, body), blocked=False)


# --- inspection --------------------------------------------------------------------------


async def commands(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    menus = [
        {"scope": json.loads(scope), "language_code": language, "commands": items}
        for (scope, language), items in bot.commands.items()
    ]
    result: dict[str, Any] = {"menus": menus}
    user_id = _int(request.query, "user_id")
    if user_id is not None:
        user = emu.users.get(user_id)
        language = request.query.get("language_code") or (user.language_code if user else None)
        result["effective"] = command_menu_for(bot, user_id, language)
    return result


def _callbacks(emu: Emulator, bot: BotState) -> list[dict[str, Any]]:
    now = emu.clock.monotonic()
    timeout = emu.config.callback_answer_timeout
    return [r.to_control(now, timeout) for r in bot.callbacks.values() if not r.answered]


async def stats(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    unanswered = _callbacks(emu, bot)
    return {
        "bot_id": bot.bot_id,
        **bot.stats.as_dict(),
        "unanswered_callbacks": unanswered,
        "unanswered_callbacks_count": len(unanswered),
        "pending_updates": len(bot.updates.pending),
        "flood": emu.flood_config.as_dict(),
    }


async def pending_updates(request: web.Request, emu: Emulator) -> Any:
    bot = _bot(emu, request.query)
    return {"updates": bot.updates.pending, "allowed_updates": bot.allowed_updates}


async def get_flood(request: web.Request, emu: Emulator) -> Any:
    return emu.flood_config.as_dict()


async def set_flood(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    emu.flood_config.update(body)
    if body.get("enabled") is False:
        for bot in emu.bots.values():  # lifting the limits also lifts running bans
            bot.flood.banned_until = 0.0
            bot.flood.chat_banned_until.clear()
    return emu.flood_config.as_dict()


def _fault_info(rule: FaultRule) -> dict[str, Any]:
    return rule.as_dict()


async def add_fault(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    rule = emu.faults.add(
        kind=str(body.get("kind", "error")),
        count=_int(body, "count") or 1,
        method=body.get("method"),
        chat_id=_int(body, "chat_id"),
        bot_id=_int(body, "bot_id"),
        status=_int(body, "status"),
        description=body.get("description"),
        retry_after=_int(body, "retry_after"),
        delay=float(body.get("delay") or 0),
        body=body.get("body"),
    )
    return _fault_info(rule)


async def list_faults(request: web.Request, emu: Emulator) -> Any:
    return {"faults": [_fault_info(rule) for rule in emu.faults.rules]}


async def clear_faults(request: web.Request, emu: Emulator) -> Any:
    fault_id = request.match_info.get("fault_id")
    if fault_id is None:
        emu.faults.clear()
        return {"removed": True}
    return {"removed": emu.faults.remove(int(fault_id))}


async def get_config(request: web.Request, emu: Emulator) -> Any:
    return emu.config.as_dict()


async def set_config(request: web.Request, emu: Emulator) -> Any:
    emu.config.update(await _body(request))
    return emu.config.as_dict()


async def advance_clock(request: web.Request, emu: Emulator) -> Any:
    body = await _body(request)
    emu.clock.advance(float(body.get("seconds", 0)))
    return {"offset": emu.clock.offset, "time": emu.clock.time()}


async def reset(request: web.Request, emu: Emulator) -> Any:
    emu.reset()
    return {"ok": True, "seq": emu.events.last_seq}


async def download(request: web.Request, emu: Emulator) -> Any:
    stored = emu.files.get(request.match_info["file_id"])
    if stored is None:
        raise ControlError("no such file", 404)
    headers = {}
    if stored.file_name:
        headers["Content-Disposition"] = f'inline; filename="{stored.file_name}"'
    return web.Response(
        body=stored.data,
        content_type=stored.mime_type or "application/octet-stream",
        headers=headers,
    )


async def file_info(request: web.Request, emu: Emulator) -> Any:
    stored = emu.files.get(request.match_info["file_id"])
    if stored is None:
        raise ControlError("no such file", 404)
    return file_control(stored)


# --- events ------------------------------------------------------------------------------


def _event_filters(request: web.Request) -> dict[str, Any]:
    return {"chat_id": _int(request.query, "chat_id"), "bot_id": _int(request.query, "bot_id")}


async def poll_events(request: web.Request, emu: Emulator) -> Any:
    """Long poll: events after `after`, waiting up to `timeout` seconds for the first one."""
    after = _int(request.query, "after")
    after = emu.events.last_seq if after is None else after
    timeout = min(float(request.query.get("timeout", 0) or 0), 60.0)
    events = await emu.events.wait(after, timeout, **_event_filters(request))
    return {"events": events, "last_seq": emu.events.last_seq}


async def stream_events(request: web.Request, emu: Emulator) -> Any:
    """Server-Sent Events; resumable with `Last-Event-ID` or `?after=`."""
    closing = request.app[CLOSING_KEY]
    after = _int(request.query, "after")
    if after is None:
        after = _int(request.headers, "Last-Event-ID")
    cursor = emu.events.last_seq if after is None else after
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    await response.write(b": connected\n\n")
    filters = _event_filters(request)
    while not closing.is_set():
        events = await emu.events.wait(cursor, 15.0, **filters)
        if not events:
            await response.write(b": keep-alive\n\n")
            continue
        for event in events:
            cursor = event["seq"]
            data = _dumps(event)
            await response.write(
                f"id: {cursor}\nevent: {event['type']}\ndata: {data}\n\n".encode()
            )
    return response


def control_routes(prefix: str = "/__control") -> list[web.RouteDef]:
    def get(path: str, handler: JsonHandler) -> web.RouteDef:
        return web.get(prefix + path, _endpoint(handler), allow_head=False)

    def post(path: str, handler: JsonHandler) -> web.RouteDef:
        return web.post(prefix + path, _endpoint(handler))

    def delete(path: str, handler: JsonHandler) -> web.RouteDef:
        return web.delete(prefix + path, _endpoint(handler))

    return [
        get("/health", health),
        get("/config", get_config),
        post("/config", set_config),
        get("/bots", list_bots),
        post("/bots", register_bot),
        get("/bot", bot_profile),
        get("/users", list_users),
        post("/users", upsert_user),
        get("/users/{user_id}", get_user),
        post("/groups", create_group),
        get("/chats", list_chats),
        get("/chats/{chat_id}", get_chat),
        get("/chats/{chat_id}/messages", chat_messages),
        post("/send_text", user_send_text),
        post("/start", user_start),
        post("/send_contact", user_send_contact),
        post("/send_document", user_send_document),
        post("/send_photo", user_send_photo),
        post("/press_button", user_press_button),
        post("/press_reply_button", user_press_reply_button),
        post("/block", user_block),
        post("/unblock", user_unblock),
        get("/commands", commands),
        get("/stats", stats),
        get("/updates", pending_updates),
        get("/flood", get_flood),
        post("/flood", set_flood),
        get("/faults", list_faults),
        post("/faults", add_fault),
        delete("/faults", clear_faults),
        delete("/faults/{fault_id}", clear_faults),
        post("/clock", advance_clock),
        post("/reset", reset),
        get("/files/{file_id}", download),
        get("/files/{file_id}/info", file_info),
        get("/events", stream_events),
        get("/events/poll", poll_events),
    ]
