"""getUpdates and the webhook methods.

Long polling follows the official server (tdlib/telegram-bot-api, `do_get_updates` and
`abort_long_poll`): a request with nothing to return waits up to `timeout` seconds (at most 50);
a new getUpdates for the same bot terminates the one still waiting, which gets 409 "terminated
by other getUpdates request"; and getUpdates answers 409 while a webhook is set.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

from .api_core import Call, api_method
from .errors import POLL_TERMINATED, WEBHOOK_ACTIVE, bad_request, conflict
from .state import BotState
from .updates import ALL_UPDATE_TYPES
from .webhook import start_webhook, stop_webhook

__all__ = ["terminate_long_poll"]

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _allowed_updates(call: Call) -> list[str] | None:
    raw = call.params.json("allowed_updates")
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise bad_request("can't parse allowed_updates JSON array")
    # Unknown names are ignored by Telegram.
    return [item for item in raw if item in ALL_UPDATE_TYPES]


def terminate_long_poll(bot: BotState, reason: str) -> None:
    if bot.long_poll is not None and not bot.long_poll.done():
        bot.long_poll.set_result(reason)
    bot.long_poll = None


@api_method("getUpdates")
async def get_updates(call: Call) -> list[dict[str, Any]]:
    bot = call.bot
    if bot.webhook.url:
        raise conflict(WEBHOOK_ACTIVE)
    offset = call.params.integer("offset") or 0
    limit = min(max(call.params.integer("limit") or 100, 1), 100)
    timeout = min(
        max(call.params.integer("timeout") or 0, 0), call.emu.config.long_poll_max_timeout
    )
    allowed = _allowed_updates(call)
    if allowed is not None:
        bot.allowed_updates = allowed

    terminate_long_poll(bot, "terminated")
    bot.updates.confirm(offset)
    updates = bot.updates.peek(limit)
    if updates or timeout == 0:
        return updates

    mine: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    bot.long_poll = mine
    try:
        await bot.updates.wait(timeout, mine)
    finally:
        if bot.long_poll is mine:
            bot.long_poll = None
    if mine.done():
        reason = mine.result()
        if reason == "terminated":
            raise conflict(POLL_TERMINATED)
        if reason == "webhook":
            raise conflict(WEBHOOK_ACTIVE)
        return []  # emulator reset or shutdown: an empty answer, the poller simply retries
    mine.cancel()
    return bot.updates.peek(limit)


@api_method("setWebhook")
async def set_webhook(call: Call) -> bool:
    bot = call.bot
    url = call.params.string("url") or ""
    if not url:
        return await delete_webhook(call)
    parts = urlsplit(url)
    # Telegram requires HTTPS on ports 443/80/88/8443; a local emulator must accept plain
    # HTTP on any port so that tests can receive webhooks.
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: HTTPS url must be provided for webhook")
    secret = call.params.string("secret_token")
    if secret is not None and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = call.params.integer("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be in 1-100")
    allowed = _allowed_updates(call)
    if allowed is not None:
        bot.allowed_updates = allowed
    if call.params.boolean("drop_pending_updates"):
        bot.updates.clear()
    bot.webhook.url = url
    bot.webhook.secret_token = secret
    bot.webhook.max_connections = max_connections
    bot.webhook.ip_address = call.params.string("ip_address")
    bot.webhook.last_error_date = None
    bot.webhook.last_error_message = None
    terminate_long_poll(bot, "webhook")
    start_webhook(call.emu, bot, call.http)
    call.emu.publish("webhook.set", bot, url=url)
    return True


@api_method("deleteWebhook")
async def delete_webhook(call: Call) -> bool:
    bot = call.bot
    stop_webhook(bot)
    bot.webhook.url = ""
    bot.webhook.secret_token = None
    if call.params.boolean("drop_pending_updates"):
        bot.updates.clear()
    call.emu.publish("webhook.deleted", bot)
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(call: Call) -> dict[str, Any]:
    bot = call.bot
    info: dict[str, Any] = {
        "url": bot.webhook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates.pending),
    }
    if bot.webhook.url:
        info["max_connections"] = bot.webhook.max_connections
        if bot.webhook.ip_address:
            info["ip_address"] = bot.webhook.ip_address
        if bot.allowed_updates:
            info["allowed_updates"] = bot.allowed_updates
    if bot.webhook.last_error_date is not None:
        info["last_error_date"] = bot.webhook.last_error_date
        info["last_error_message"] = bot.webhook.last_error_message
    return info
