"""Long polling, the default run mode (webhook mode is `bot/web/run.py`, the sender alone
`bot/workers/run_sender.py`); all of them are built by `bot/runtime.py:build_runtime`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot.collector import freeze_start_up
from bot.config import Settings
from bot.event_loop import loop_name
from bot.runtime import Runtime, build_runtime
from bot.web.health import HealthServer
from bot.web.pages import PagesServer

log = logging.getLogger("jol.app")

DRAIN_SECONDS = 5.0


async def run_polling(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Migrate, start background work, long-poll until SIGTERM/SIGINT (or `stop`), then drain.
    Its own process (no `stop` given) also serves /healthz, /readyz, /metrics (bot/web/health.py)
    and the features' web pages (bot/web/pages.py); the playground, which builds its own
    runtime, serves them itself."""
    own_process = stop is None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    async with build_runtime(settings) as runtime:
        health = HealthServer(runtime.engine, runtime.metrics, ping=runtime.cluster.ping)
        pages = PagesServer()  # the staff console, where CONSOLE_URL points
        try:
            if own_process:
                await health.start(settings)
                await pages.start(runtime.web_pages())
            await poll_until_stopped(runtime, stop)
        finally:
            await pages.stop()
            await health.stop()
    log.info("bot stopped")


async def poll_until_stopped(runtime: Runtime, stop: asyncio.Event) -> None:
    """Long-poll with a built runtime until `stop` is set (or polling crashes), then let the
    updates being handled finish."""
    # Start-up objects live for the whole process: keep the collector from re-walking them.
    freeze_start_up()
    log.info("bot started", extra={"mode": "polling", "loop": loop_name()})
    polling = runtime.start_polling()
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if polling.done():
        polling.result()  # a crash of the polling loop surfaces here
    else:
        assert runtime.dispatcher is not None
        await runtime.dispatcher.stop_polling()
        await polling
    await runtime.drain(DRAIN_SECONDS)


__all__ = ["poll_until_stopped", "run_polling"]
