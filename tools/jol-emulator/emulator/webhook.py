"""Webhook delivery: POST each pending update to the bot, in order, until it is accepted.

Like Telegram, the emulator sends one update at a time as JSON with the
`X-Telegram-Bot-Api-Secret-Token` header, keeps the update pending while the endpoint answers
non-2xx or cannot be reached (retrying with exponential backoff), and reports the last error in
getWebhookInfo. A 2xx answer whose body is a Bot API method call (`{"method": ...}` as JSON or
multipart, which aiogram produces with `handle_in_background=False`) is executed, as Telegram
does with replies to webhook requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING, Any

import aiohttp

from .params import Params, Upload

if TYPE_CHECKING:
    from .state import BotState, Emulator

__all__ = ["start_webhook", "stop_webhook"]

log = logging.getLogger(__name__)


def start_webhook(emu: Emulator, bot: BotState, http: aiohttp.ClientSession | None) -> None:
    stop_webhook(bot)
    if http is None:
        log.warning("no HTTP client session: webhook updates will not be delivered")
        return
    bot.webhook.task = asyncio.get_running_loop().create_task(
        _deliver_forever(emu, bot, http), name=f"webhook-{bot.bot_id}"
    )


def stop_webhook(bot: BotState) -> None:
    if bot.webhook.task is not None:
        bot.webhook.task.cancel()
        bot.webhook.task = None


async def _deliver_forever(emu: Emulator, bot: BotState, http: aiohttp.ClientSession) -> None:
    delay = emu.config.webhook_retry_initial
    while bot.webhook.url:
        if not bot.updates.pending:
            await bot.updates.wait(3600)
            continue
        update = bot.updates.pending[0]
        error, reply = await _post(emu, bot, http, update)
        if error is None:
            bot.updates.drop(update["update_id"])
            bot.stats.webhook_deliveries += 1
            delay = emu.config.webhook_retry_initial
            # `reply`: the method the bot's response asked for (made next), or None.
            replied = str(reply.values["method"]) if reply is not None else None
            emu.publish("webhook.delivered", bot, update_id=update["update_id"], reply=replied)
            if reply is not None:
                await _execute_reply(emu, bot, http, reply)
            continue
        bot.stats.webhook_failures += 1
        bot.webhook.last_error_date = emu.clock.now()
        bot.webhook.last_error_message = error
        emu.publish("webhook.failed", bot, update_id=update["update_id"], error=error)
        await asyncio.sleep(delay)
        delay = min(delay * 2, emu.config.webhook_retry_max)


async def _post(
    emu: Emulator, bot: BotState, http: aiohttp.ClientSession, update: dict[str, Any]
) -> tuple[str | None, Params | None]:
    """Send one update; return (error text or None, method call in the reply or None)."""
    headers = {}
    if bot.webhook.secret_token:
        headers["X-Telegram-Bot-Api-Secret-Token"] = bot.webhook.secret_token
    try:
        async with http.post(
            bot.webhook.url,
            json=update,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=emu.config.webhook_timeout),
        ) as response:
            if not 200 <= response.status < 300:
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
                return error, None
            return None, await _reply_call(response)
    except TimeoutError:
        return "Read timeout expired", None
    except aiohttp.ClientConnectorError:
        return "Connection refused", None
    except aiohttp.ClientError as error:
        return f"Connection error: {type(error).__name__}", None


async def _reply_call(response: aiohttp.ClientResponse) -> Params | None:
    """Parse a method call from a webhook reply body, if there is one."""
    content_type = response.content_type
    values: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    if content_type == "application/json":
        with contextlib.suppress(ValueError):
            body = json.loads(await response.read() or b"null")
            if isinstance(body, dict):
                values = body
    elif content_type == "multipart/form-data":
        reader = aiohttp.MultipartReader.from_response(response)
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read()
            if part.filename is not None:
                uploads[part.name] = Upload(part.filename, part.headers.get("Content-Type"), data)
            else:
                values[part.name] = data.decode("utf-8", errors="replace")
    if not isinstance(values.get("method"), str):
        return None
    return Params(values, uploads)


async def _execute_reply(
    emu: Emulator, bot: BotState, http: aiohttp.ClientSession, params: Params
) -> None:
    from .bot_api import execute  # imported here: bot_api imports this module

    method = str(params.values.pop("method"))
    status, _payload = await execute(emu, bot, method, params, http)
    if status != 200:
        log.info("method %s returned by the webhook failed with %s", method, status)
