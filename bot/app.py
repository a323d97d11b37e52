"""Run modes of the bot process: long polling (default) and migrations; webhook mode is
`bot/web/run.py`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from typing import Any

import aiogram.methods
from aiogram import Bot, Dispatcher, Router
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.methods.base import Response, TelegramMethod
from aiogram.utils.keyboard import KeyboardBuilder

from bot.background import start_background
from bot.cluster import build_cluster
from bot.commands import set_default_commands, set_staff_commands
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Catalog
from bot.metrics import Metrics, UpdateMetrics
from bot.web.health import HealthServer
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_to_head

log = logging.getLogger("jol.app")

DRAIN_SECONDS = 5.0
# Strong references to aiogram's answer models (see keep_response_models).
_RESPONSE_MODELS: list[type] = []


def tune_for_throughput(dispatcher: Dispatcher) -> None:
    """Start-up fixes measured in bench/updates.py (see the README, "Production")."""
    keep_response_models()
    run_sync_filters_inline(dispatcher)
    export_keyboards_without_deep_copies()


def keep_response_models() -> None:
    """aiogram validates every Bot API answer with `Response[<the method's return type>]`, and
    pydantic keeps such a generic model only in a weak cache: after each garbage collection the
    next call rebuilds it, which costs milliseconds. Build each one once and keep it."""
    if _RESPONSE_MODELS:
        return
    returning = {
        method.__returning__
        for method in vars(aiogram.methods).values()
        if isinstance(method, type)
        and issubclass(method, TelegramMethod)
        and method is not TelegramMethod  # its __returning__ is an abstract property
    }
    for answer in returning:
        _RESPONSE_MODELS.append(Response[answer])  # type: ignore[valid-type]


def run_sync_filters_inline(dispatcher: Dispatcher) -> None:
    """aiogram runs a filter that is a plain function (a `State` used as a filter, a `def`
    predicate) in a worker thread on every check, to keep a slow one from blocking the loop.
    Ours are instant and pure; a thread hop per check costs far more than the check, and a text
    message is checked against dozens of them. Run them on the loop instead."""

    def routers(router: Router) -> list[Router]:
        return [router, *(r for child in router.sub_routers for r in routers(child))]

    for router in routers(dispatcher):
        for observer in router.observers.values():
            handlers = [observer._handler, *observer.handlers]  # _handler: router-level filters
            for handler in handlers:
                for flt in handler.filters or ():
                    if not flt.awaitable and flt.magic is None:
                        _make_inline(flt)


def _make_inline(obj: CallableObject) -> None:
    sync = obj.callback

    async def inline(*args: object, **kwargs: object) -> object:
        return sync(*args, **kwargs)

    # `params`/`varkw` still describe `sync`, so it receives exactly the arguments it did.
    obj.callback = inline
    obj.awaitable = True


def export_keyboards_without_deep_copies() -> None:
    """aiogram's keyboard builders deep-copy every button (a pydantic model, field by field) in
    `as_markup()`, so that a builder could go on changing buttons it already handed out. No
    builder method changes a button in place and Jol never does either, so copying the rows is
    enough. The deep copies were 10-15 % of the bot's CPU in bench/updates.py."""
    if getattr(KeyboardBuilder.export, "_jol_shallow", False):
        return

    def export(self: KeyboardBuilder[Any]) -> list[list[Any]]:
        return [list(row) for row in self._markup]

    export._jol_shallow = True  # type: ignore[attr-defined]
    KeyboardBuilder.export = export  # type: ignore[method-assign]


async def migrate(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
        log.info("migrations applied")
    finally:
        await engine.dispose()


async def run_polling(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Migrate, start background work, long-poll until SIGTERM/SIGINT (or `stop`), then drain.
    Its own process (no `stop` given) also serves /healthz, /readyz, /metrics (bot/web/health.py);
    the playground, which passes `stop`, does not."""
    own_process = stop is None
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    engine = create_engine(settings.database_url)
    await upgrade_to_head(engine)
    sessionmaker = create_sessionmaker(engine)
    catalog = Catalog.load()
    bot = create_bot(settings)
    # One user's updates one at a time (polling runs them as concurrent tasks): a double tap
    # must not run two handlers against the same conversation state (bot/cluster.py).
    cluster = build_cluster(settings)
    metrics = Metrics()
    dispatcher = create_dispatcher(
        settings,
        sessionmaker,
        catalog,
        observers=[UpdateMetrics(metrics)],
        events_isolation=cluster.isolation,
    )
    tune_for_throughput(dispatcher)
    background = None
    health = HealthServer(engine, metrics, ping=cluster.ping)
    try:
        await set_default_commands(bot, catalog, settings.default_locale)
        await set_staff_commands(
            bot, sessionmaker, catalog, settings.admin_ids, settings.default_locale
        )
        background = await start_background(bot, settings, sessionmaker, catalog)
        if own_process:
            metrics.watch_outbox_worker(background.outbox.stats)
            metrics.watch_database(sessionmaker)
            await health.start(settings)
        # Start-up objects live for the whole process: keep the collector from re-walking them.
        gc.collect()
        gc.freeze()
        log.info("bot started", extra={"mode": "polling"})
        polling = asyncio.create_task(
            dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
        )
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if polling.done():
            polling.result()  # a crash of the polling loop surfaces here
        else:
            await dispatcher.stop_polling()
            await polling
        await _drain(dispatcher)
    finally:
        await health.stop()
        if background is not None:
            await background.stop()
        await cluster.close()
        await bot.session.close()
        await engine.dispose()
        log.info("bot stopped")


async def _drain(dispatcher: Dispatcher) -> None:
    """Let updates already being handled finish (their transactions commit) before exiting."""
    pending = set(getattr(dispatcher, "_handle_update_tasks", set()))
    if pending:
        _done, still = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
        for task in still:
            task.cancel()


__all__ = ["Bot", "migrate", "run_polling"]
