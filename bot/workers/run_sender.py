"""`python -m bot.workers.run_sender`: the outbox sender alone, without polling for updates.

For deployments where updates arrive by webhook in other processes, or to add sending capacity
next to `python -m bot`. Several may run against one PostgreSQL: rows are claimed with SKIP
LOCKED and leases, so none is sent twice; with OUTBOX_SINGLE_SENDER (the default) only one of
them sends at a time, so the global rate holds. Stops cleanly on SIGTERM/SIGINT.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging
from bot.runtime import build_runtime
from bot.startup import run_checked
from bot.web.health import HealthServer

log = logging.getLogger("jol.sender")


async def run(settings: Settings) -> dict[str, int]:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    # No dispatcher and no feature jobs: the sender, woken every OUTBOX_POLL_SECONDS by the
    # runtime's scheduler. Migrations are the bot's (or `python -m bot migrate`'s) to apply.
    async with build_runtime(
        settings, migrate=False, dispatcher=False, background=False
    ) as runtime:
        health = HealthServer(runtime.engine, runtime.metrics)
        try:
            await health.start(settings)  # first: a port in use stops it before it sends
            worker = (await runtime.start_background_work(sender_only=True)).outbox
            log.info("sender started")
            print(json.dumps({"event": "ready"}), flush=True)
            await stop.wait()
        finally:
            await health.stop()
    return dict(worker.stats)


def main() -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    stats: dict[str, int] = {}

    async def sender() -> None:
        stats.update(await run(settings))

    code = run_checked(settings, sender())
    if code == 0:
        print(json.dumps({"event": "stopped", "stats": stats}), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
