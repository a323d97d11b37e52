"""The editor's working copy (`content_drafts`): open, change, publish or discard.

A draft stores only the documents it changed; `working_documents` lays them over the published
ones. At most one draft is open (a unique index on `open_slot`), so two staff members editing
at once share one working copy instead of publishing over each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ContentDraft
from db.models.content_drafts import DraftStatus
from db.privacy import PersonalData
from db.types import utcnow

OPEN_SLOT = 1


async def open_draft(session: AsyncSession, *, lock: bool = False) -> ContentDraft | None:
    """The open draft, if any; *lock*: row-locked until the transaction ends (PostgreSQL),
    for a change that reads and writes it."""
    query = select(ContentDraft).where(ContentDraft.open_slot == OPEN_SLOT)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def start_draft(
    session: AsyncSession, author_id: int, base_release_id: int | None, base_version: str
) -> ContentDraft:
    """The open draft, or a new empty one over the given release. Two staff members starting
    at the same moment: the unique slot lets one insert win; the other reads it."""
    draft = await open_draft(session, lock=True)
    if draft is not None:
        return draft
    now = utcnow()
    new = ContentDraft(
        open_slot=OPEN_SLOT,
        status=DraftStatus.OPEN,
        base_release_id=base_release_id,
        base_version=base_version,
        documents={},
        note="",
        created_by=author_id,
        updated_by=author_id,
        created_at=now,
        updated_at=now,
    )
    try:
        # A savepoint: losing the race undoes only this insert, not the caller's transaction.
        async with session.begin_nested():
            session.add(new)
    except IntegrityError:
        winner = await open_draft(session, lock=True)
        if winner is None:  # the other draft was closed meanwhile: nothing to join
            raise
        return winner
    return new


def overlay(published: Mapping[str, str], draft: ContentDraft | None) -> dict[str, str]:
    """The documents as they will be published: the draft's changes over *published*."""
    docs = dict(published)
    if draft is not None:
        docs.update({str(k): str(v) for k, v in draft.documents.items()})
    return docs


def set_documents(
    draft: ContentDraft, author_id: int, changed: Mapping[str, str], published: Mapping[str, str]
) -> None:
    """Put *changed* into the draft; a document edited back to its published text leaves it."""
    docs = {str(k): str(v) for k, v in draft.documents.items()}
    for name, text in changed.items():
        if published.get(name) == text:
            docs.pop(name, None)
        else:
            docs[name] = text
    # A new dict: the JSON column notices a replaced value, not an in-place change.
    draft.documents = docs
    draft.updated_by = author_id
    draft.updated_at = utcnow()


def close(draft: ContentDraft, status: str, release_id: int | None = None) -> None:
    draft.status = status
    draft.open_slot = None
    draft.release_id = release_id
    draft.updated_at = utcnow()


async def _export(session: AsyncSession, user_id: int) -> list[dict[str, str]]:
    rows = await session.scalars(
        select(ContentDraft)
        .where((ContentDraft.created_by == user_id) | (ContentDraft.updated_by == user_id))
        .order_by(ContentDraft.id)
    )
    return [
        {"content_draft": str(r.id), "status": r.status, "updated_at": r.updated_at.isoformat()}
        for r in rows
    ]


async def _erase(session: AsyncSession, user_id: int) -> None:
    # The draft is the Center's working copy; only who started or changed it is forgotten.
    await session.execute(
        update(ContentDraft).where(ContentDraft.created_by == user_id).values(created_by=None)
    )
    await session.execute(
        update(ContentDraft).where(ContentDraft.updated_by == user_id).values(updated_by=None)
    )


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the console feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("content-drafts", _export, _erase),)
