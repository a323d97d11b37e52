"""The Bot API over HTTP: `/bot<token>/<method>` and `/file/bot<token>/<path>`.

Answers are `{"ok": true, "result": ...}` or `{"ok": false, "error_code": N, "description":
"..."}` (plus `parameters.retry_after` for 429) with the same HTTP status, as Telegram sends
them. Scripted faults are applied here, before the method runs.

Logging never includes message texts, names or tokens: only bot ids, method names and status
codes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web

# The method modules register their handlers in api_core.METHODS when imported.
from . import methods_bot, methods_messages, methods_updates  # noqa: F401
from .api_core import METHODS, Call
from .errors import ApiError, not_found, unauthorized
from .faults import FaultRule
from .params import Params
from .state import BotState, Emulator

__all__ = ["EMULATOR_KEY", "HTTP_KEY", "execute", "handle_bot_request", "handle_file_download"]

log = logging.getLogger(__name__)

EMULATOR_KEY = web.AppKey("emulator", Emulator)
HTTP_KEY = web.AppKey("http_session", aiohttp.ClientSession)


def _json(payload: dict[str, Any], status: int) -> web.Response:
    return web.json_response(payload, status=status)


async def execute(
    emu: Emulator,
    bot: BotState,
    method: str,
    params: Params,
    http: aiohttp.ClientSession | None,
) -> tuple[int, dict[str, Any]]:
    """Run one Bot API method; return (HTTP status, JSON body)."""
    entry = METHODS.get(method.lower())
    if entry is None:
        bot.stats.unknown_methods[method] += 1
        log.warning("bot %s called %s, which the emulator does not implement", bot.bot_id, method)
        missing = not_found()
        emu.error_response(bot, missing)
        return missing.status, missing.payload()
    canonical, handler = entry
    bot.stats.methods[canonical] += 1
    try:
        if bot.logged_out and canonical != "logOut":
            raise unauthorized()
        result = await handler(Call(emu=emu, bot=bot, params=params, method=canonical, http=http))
    except ApiError as error:
        emu.error_response(bot, error)
        emu.publish(
            "api.error",
            bot,
            chat_id=_chat_id_of(params),
            method=canonical,
            error_code=error.status,
            description=error.description,
        )
        log.debug("bot %s %s -> %s", bot.bot_id, canonical, error.status)
        return error.status, error.payload()
    except Exception:
        # A bug in the emulator must be loud in tests, not look like a Telegram answer.
        log.exception("emulator failure in %s", canonical)
        failure = ApiError(500, f"Internal Server Error: emulator failure in {canonical}")
        emu.error_response(bot, failure)
        return failure.status, failure.payload()
    log.debug("bot %s %s -> 200", bot.bot_id, canonical)
    return 200, {"ok": True, "result": result}


def _canonical(method: str) -> str:
    entry = METHODS.get(method.lower())
    return entry[0] if entry else method


def _chat_id_of(params: Params) -> int | None:
    value = params.raw("chat_id")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _fault_chat(bot: BotState, method: str, params: Params) -> int | None:
    """The chat a call concerns, so that faults can be scripted per chat."""
    if method == "answercallbackquery":
        record = bot.callbacks.get(str(params.raw("callback_query_id") or ""))
        return record.chat_id if record else None
    return _chat_id_of(params)


async def _apply_fault(
    request: web.Request, emu: Emulator, bot: BotState, rule: FaultRule, chat_id: int | None
) -> web.StreamResponse | None:
    """Produce a scripted fault; None means "go on and run the method" (after a delay)."""
    bot.stats.faults_fired += 1
    emu.publish(
        "fault.fired",
        bot,
        chat_id=chat_id,
        method=rule.method,
        kind=rule.kind,
        error_code=rule.status or None,
        fault_id=rule.id,
    )
    if rule.kind == "delay":
        await asyncio.sleep(rule.delay)
        return None
    # The call was made even though it fails: count it like any other.
    bot.stats.methods[_canonical(request.match_info["method"])] += 1
    if rule.kind == "garbage":
        return web.Response(status=rule.status, text=rule.body, content_type="text/html")
    if rule.kind == "reset":
        if request.transport is not None:
            request.transport.abort()
        # Nothing can be written any more; aiohttp drops the response quietly.
        raise asyncio.CancelledError
    error = ApiError(rule.status, rule.description, retry_after=rule.retry_after)
    emu.error_response(bot, error)
    return _json(error.payload(), error.status)


async def handle_bot_request(request: web.Request) -> web.StreamResponse:
    emu = request.app[EMULATOR_KEY]
    try:
        bot = emu.bot_for_token(request.match_info["token"])
        params = await Params.from_request(request, emu.config.max_upload_bytes)
    except ApiError as error:
        return _json(error.payload(), error.status)
    method = request.match_info["method"]
    chat_id = _fault_chat(bot, method.lower(), params)
    rule = emu.faults.take(bot.bot_id, method.lower(), chat_id)
    if rule is not None:
        response = await _apply_fault(request, emu, bot, rule, chat_id)
        if response is not None:
            return response
    status, payload = await execute(emu, bot, method, params, request.app.get(HTTP_KEY))
    return _json(payload, status)


async def handle_file_download(request: web.Request) -> web.StreamResponse:
    emu = request.app[EMULATOR_KEY]
    try:
        emu.bot_for_token(request.match_info["token"])
    except ApiError:
        raise web.HTTPUnauthorized() from None
    stored = emu.file_by_path(request.match_info["path"])
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(
        body=stored.data, content_type=stored.mime_type or "application/octet-stream"
    )
