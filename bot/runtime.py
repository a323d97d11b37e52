"""The one place a Jol process is put together: `build_runtime(settings)`.

Polling (`bot/app.py`), webhook (`bot/web/run.py`), the sender alone
(`bot/workers/run_sender.py`), the playground, the test harness (`tests/harness.py`) and the
benches all run the same set-up, so the tests run the production pipeline: the cluster's user
locks, the throughput tuning and the background jobs included.

In order, and torn down in reverse:
1. the database engine (migrations applied first, unless `migrate=False`);
2. the catalog (locales/*.ftl);
3. the content holder (`runtime.content`): the newest content release, else the seed YAML
   (bot/content_releases.py); the `content-poll` job keeps it on the newest release;
4. the cluster locks (bot/cluster.py: one user's updates never overlap across processes);
5. the Bot (bot/factory.py);
6. the Dispatcher with the root router built from `features` (bot/factory.py), tuned
   (bot/aiogram_compat.py); the bot's command menus are set;
7. the background work: the outbox sender and one APScheduler running the runtime's jobs and
   every feature's `jobs` (bot/background.py).
The features' web pages (the staff console) are built on request, `runtime.web_pages()`, by
the run mode that serves them (bot/web/pages.py).

What a run mode adds on top (the polling loop, the webhook server, signal handling, the health
side server) stays in the run mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.aiogram_compat import InFlightUpdates, close_session_now, tune_for_throughput
from bot.background import Background, start_background
from bot.cluster import Cluster, build_cluster
from bot.commands import set_default_commands, set_staff_commands
from bot.config import Settings
from bot.content_releases import open_holder
from bot.factory import create_bot, create_dispatcher
from bot.features import Feature, JobSpec
from bot.i18n import Catalog
from bot.metrics import Metrics, UpdateMetrics
from bot.sender import pace_replies
from content.library import ContentHolder
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_to_head

log = logging.getLogger("jol.runtime")


@dataclass
class Runtime:
    settings: Settings
    features: tuple[Feature, ...]
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: Catalog
    # The content library the bot serves (content/library.py), swapped whole on a release.
    content: ContentHolder
    cluster: Cluster
    bot: Bot
    metrics: Metrics
    dispatcher: Dispatcher | None = None
    background: Background | None = None
    in_flight: InFlightUpdates = field(default_factory=InFlightUpdates)
    _teardown: contextlib.AsyncExitStack = field(
        default_factory=contextlib.AsyncExitStack, repr=False
    )

    async def start_background_work(
        self, *, sender_only: bool = False, extra_jobs: Sequence[JobSpec] = ()
    ) -> Background:
        """Start the sender and the scheduler (once); stopped when the runtime closes."""
        assert self.background is None, "background work already started"
        self.background = await start_background(
            self.bot,
            self.settings,
            self.sessionmaker,
            self.catalog,
            features=self.features,
            sender_only=sender_only,
            extra_jobs=extra_jobs,
            content=self.content,
        )
        self._teardown.push_async_callback(self.background.stop)
        self.metrics.watch_outbox_worker(self.background.outbox.stats)
        pace_replies(self.bot, self.background.outbox.pacer)
        return self.background

    def start_polling(self, **kwargs: Any) -> asyncio.Task[None]:
        """Long-poll in a task (signals and the bot's session stay the caller's)."""
        assert self.dispatcher is not None, "built with dispatcher=False"
        return asyncio.create_task(
            self.dispatcher.start_polling(
                self.bot, handle_signals=False, close_bot_session=False, **kwargs
            )
        )

    def web_pages(self) -> list[tuple[str, Any]]:
        """Every feature's web pages (bot/features.py:WebPages) built for this runtime, as
        (public URL, aiohttp application); served by bot/web/pages.py in every run mode."""
        return [(f.web.url(self.settings), f.web.build(self)) for f in self.features if f.web]

    async def drain(self, grace_seconds: float) -> None:
        """Let updates being handled finish (their transactions commit)."""
        await self.in_flight.drain(grace_seconds)


@contextlib.asynccontextmanager
async def build_runtime(
    settings: Settings,
    *,
    features: Sequence[Feature] | None = None,
    migrate: bool = True,
    dispatcher: bool = True,
    background: bool = True,
    sender_only: bool = False,
    commands: bool = True,
    observers: Sequence[BaseMiddleware] = (),
    extra_jobs: Sequence[JobSpec] = (),
    engine: AsyncEngine | None = None,
    prepare: Callable[[async_sessionmaker[AsyncSession]], Awaitable[object]] | None = None,
) -> AsyncIterator[Runtime]:
    """Everything a Jol process needs, started; torn down in reverse order on exit.

    `features`: default `handlers.FEATURES`. `dispatcher=False` with `sender_only=True` is the
    sender-only process. `background=False`: no sender and no scheduler yet (tests marked
    `no_background`, benches that drive the sender themselves;
    `runtime.start_background_work()` starts them later). `observers` wrap every update
    outermost (metrics, test probes). `engine`: a caller-owned engine (already migrated; the
    runtime does not dispose of it) instead of one made from `settings.database_url`.
    `prepare`: runs once the database is migrated, before commands and background work start
    (the playground seeds its demo people there, so their command menus are set).
    """
    if features is None:
        from handlers import FEATURES

        features = FEATURES
    features = tuple(features)
    async with contextlib.AsyncExitStack() as stack:
        if engine is None:
            engine = create_engine(settings.database_url)
            stack.push_async_callback(engine.dispose)
            if migrate:
                await upgrade_to_head(engine)
        sessionmaker = create_sessionmaker(engine)
        if prepare is not None:
            await prepare(sessionmaker)
        catalog = Catalog.load()
        # The one content holder: the newest release (else the seed), shared by the handlers
        # (`content_holder`) and the jobs (`ctx.content`); the content-poll job follows releases.
        serves_content = dispatcher or (background and not sender_only)
        content = await open_holder(sessionmaker, settings, follow=serves_content)
        cluster = build_cluster(settings)
        stack.push_async_callback(cluster.close)
        bot = create_bot(settings)
        stack.push_async_callback(_close_bot, bot, settings)
        metrics = Metrics()
        runtime = Runtime(
            settings, features, engine, sessionmaker, catalog, content, cluster, bot, metrics
        )
        await stack.enter_async_context(runtime._teardown)
        if dispatcher:
            runtime.dispatcher = create_dispatcher(
                settings,
                sessionmaker,
                catalog,
                features=features,
                observers=[runtime.in_flight, UpdateMetrics(metrics), *observers],
                events_isolation=cluster.isolation,
                content_holder=content,
            )
            tune_for_throughput(runtime.dispatcher)
            if commands:
                await set_default_commands(bot, catalog, settings.default_locale)
                await set_staff_commands(
                    bot, sessionmaker, catalog, settings.admin_ids, settings.default_locale
                )
        metrics.watch_database(sessionmaker)
        if background or sender_only:
            await runtime.start_background_work(sender_only=sender_only, extra_jobs=extra_jobs)
        yield runtime


async def run_migrations(settings: Settings) -> None:
    """`python -m bot migrate`: apply the migrations and stop (no bot, no token needed)."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade_to_head(engine)
        log.info("migrations applied")
    finally:
        await engine.dispose()


async def _close_bot(bot: Bot, settings: Settings) -> None:
    if settings.telegram_api_base.startswith("http://"):
        # No TLS (the emulator, a local Bot API server): nothing to wait for.
        await close_session_now(bot)
    else:
        await bot.session.close()


__all__ = ["Runtime", "build_runtime", "run_migrations"]
