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
from bot.factory import create_bot
from bot.logs import setup_logging
from bot.metrics import Metrics
from bot.startup import run_checked
from bot.web.health import HealthServer
from bot.workers.outbox import OutboxWorker
from db.engine import create_engine, create_sessionmaker

log = logging.getLogger("jol.sender")


async def run(settings: Settings) -> dict[str, int]:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    engine = create_engine(settings.database_url)
    bot = create_bot(settings)
    sessionmaker = create_sessionmaker(engine)
    worker = OutboxWorker(bot, sessionmaker, settings)
    metrics = Metrics()
    metrics.watch_outbox_worker(worker.stats)
    metrics.watch_database(sessionmaker)
    health = HealthServer(engine, metrics)
    try:
        await health.start(settings)
        worker.start()
        log.info("sender started")
        print(json.dumps({"event": "ready"}), flush=True)
        while not stop.is_set():
            await worker.wake()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.outbox_poll_seconds)
    finally:
        await health.stop()
        await worker.stop()
        await bot.session.close()
        await engine.dispose()
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
