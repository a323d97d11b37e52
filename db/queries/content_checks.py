"""Checks of guide sections and emergency cards recorded with /content_checked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from content import Check
from db.models import ContentCheck
from db.privacy import PersonalData
from db.types import utcnow

#: Longest staff name kept (Telegram allows 64 + 64 characters for first and last name).
NAME_MAX = 128


async def record_check(
    session: AsyncSession,
    key: str,
    by_id: int,
    by_name: str,
    content_version: str,
    text_hash: str | None = None,
) -> ContentCheck:
    """*text_hash*: content.model.text_hash of the item as checked; a later edit makes the
    check stale (`latest_check` and `latest_checks` then ignore it)."""
    row = ContentCheck(
        key=key,
        checked_by_id=by_id,
        checked_by_name=by_name.strip()[:NAME_MAX] or str(by_id),
        checked_at=utcnow(),
        content_version=content_version[:16],
        text_hash=text_hash,
    )
    session.add(row)
    await session.flush()
    return row


def _as_check(row: ContentCheck, tz: tzinfo) -> Check:
    return Check(by=row.checked_by_name, on=row.checked_at.astimezone(tz).date())


def _still_valid(row: ContentCheck, current: str | None) -> bool:
    # A check vouches for the text that was checked: once the text changed, it is stale.
    # Checks recorded before hashes were kept (None) cannot be compared and stay.
    return current is None or row.text_hash is None or row.text_hash == current


async def latest_checks(
    session: AsyncSession, tz: tzinfo, current: Mapping[str, str] | None = None
) -> dict[str, Check]:
    """The newest check of every key, in one query (the content status lists them all).
    *current*: the text hash of each key now (ContentStore.text_hashes()); stale checks are
    left out."""
    newest = (
        select(ContentCheck.key, func.max(ContentCheck.id).label("id"))
        .group_by(ContentCheck.key)
        .subquery()
    )
    rows = await session.scalars(select(ContentCheck).join(newest, ContentCheck.id == newest.c.id))
    now = current or {}
    return {row.key: _as_check(row, tz) for row in rows if _still_valid(row, now.get(row.key))}


async def latest_check(
    session: AsyncSession, key: str, tz: tzinfo, current: str | None = None
) -> Check | None:
    """The newest check of *key*; None if there is none, or if the text changed since
    (*current*: its text hash now)."""
    row = await session.scalar(
        select(ContentCheck)
        .where(ContentCheck.key == key)
        .order_by(ContentCheck.id.desc())
        .limit(1)
    )
    if row is None or not _still_valid(row, current):
        return None
    return _as_check(row, tz)


async def _export(session: AsyncSession, user_id: int) -> list[dict[str, str]]:
    rows = await session.scalars(
        select(ContentCheck).where(ContentCheck.checked_by_id == user_id).order_by(ContentCheck.id)
    )
    return [{"section": r.key, "checked_at": r.checked_at.isoformat()} for r in rows]


async def _erase(session: AsyncSession, user_id: int) -> None:
    # The check itself stays true (the text was checked); only who did it is forgotten.
    await session.execute(
        update(ContentCheck)
        .where(ContentCheck.checked_by_id == user_id)
        .values(checked_by_id=None, checked_by_name="—")
    )


# What this module stores about a person, for /mydata and /deletemydata (db/privacy.py);
# declared in the feature's FEATURE.
PERSONAL_DATA: tuple[PersonalData, ...] = (PersonalData("content-checks", _export, _erase),)
