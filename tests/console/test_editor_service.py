"""The editor's services on both databases: a validated save into the one draft, publish as
one release, rollback, "checked against the source today", export and import; every change
audited with before and after."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content_releases import follow_latest
from content.editing import find_item
from content.library import ContentHolder, ContentLibrary
from db.models import AuditEvent, ContentDraft, ContentRelease
from db.queries import content_checks, content_drafts
from db.queries.users import audit as audit_event
from db.types import utcnow
from emulator.timeouts import scaled
from handlers.console.editor import service

STAFF = 7_000_000_001
RUSSIA = "guides/russia.yaml"
SENTENCE = "Россияга кирүүгө тыюу салынган-салынбаганын текшериңиз."
NEW_SENTENCE = "Россияга кирүүгө тыюу бар-жогун сөзсүз текшериңиз."

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(scope="module")
def seed() -> ContentLibrary:
    return ContentLibrary.load()


async def audit(session: AsyncSession, action: str, target: str, **values: Any) -> None:
    await audit_event(session, action, STAFF, target=target, via="console", **values)


def body_edit(seed: ContentLibrary, old: str, new: str) -> dict[str, dict[str, str]]:
    item = find_item(RUSSIA, seed.documents[RUSSIA], "entry_ban")
    assert item is not None
    field = item.field("body")
    assert field is not None and old in field.values["ky"]
    return {"body": {"ky": field.values["ky"].replace(old, new)}}


async def save(sessions: Sessions, seed: ContentLibrary, edits: Any) -> service.SaveOutcome:
    async with sessions() as session, session.begin():
        return await service.save_item(session, seed, STAFF, RUSSIA, "entry_ban", edits, audit)


async def publish(sessions: Sessions, seed: ContentLibrary) -> service.PublishOutcome:
    async with sessions() as session, session.begin():
        return await service.publish(session, seed, STAFF, "test", audit)


async def test_save_publish_and_rollback(sessionmaker: Sessions, seed: ContentLibrary) -> None:
    outcome = await save(sessionmaker, seed, body_edit(seed, SENTENCE, NEW_SENTENCE))
    assert outcome.saved
    assert [(c.item, c.field) for c in outcome.changes] == [("entry_ban", "body.ky")]
    async with sessionmaker() as session:
        [draft] = await session.scalars(select(ContentDraft))
        # Only the changed document is kept; the others come from the published release.
        assert list(draft.documents) == [RUSSIA]
        assert NEW_SENTENCE in draft.documents[RUSSIA]
        [event] = await session.scalars(select(AuditEvent))
        assert event.action == "content-draft-save" and event.actor_id == STAFF
        assert SENTENCE in event.detail["before"]["body.ky"]
        assert NEW_SENTENCE in event.detail["after"]["body.ky"]

    published = await publish(sessionmaker, seed)
    assert published.release_id is not None and published.library is not None
    section = published.library.guides.section("russia", "entry_ban")
    assert section is not None and NEW_SENTENCE in section.body["ky"]
    async with sessionmaker() as session:
        [release] = await session.scalars(select(ContentRelease))
        assert NEW_SENTENCE in release.documents[RUSSIA]
        assert set(release.documents) == set(seed.documents)
        closed = await session.get(ContentDraft, draft.id)
        assert closed is not None and closed.status == "published" and closed.open_slot is None
        assert closed.release_id == release.id
    # Another running instance follows the newest release (its content-poll job).
    other = ContentHolder(seed)
    assert await follow_latest(other, sessionmaker)
    followed = other.store.section("russia", "entry_ban")
    assert followed is not None and NEW_SENTENCE in followed.body["ky"]
    # The draft was published: nothing more to publish.
    assert (await publish(sessionmaker, seed)).nothing

    # A second edit, published, then rolled back to the first release.
    again = await save(sessionmaker, seed, body_edit(seed, SENTENCE, "Экинчи сүйлөм."))
    assert again.saved
    second = await publish(sessionmaker, seed)
    assert second.release_id == published.release_id + 1
    async with sessionmaker() as session, session.begin():
        rolled = await service.rollback(session, seed, STAFF, published.release_id, audit)
    assert rolled.release_id == published.release_id + 2
    async with sessionmaker() as session:
        newest = await session.get(ContentRelease, rolled.release_id)
        first = await session.get(ContentRelease, published.release_id)
        assert newest is not None and first is not None
        assert newest.documents == first.documents
        assert newest.note == f"rollback to #{published.release_id}"
        actions = [
            e.action for e in await session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
        assert actions == [
            "content-draft-save",
            "content-publish",
            "content-draft-save",
            "content-publish",
            "content-rollback",
        ]
        rollback_event = (
            await session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()))
        ).first()
        assert rollback_event is not None
        assert "Экинчи сүйлөм." in rollback_event.detail["before"][f"{RUSSIA}#entry_ban.body.ky"]
        assert NEW_SENTENCE in rollback_event.detail["after"][f"{RUSSIA}#entry_ban.body.ky"]
    # Rolling back to what is served already changes nothing.
    async with sessionmaker() as session, session.begin():
        assert (await service.rollback(session, seed, STAFF, rolled.release_id, audit)).nothing


async def test_an_invalid_save_is_refused_at_its_field(
    sessionmaker: Sessions, seed: ContentLibrary
) -> None:
    outcome = await save(sessionmaker, seed, body_edit(seed, SENTENCE, "<b>жабылбаган тег"))
    assert not outcome.saved
    assert {(p.field, p.language) for p in outcome.at_fields} == {("body", "ky")}
    # A number nobody checked against the sources is refused at the field too.
    numbers = await save(sessionmaker, seed, body_edit(seed, SENTENCE, "Телефон 555 12 34."))
    assert not numbers.saved
    assert ("body", "ky") in {(p.field, p.language) for p in numbers.at_fields} or any(
        p.field == "numbers" for p in numbers.at_fields
    )
    async with sessionmaker() as session:
        assert list(await session.scalars(select(ContentDraft))) == []
        assert list(await session.scalars(select(AuditEvent))) == []


async def test_one_open_draft_is_enforced_by_the_database(sessionmaker: Sessions) -> None:
    now = utcnow()

    def draft() -> ContentDraft:
        return ContentDraft(
            open_slot=1,
            status="open",
            base_release_id=None,
            base_version="x",
            documents={},
            note="",
            created_by=STAFF,
            updated_by=STAFF,
            created_at=now,
            updated_at=now,
        )

    with pytest.raises(IntegrityError):
        async with sessionmaker() as session, session.begin():
            session.add_all([draft(), draft()])


async def test_checked_against_the_source_today(
    sessionmaker: Sessions, seed: ContentLibrary
) -> None:
    async with sessionmaker() as session, session.begin():
        check = await service.mark_checked(
            session, seed, STAFF, "  Айгүл   Асанова ", "russia/entry_ban", audit
        )
        assert await service.mark_checked(session, seed, STAFF, "A", "russia/nope", audit) is None
    assert check is not None and check.by == "Айгүл Асанова"
    async with sessionmaker() as session:
        # The same record /content_checked writes: the guides show it as the "checked" date.
        latest = await content_checks.latest_checks(session, UTC)
        assert latest["russia/entry_ban"].by == "Айгүл Асанова"
        [event] = await session.scalars(select(AuditEvent))
        assert (event.action, event.target) == ("content-checked", "russia/entry_ban")


async def test_export_and_import(sessionmaker: Sessions, seed: ContentLibrary) -> None:
    exported = service.export_zip(seed.documents)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert f"content/{RUSSIA}" in archive.namelist()
    documents = service.read_upload("jol-content.zip", exported, seed.documents)
    assert documents == seed.documents
    async with sessionmaker() as session, session.begin():
        same = await service.import_documents(session, seed, STAFF, documents, audit)
    assert same.saved and not same.changes

    changed = seed.documents[RUSSIA].replace(SENTENCE, NEW_SENTENCE)
    single = service.read_upload("russia.yaml", changed.encode(), seed.documents)
    assert list(single) == [RUSSIA]
    async with sessionmaker() as session, session.begin():
        imported = await service.import_documents(session, seed, STAFF, single, audit)
    assert imported.saved and [c.field for c in imported.changes] == ["body.ky"]

    broken = service.read_upload("russia.yaml", b"sections: [", seed.documents)
    async with sessionmaker() as session, session.begin():
        refused = await service.import_documents(session, seed, STAFF, broken, audit)
    assert not refused.saved and refused.elsewhere
    with pytest.raises(service.ImportRefused):
        service.read_upload("notes.txt", b"hello", seed.documents)
    async with sessionmaker() as session:
        [draft] = await session.scalars(select(ContentDraft))
        assert NEW_SENTENCE in draft.documents[RUSSIA]


async def test_a_draft_never_undoes_a_release_published_after_it_began(
    sessionmaker: Sessions, seed: ContentLibrary
) -> None:
    first = await save(sessionmaker, seed, body_edit(seed, SENTENCE, NEW_SENTENCE))
    assert first.saved
    published = await publish(sessionmaker, seed)
    assert published.release_id is not None
    # A new draft over release #1, then someone restores the shipped files (release #2).
    assert (await save(sessionmaker, seed, body_edit(seed, SENTENCE, "Үчүнчү сүйлөм."))).saved
    async with sessionmaker() as session, session.begin():
        restored = await service.rollback(session, seed, STAFF, None, audit)
    assert restored.release_id == published.release_id + 1
    # Publishing the draft would put release #1's other texts of russia.yaml back: refused.
    refused = await publish(sessionmaker, seed)
    assert refused.conflicts == [RUSSIA] and refused.release_id is None
    async with sessionmaker() as session:
        assert len(list(await session.scalars(select(ContentRelease)))) == 2


async def test_deletemydata_forgets_who_edited(
    sessionmaker: Sessions, seed: ContentLibrary
) -> None:
    assert (await save(sessionmaker, seed, body_edit(seed, SENTENCE, NEW_SENTENCE))).saved
    [section] = content_drafts.PERSONAL_DATA
    async with sessionmaker() as session, session.begin():
        assert [row["status"] for row in await section.export(session, STAFF)] == ["open"]
        await section.erase(session, STAFF)
    async with sessionmaker() as session:
        [draft] = await session.scalars(select(ContentDraft))
        # The Center's working copy stays; who started and changed it is gone.
        assert (draft.created_by, draft.updated_by) == (None, None)
        assert NEW_SENTENCE in draft.documents[RUSSIA]


async def test_two_staff_starting_a_draft_at_once_share_it(
    sessionmaker: Sessions, db_url: str
) -> None:
    """The second insert waits on the unique slot, loses, and joins the first one's draft
    instead of failing (PostgreSQL: the only backend where the two really overlap)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite runs one writer at a time")
    other_staff = STAFF + 1
    async with sessionmaker() as first, first.begin():
        mine = await content_drafts.start_draft(first, STAFF, None, "v")

        async def second() -> int:
            async with sessionmaker() as session, session.begin():
                return (await content_drafts.start_draft(session, other_staff, None, "v")).id

        joining = asyncio.create_task(second())
        # Commit only once the second insert waits on the unique index (polled, not slept).
        async with sessionmaker() as watcher:
            deadline = asyncio.get_running_loop().time() + scaled(10)
            while not await watcher.scalar(
                text("select count(*) from pg_locks where not granted")
            ):
                assert asyncio.get_running_loop().time() < deadline, "the second never waited"
                await asyncio.sleep(0.02)
    assert await joining == mine.id
    async with sessionmaker() as session:
        assert len(list(await session.scalars(select(ContentDraft)))) == 1
