"""The aiohttp application of webhook mode: the webhook itself, /healthz, /readyz, /metrics.

Only the webhook path should be reachable from the internet (the reverse proxy forwards just
that path); the other three are for the orchestrator and Prometheus on the private network.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bot_session import drop_pressed_echoes, webhook_reply_body
from bot.cluster import Cluster
from bot.metrics import Metrics
from bot.middlewares.clean_text import CLEAN_FLAG, json_may_hold_hostile
from bot.web.delivery import Delivery, is_update, policy_of, why_ignored
from db.migrate import is_current

log = logging.getLogger("jol.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
SERVICE_PATHS = ("/healthz", "/readyz", "/metrics")
READY_TIMEOUT = 5.0


async def readiness(
    *, stopping: bool, engine: AsyncEngine, ping: Callable[[], Awaitable[Any]] | None
) -> web.Response:
    """/readyz of every server (webhook and health side server): not stopping, database
    reachable and fully migrated, the cluster's Redis (if any) answering."""
    if stopping:
        return web.json_response({"ready": False, "reason": "stopping"}, status=503)
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            current = await is_current(engine)
            if ping is not None:
                await ping()
    except Exception as exc:
        reason = f"unreachable: {type(exc).__name__}"
        return web.json_response({"ready": False, "reason": reason}, status=503)
    if not current:
        reason = "database migrations are not current"
        return web.json_response({"ready": False, "reason": reason}, status=503)
    return web.json_response({"ready": True})


METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class WebState:
    """Shared between the request handlers and the run loop (draining on shutdown)."""

    draining: bool = False
    inflight: set[asyncio.Task[Any]] = field(default_factory=set)


@dataclass
class WebContext:
    bot: Bot
    dispatcher: Dispatcher
    secret: str
    engine: AsyncEngine
    cluster: Cluster
    metrics: Metrics
    state: WebState


def build_app(ctx: WebContext, webhook_path: str) -> web.Application:
    if webhook_path in SERVICE_PATHS:
        raise ValueError(f"the webhook path {webhook_path} is reserved")
    handlers = _Handlers(ctx)
    # Updates are small JSON documents; Telegram's own limit on a request is far below this.
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app.add_routes(
        [
            web.post(webhook_path, handlers.webhook),
            web.get("/healthz", handlers.healthz),
            web.get("/readyz", handlers.readyz),
            web.get("/metrics", handlers.metrics),
        ]
    )
    return app


class _Handlers:
    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        self.secret = ctx.secret.encode()

    def _answer(self, result: str, status: int = 200, **headers: str) -> web.Response:
        self.ctx.metrics.webhook.labels(result=result).inc()
        return web.Response(status=status, headers=headers or None)

    async def webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return self._answer("unauthorized", 401)
        if self.ctx.state.draining:
            # Stopping: Telegram resends it, through the proxy, to an instance that runs on.
            return self._answer("draining", 503, **{"Retry-After": "1"})
        try:
            body = await request.text()
            payload = json.loads(body)
        except ValueError:
            return self._answer("bad_request", 400)
        if not is_update(payload):
            return self._answer("bad_request", 400)
        ignored = why_ignored(payload)
        if ignored is not None:
            # From Telegram (it had the secret) but impossible to handle: resending cannot
            # change that, and it would hold up the chat's later updates.
            log.warning("update ignored", extra={"reason": ignored})
            return self._answer("ignored")
        bot = self.ctx.bot
        try:
            update = Update.model_validate(drop_pressed_echoes(payload), context={"bot": bot})
        except ValidationError as exc:
            # From Telegram but not understood (an aiogram older than the Bot API?): resending
            # would not help and would hold up this chat's later updates.
            log.error(
                "update not understood; dropped",
                extra={"update_id": payload["update_id"], "errors": exc.error_count()},
            )
            return self._answer("gave_up")
        task = asyncio.current_task()
        assert task is not None
        self.ctx.state.inflight.add(task)
        delivery = Delivery(bot.id, update.update_id)
        try:
            clean = {CLEAN_FLAG: True} if not json_may_hold_hostile(body) else {}
            result = await self.ctx.dispatcher.feed_update(
                bot, update, jol_delivery=delivery, **clean
            )
            if isinstance(result, TelegramMethod):
                # A handler returned a method instead of calling it: call it here, like polling
                # does, rather than in the answer, where a failure would go unnoticed.
                await self.ctx.dispatcher.silent_call_request(bot, result)
        except Exception as exc:
            policy = policy_of(self.ctx.dispatcher)
            if not delivery.failed and not delivery.gave_up and policy is not None:
                # Failed outside the handlers (not counted yet): counted now, so it ends too.
                await policy.failed_outside_handlers(delivery, type(exc).__name__)
            if delivery.gave_up:
                return self._answer("gave_up")
            return self._answer("retry", 500)
        finally:
            self.ctx.state.inflight.discard(task)
        if delivery.gave_up:
            return self._answer("gave_up")
        if delivery.duplicate:
            return self._answer("duplicate")
        response = self._answer("ok")
        if delivery.reply is not None:
            reply = webhook_reply_body(bot, delivery.reply)
            if reply is None:  # cannot go as a reply: called as usual
                await self.ctx.dispatcher.silent_call_request(bot, delivery.reply)
            else:
                response.body = reply
                response.content_type = "application/json"
        return response

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"alive": True})

    async def readyz(self, request: web.Request) -> web.Response:
        """Ready to take updates: not stopping, database reachable and fully migrated, Redis
        (when configured) answering."""
        return await readiness(
            stopping=self.ctx.state.draining, engine=self.ctx.engine, ping=self.ctx.cluster.ping
        )

    async def metrics(self, request: web.Request) -> web.Response:
        body = await self.ctx.metrics.render()
        return web.Response(body=body.encode(), headers={"Content-Type": METRICS_CONTENT_TYPE})


__all__ = ["SECRET_HEADER", "WebContext", "WebState", "build_app"]
