"""Published content libraries (`content_releases`): publish, the newest, one, the history.

`publish` validates the documents as a whole library first and refuses invalid ones
(`content.validate.ContentInvalid`), so no instance can ever be asked to serve broken content.
Every running instance polls `latest_id` and swaps to a newer release (bot/runtime.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from content.library import ContentLibrary
from db.models import ContentRelease
from db.privacy import PersonalData
from db.types import utcnow

NOTE_MAX = 500
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class ReleaseInfo:
    """A release without its documents (what the history lists)."""

    id: int
    created_at: datetime
    created_by: int | None
    note: str
    version: str


async def publish(
    session: AsyncSession, docs: Mapping[str, str], author_id: int | None, note: str = ""
) -> ContentRelease:
    """Store *docs* as the newest release; raises ContentInvalid (nothing stored) if the
    documents do not make a valid library. The caller's transaction commits it."""
    # Parsing and validating all the YAML takes ~0.2 s: keep it off the event loop.
    library = await asyncio.to_thread(ContentLibrary.from_documents, dict(docs))
    return await publish_library(session, library, author_id, note)


async def publish_library(
    session: AsyncSession, library: ContentLibrary, author_id: int | None, note: str = ""
) -> ContentRelease:
    """Store an already validated library as the newest release."""
    release = ContentRelease(
        created_at=utcnow(),
        created_by=author_id,
        note=note.strip()[:NOTE_MAX],
        documents=library.documents,
        version=library.version,
    )
    session.add(release)
    await session.flush()
    return release


async def latest_id(session: AsyncSession) -> int | None:
    """The newest release's id: one indexed read, what every instance polls."""
    return await session.scalar(select(func.max(ContentRelease.id)))


async def latest(session: AsyncSession) -> ContentRelease | None:
    return await session.scalar(select(ContentRelease).order_by(ContentRelease.id.desc()).limit(1))


async def get(session: AsyncSession, release_id: int) -> ContentRelease | None:
    return await session.get(ContentRelease, release_id)


async def history(session: AsyncSession, limit: int = HISTORY_LIMIT) -> Sequence[ReleaseInfo]:
    """The newest releases first, without their documents."""
    rows = await session.execute(
        select(
            ContentRelease.id,
            ContentRelease.created_at,
            ContentRelease.created_by,
            ContentRelease.note,
            ContentRelease.version,
        )
        .order_by(ContentRelease.id.desc())
        .limit(limit)
    )
    return [ReleaseInfo(*row) for row in rows]


async def _export(session: AsyncSession, user_id: int) -> list[dict[str, str]]:
    rows = await session.execute(
        select(ContentRelease.id, ContentRelease.created_at)
        .where(ContentRelease.created_by == user_id)
        .order_by(ContentRelease.id)
    )
    return [{"content_release": str(rid), "published_at": at.isoformat()} for rid, at in rows]


async def _erase(session: AsyncSession, user_id: int) -> None:
    # The release stays (instances serve it); only who published it is forgotten.
    await session.execute(
        update(ContentRelease).where(ContentRelease.created_by == user_id).values(created_by=None)
    )


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the guides feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("content-releases", _export, _erase),)
