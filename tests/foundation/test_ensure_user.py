"""The language button makes the person's row without reading it back (db/queries/users.py:
ensure_user with what the update's person statement read)."""

from __future__ import annotations

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User, UserRole
from db.queries.users import ensure_user
from db.types import utcnow
from tests.foundation.helpers import statements_sent, store


def _verbs(statements: list[str]) -> list[str]:
    return [statement.split()[0].upper() for statement in statements]


async def test_a_new_row_comes_back_from_its_insert(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_200_000_001
    with statements_sent(sessionmaker) as seen:
        async with sessionmaker() as session, session.begin():
            user = await ensure_user(session, uid, "ky", known=None, roles=frozenset())
            assert inspect(user).persistent
            assert (user.id, user.locale, user.news_enabled, user.reminders_paused) == (
                uid,
                "ky",
                True,
                False,
            )
            assert user.role_names == set() and user.created_at is not None
            made = _verbs(seen)
            user.situation = "abroad"  # written back at commit, like any loaded row
    assert made == ["INSERT"]  # the row, its defaults and no roles: nothing read back
    async with sessionmaker() as session:
        stored = await session.get(User, uid)
        assert stored is not None and (stored.locale, stored.situation) == ("ky", "abroad")


async def test_a_role_granted_before_the_first_start_is_read_with_the_row(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_200_000_002
    await store(sessionmaker, UserRole(user_id=uid, role="staff", granted_at=utcnow()))
    async with sessionmaker() as session, session.begin():
        user = await ensure_user(session, uid, "ru", known=None, roles=frozenset({"staff"}))
        assert user.role_names == {"staff"} and user.locale == "ru"


async def test_a_row_the_update_read_is_used_as_it_is(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid = 7_200_000_003
    await store(sessionmaker, User(id=uid, locale="en"))
    with statements_sent(sessionmaker) as seen:
        async with sessionmaker() as session, session.begin():
            known = (await session.scalars(select(User).where(User.id == uid))).one()
            seen.clear()
            user = await ensure_user(session, uid, "ky", known=known, roles=frozenset())
            assert user is known and seen == []
    assert _verbs(seen) == ["UPDATE"]  # only the new language, at commit
    async with sessionmaker() as session:
        stored = await session.get(User, uid)
        assert stored is not None and stored.locale == "ky"


async def test_a_row_made_meanwhile_is_read_instead(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """The update found no row, but another one made it since: its INSERT does nothing and
    the row is read as it is, with the new language."""
    uid = 7_200_000_004
    await store(sessionmaker, User(id=uid, locale="en", situation="planning"))
    async with sessionmaker() as session, session.begin():
        user = await ensure_user(session, uid, "ru", known=None, roles=frozenset())
        assert (user.locale, user.situation) == ("ru", "planning")
    async with sessionmaker() as session:
        stored = await session.get(User, uid)
        assert stored is not None and stored.locale == "ru"
