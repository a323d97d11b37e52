"""The update's transaction ends with COMMIT sent straight to asyncpg on PostgreSQL
(db/person_lock.py:commit_update), after the session has flushed what it holds; through
SQLAlchemy elsewhere. What a handler changed is stored either way, and a failure stores nothing
and leaves no connection behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db import person_lock
from db.models import User, UserRole
from db.person_lock import commit_update, end_update_session
from db.queries.person import Person, load_person
from db.types import utcnow
from tests.foundation.helpers import store

KEY = "1:{id}:{id}:::default"


async def _update(
    sessionmaker: async_sessionmaker[AsyncSession],
    uid: int,
    change: Callable[[AsyncSession, Person], Any],
) -> None:
    """What bot/middlewares/db.py:UpdateTransaction does around a handler."""
    session = sessionmaker()
    session.sync_session.begin()
    try:
        try:
            person = await load_person(session, uid, KEY.format(id=uid))
            await change(session, person)
            await commit_update(session)
        except BaseException:
            await session.rollback()
            raise
    finally:
        await end_update_session(session)


def _counting_commits(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = {"driver": 0, "sqlalchemy": 0}
    direct, through = person_lock._BegunHere.commit, AsyncSession.commit

    async def on_driver(self: Any) -> None:
        counts["driver"] += 1
        await direct(self)

    async def through_sqlalchemy(self: AsyncSession) -> None:
        counts["sqlalchemy"] += 1
        await through(self)

    monkeypatch.setattr(person_lock._BegunHere, "commit", on_driver)
    monkeypatch.setattr(AsyncSession, "commit", through_sqlalchemy)
    return counts


async def _stored(sessionmaker: async_sessionmaker[AsyncSession], uid: int) -> tuple[Any, ...]:
    async with sessionmaker() as session:
        user = await session.get(User, uid)
        roles = (await session.scalars(select(UserRole.role).where(UserRole.user_id == uid))).all()
        return (user.locale if user else None, sorted(roles))


async def test_what_the_handler_changed_and_added_is_committed(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = 7_300_000_001
    await store(sessionmaker, User(id=uid, locale="ky"))
    counts = _counting_commits(monkeypatch)

    async def change(session: AsyncSession, person: Person) -> None:
        assert person.user is not None
        person.user.locale = "ru"  # a change to a loaded row: flushed before COMMIT
        session.add(UserRole(user_id=uid, role="staff", granted_at=utcnow()))

    await _update(sessionmaker, uid, change)
    assert await _stored(sessionmaker, uid) == ("ru", ["staff"])
    on_postgres = sessionmaker.kw["bind"].dialect.name == "postgresql"
    # PostgreSQL: straight to asyncpg, SQLAlchemy's commit not called; SQLite: SQLAlchemy's.
    assert counts == (
        {"driver": 1, "sqlalchemy": 0} if on_postgres else {"driver": 0, "sqlalchemy": 1}
    )
    assert sessionmaker.kw["bind"].sync_engine.pool.checkedout() == 0


async def test_a_failing_flush_stores_nothing_and_leaves_no_connection(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    uid, someone_else = 7_300_000_002, 7_300_000_012
    await store(
        sessionmaker,
        User(id=uid, locale="ky"),
        UserRole(user_id=uid, role="staff", granted_at=utcnow()),
        User(id=someone_else, locale="ru"),
    )

    async def change(session: AsyncSession, person: Person) -> None:
        assert person.user is not None
        person.user.locale = "en"
        session.add(User(id=someone_else, locale="en"))  # a row that is there already

    with pytest.raises(IntegrityError):
        await _update(sessionmaker, uid, change)
    assert await _stored(sessionmaker, uid) == ("ky", ["staff"])
    assert sessionmaker.kw["bind"].sync_engine.pool.checkedout() == 0

    async def nothing(session: AsyncSession, person: Person) -> None:
        return None

    await _update(sessionmaker, uid, nothing)  # the pooled connection is fine for the next one


async def test_an_open_savepoint_is_committed_through_sqlalchemy(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = 7_300_000_003
    await store(sessionmaker, User(id=uid, locale="ky"))
    counts = _counting_commits(monkeypatch)

    async def change(session: AsyncSession, person: Person) -> None:
        await session.begin_nested()
        session.add(UserRole(user_id=uid, role="coordinator", granted_at=utcnow()))

    await _update(sessionmaker, uid, change)
    assert await _stored(sessionmaker, uid) == ("ky", ["coordinator"])
    assert counts["sqlalchemy"] == 1  # (which ends the transaction begun on asyncpg its way)


async def test_a_failed_commit_is_rolled_back_and_the_next_update_does_not_commit_it(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMIT lost on the way (here: never sent): the rollback must still reach the server, or
    the connection would go back to the pool inside the transaction and the next update's
    COMMIT would store what this one failed to."""
    if sessionmaker.kw["bind"].dialect.name != "postgresql":
        pytest.skip("the COMMIT sent straight to asyncpg exists only on PostgreSQL")
    uid = 7_300_000_004
    await store(sessionmaker, User(id=uid, locale="ky"))
    direct = person_lock._BegunHere.commit

    async def lost(self: Any) -> None:
        raise ConnectionResetError("COMMIT lost")

    async def change(session: AsyncSession, person: Person) -> None:
        assert person.user is not None
        person.user.locale = "en"

    monkeypatch.setattr(person_lock._BegunHere, "commit", lost)
    with pytest.raises(ConnectionResetError):
        await _update(sessionmaker, uid, change)
    monkeypatch.setattr(person_lock._BegunHere, "commit", direct)

    async def nothing(session: AsyncSession, person: Person) -> None:
        return None

    await _update(sessionmaker, uid, nothing)
    assert await _stored(sessionmaker, uid) == ("ky", [])
