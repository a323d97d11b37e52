"""Content releases: publish validates first, every runtime serves the newest release, and a
publish on one instance is served by another within seconds (content-poll job)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content_releases import follow_latest, open_holder
from bot.runtime import build_runtime
from content import search
from content.library import CONTENT_DIR, ContentHolder, ContentInvalid, ContentLibrary
from content.model import ContentStore
from db.models import AuditEvent, ContentRelease
from db.queries import content_releases
from emulator.timeouts import scaled
from tests.harness import Harness

OLD = "90 дней в любые 180 дней"
NEW = "90 дней в любые 180 дней (выпуск для проверки)"


def edited_documents() -> dict[str, str]:
    docs = ContentLibrary.load(CONTENT_DIR).documents
    assert OLD in docs["guides/turkey.yaml"]
    docs["guides/turkey.yaml"] = docs["guides/turkey.yaml"].replace(OLD, NEW, 1)
    return docs


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    while not await check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def count_releases(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count(ContentRelease.id))) or 0)


async def test_publish_stores_a_valid_library_and_refuses_an_invalid_one(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    docs = edited_documents()
    async with sessionmaker() as session, session.begin():
        first = await content_releases.publish(session, docs, 42, "  first  ")
    broken = dict(docs, **{"services.yaml": "services: []\n"})
    with pytest.raises(ContentInvalid) as refused:
        async with sessionmaker() as session, session.begin():
            await content_releases.publish(session, broken, 42, "broken")
    assert {issue.file for issue in refused.value.issues} == {"services.yaml"}
    assert await count_releases(sessionmaker) == 1
    async with sessionmaker() as session, session.begin():
        second = await content_releases.publish(session, ContentLibrary.load().documents, None)
        latest = await content_releases.latest(session)
        assert latest is not None and latest.id == second.id
        stored = await content_releases.get(session, first.id)
        assert stored is not None and stored.documents == docs and stored.note == "first"
        assert stored.version == ContentLibrary.from_documents(docs).version
        assert [r.id for r in await content_releases.history(session)] == [second.id, first.id]


async def test_runtime_starts_on_the_newest_release_else_the_seed(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    seed = await open_holder(sessionmaker, settings)
    assert seed.release_id is None and seed.library.version == ContentLibrary.load().version
    async with sessionmaker() as session, session.begin():
        release = await content_releases.publish(session, edited_documents(), 7, "")
    holder = await open_holder(sessionmaker, settings)
    assert holder.release_id == release.id
    assert NEW in holder.library.guides.section("turkey", "visa_free").body["ru"]  # type: ignore[union-attr]
    # Nothing newer: the poll reads one id and changes nothing.
    assert await follow_latest(holder, sessionmaker) is False


async def test_the_served_librarys_search_index_is_built_ahead_of_the_first_search(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    """Built at the first search, the index (~70 ms of CPU) held the event loop and every
    update behind it; now a thread builds it as start-up goes on, and a release's with it."""
    seed = await open_holder(sessionmaker, settings)

    async def indexed(store: ContentStore) -> bool:
        return store in search._INDEXES

    await eventually(lambda: indexed(seed.store))
    async with sessionmaker() as session, session.begin():
        await content_releases.publish(session, edited_documents(), 7, "")
    assert await follow_latest(seed, sessionmaker) is True
    assert seed.store in search._INDEXES  # built in the thread that parsed the release
    assert search.search(seed.store, "виза", "ru")  # and it is the index searches use


async def test_erasure_forgets_who_published(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        await content_releases.publish(session, edited_documents(), 4242, "")
        erase = content_releases.PERSONAL_DATA[0]
        assert await erase.export(session, 4242)
        await erase.erase(session, 4242)
        assert await erase.export(session, 4242) == []
        assert await session.scalar(select(ContentRelease.created_by)) is None


async def test_a_publish_on_one_instance_is_served_by_another(
    jol: Harness, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    assert jol.runtime is not None
    served_by_a = jol.runtime.content
    # Instance B: a second runtime on the same database with its own holder and content-poll
    # job (no dispatcher: one emulator bot has one poller, instance A).
    engine = sessionmaker.kw["bind"]
    async with build_runtime(jol.settings, engine=engine, dispatcher=False) as b:
        served_by_b: ContentHolder = b.content
        assert served_by_b is not served_by_a

        # 1. Staff send /reload_content to instance A after editing CONTENT_DIR: A publishes
        #    everything as a release and serves it; B follows within seconds.
        folder = tmp_path / "content"
        shutil.copytree(CONTENT_DIR, folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__*"))
        turkey = folder / "guides" / "turkey.yaml"
        turkey.write_text(turkey.read_text("utf-8").replace(OLD, NEW, 1), "utf-8")
        served_by_a.seed_dir = folder
        admin = await jol.admin("en")
        await jol.send(admin, "/reload_content")
        async with jol.session() as session:
            newest = await content_releases.latest_id(session)
        assert newest is not None and served_by_a.release_id == newest
        await jol.reply_containing(admin, f"published as release #{newest}")

        async def b_follows() -> bool:
            return served_by_b.release_id == newest

        await eventually(b_follows)
        assert served_by_b.library.version == served_by_a.library.version
        async with jol.session() as session:
            published = await session.scalar(
                select(AuditEvent).where(AuditEvent.action == "content_published")
            )
            assert published is not None and published.actor_id == admin

        # 2. A release published elsewhere (B, or the staff console) reaches people through A.
        docs = served_by_b.library.documents
        docs["guides/turkey.yaml"] = docs["guides/turkey.yaml"].replace(NEW, OLD + " (снова)", 1)
        async with sessionmaker() as session, session.begin():
            release = await content_releases.publish(session, docs, None, "from B")

        async def a_follows() -> bool:
            return served_by_a.release_id == release.id

        await eventually(a_follows)
        u = await jol.user("ru")
        await jol.start(u)
        await jol.click(u, "Русский")
        await jol.click(u, jol.catalog.translator("ru")("consent-decline"))
        await jol.start(u, "g_turkey_visa_free")
        await jol.reply_containing(u, OLD + " (снова)")
