"""`python -m bot run` with WEBHOOK_URL set: serve the webhook until SIGTERM, then drain.

Start: migrate (unless MIGRATE_ON_START=false), start the sender and scheduler, listen, then
setWebhook with the secret and the update types the routers use. Every instance may call
setWebhook (same values: idempotent); none deletes it on stop, the others still serve it.

Stop (SIGTERM/SIGINT): /readyz turns 503 and new webhook requests get 503 (Telegram resends
them to another instance); requests being handled finish (up to DRAIN_SECONDS); then the
sender lets sends on the wire finish and releases the rows it claimed; then connections close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web
from apscheduler.triggers.interval import IntervalTrigger

from bot.collector import freeze_start_up
from bot.config import Settings
from bot.event_loop import loop_name
from bot.features import JobContext, job
from bot.metrics import ErrorLogCounter
from bot.runtime import build_runtime
from bot.web import delivery
from bot.web.health import listen
from bot.web.pages import mount
from bot.web.server import WebContext, WebState, build_app

log = logging.getLogger("jol.app")

DRAIN_SECONDS = 20.0
PRUNE_SECONDS = 3600.0


async def _prune_deliveries(deps: JobContext) -> None:
    removed = await delivery.prune(deps.sessionmaker)
    if removed:
        log.info("old webhook delivery records removed", extra={"rows": removed})


# Webhook mode's own job: forget delivery records Telegram can no longer resend.
PRUNE_DELIVERIES = job(
    "webhook-deliveries-prune",
    lambda settings: IntervalTrigger(seconds=PRUNE_SECONDS),
    _prune_deliveries,
    start_now=True,
    misfire_grace_time=None,
)


async def run_webhook(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT; or, when the caller passes `stop` (tests), until it is set —
    then the caller owns the process: no signal handlers, no garbage-collector tuning."""
    assert settings.webhook_url and settings.webhook_secret, "checked by Settings"
    own_process = stop is None
    stop = stop or asyncio.Event()
    if own_process:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)

    runtime_built = build_runtime(
        settings,
        migrate=settings.migrate_on_start,
        observers=[delivery.HandlerTimeout(settings.webhook_handler_timeout)],
        extra_jobs=[PRUNE_DELIVERIES],
    )
    async with runtime_built as runtime:
        dispatcher, bot = runtime.dispatcher, runtime.bot
        assert dispatcher is not None
        error_lines = ErrorLogCounter(runtime.metrics)
        logging.getLogger().addHandler(error_lines)
        delivery.install(dispatcher, runtime.sessionmaker, settings.webhook_max_deliveries)
        state = WebState()
        secret = settings.webhook_secret.get_secret_value()
        context = WebContext(
            bot, dispatcher, secret, runtime.engine, runtime.cluster, runtime.metrics, state
        )
        app = build_app(context, settings.webhook_path)
        mount(app, runtime.web_pages())  # the staff console, at CONSOLE_URL's path
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        workflow = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}
        try:
            await dispatcher.emit_startup(bot=bot, **workflow)
            await runner.setup()
            await listen(
                runner, settings.webhook_host, settings.webhook_port, variable="WEBHOOK_PORT"
            )
            await bot.set_webhook(
                url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=dispatcher.resolve_used_update_types(),
                max_connections=settings.webhook_max_connections,
                drop_pending_updates=False,
            )
            if own_process:
                # Start-up objects live as long as the process: keep the collector off them.
                freeze_start_up()
            log.info(
                "bot started",
                extra={
                    "mode": "webhook",
                    "port": _bound_port(runner),
                    "cluster": runtime.cluster.kind,
                    "loop": loop_name(),
                },
            )
            await stop.wait()
        finally:
            state.draining = True
            await _drain(state)
            await runner.cleanup()
            with contextlib.suppress(Exception):
                await dispatcher.emit_shutdown(bot=bot, **workflow)
            logging.getLogger().removeHandler(error_lines)
    log.info("bot stopped")


async def _drain(state: WebState) -> None:
    """Let webhook requests being handled finish (their updates commit and are answered 200)."""
    pending = [t for t in state.inflight if not t.done()]
    if not pending:
        return
    log.info("draining webhook requests", extra={"requests": len(pending)})
    _done, late = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
    for task in late:
        task.cancel()  # their updates roll back, answer nothing, and Telegram resends them


def _bound_port(runner: web.AppRunner) -> int | None:
    addresses = runner.addresses
    return int(addresses[0][1]) if addresses else None


__all__ = ["run_webhook"]
