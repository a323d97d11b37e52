"""Which content library a runtime serves, and following new releases.

At start-up the runtime serves the newest published release (db/queries/content_releases.py),
else the seed YAML (`CONTENT_DIR`, default the package's content/ folder). Every instance runs
the `content-poll` job: one indexed read every `CONTENT_POLL_SECONDS`, and when a newer release
exists, its documents are parsed off the event loop and the whole library is swapped, so a
publish on one instance is served by all within seconds.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.features import JobContext, JobSpec, job
from bot.middleware_types import NextHandler, UpdateData
from content import search
from content.library import (
    CONTENT_DIR,
    ContentHolder,
    ContentInvalid,
    ContentLibrary,
    serving,
)
from db.queries import content_releases

log = logging.getLogger("jol.content")


def seed_library(settings: Settings) -> ContentLibrary:
    return ContentLibrary.load(settings.content_dir or CONTENT_DIR)


async def open_holder(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *, follow: bool = True
) -> ContentHolder:
    """The runtime's holder, serving the newest release, or the seed when there is none (or
    when the newest no longer validates under this code: the seed is shipped with it).
    `follow=False`: the seed only, without reading the database (the sender-only process
    reads no content and may start before the migrations ran)."""
    holder = ContentHolder(
        await asyncio.to_thread(seed_library, settings),
        seed_dir=settings.content_dir or CONTENT_DIR,
    )
    if follow:
        await follow_latest(holder, sessionmaker)
        _prepare_search_meanwhile(holder.library)
    return holder


# Held until done: the event loop keeps only weak references to tasks.
_PREPARING: set[asyncio.Task[None]] = set()


def _prepare_search_meanwhile(library: ContentLibrary) -> None:
    """Build the served library's search index in a thread while start-up goes on (its waits
    for the database and the Bot API leave room), instead of at the first search."""
    task = asyncio.create_task(asyncio.to_thread(search.prepare, library.guides))
    _PREPARING.add(task)
    task.add_done_callback(_search_prepared)


def _search_prepared(task: asyncio.Task[None]) -> None:
    _PREPARING.discard(task)
    if not task.cancelled() and task.exception() is not None:
        # The first search builds it then; nothing is lost but the head start.
        log.error("search index not built ahead", exc_info=task.exception())


def _parse_and_prepare(docs: dict[str, str]) -> ContentLibrary:
    library = ContentLibrary.from_documents(docs)
    search.prepare(library.guides)
    return library


async def follow_latest(
    holder: ContentHolder, sessionmaker: async_sessionmaker[AsyncSession]
) -> bool:
    """Swap to the newest release if it is newer than the one served; True if swapped."""
    async with sessionmaker() as session:
        newest = await content_releases.latest_id(session)
        if newest is None or (holder.release_id is not None and newest <= holder.release_id):
            return False
        release = await content_releases.get(session, newest)
        if release is None:
            return False
        docs, version = dict(release.documents), release.version
    try:
        library = await asyncio.to_thread(_parse_and_prepare, docs)
    except ContentInvalid as exc:
        # Published under other rules (an older or newer bot): keep serving what we have.
        log.error(
            "content release refused by this version of the bot",
            extra={"release": newest, "problems": len(exc.issues)},
        )
        holder.release_id = newest
        return False
    if library.version != version:
        log.warning("content release version differs", extra={"release": newest})
    return holder.swap(library, newest)


async def _poll(ctx: JobContext) -> None:
    await follow_latest(ctx.content, ctx.sessionmaker)


CONTENT_POLL = job(
    "content-poll",
    lambda s: IntervalTrigger(seconds=s.content_poll_seconds),
    _poll,
    misfire_grace_time=None,
)


def content_jobs() -> tuple[JobSpec, ...]:
    return (CONTENT_POLL,)


class ServeContent(BaseMiddleware):
    """Outer update middleware: the update reads one library, the holder's at its arrival
    (`content.library.current()`), even if a release swaps it half-way."""

    def __init__(self, holder: ContentHolder) -> None:
        self.holder = holder

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        with serving(self.holder.library):
            return await handler(event, data)
