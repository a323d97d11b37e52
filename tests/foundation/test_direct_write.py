"""The conversation state's writes inside an update's transaction (db/direct_write.py): sent to
asyncpg directly on PostgreSQL, through the session on SQLite; stored alike, counted alike."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db import direct_write
from db.fsm_storage import _clear_statement
from db.models import FsmRecord
from db.person_lock import commit_update, end_update_session
from db.queries.person import load_person
from db.types import utcnow
from db.upsert import upsert
from tests.foundation.helpers import statements_sent

UID = 7_400_000_001
KEY = f"1:{UID}:{UID}:::default"


async def _in_update(sessionmaker: async_sessionmaker[AsyncSession], write: Any) -> list[str]:
    """Run `write` as a handler would (bot/middlewares/db.py); the statements sent."""
    with statements_sent(sessionmaker) as statements:
        session = sessionmaker()
        session.sync_session.begin()
        try:
            await load_person(session, UID, KEY)
            await write(session)
            await commit_update(session)
        finally:
            await end_update_session(session)
    return statements


async def _row(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[Any, ...]:
    async with sessionmaker() as session:
        record = await session.scalar(select(FsmRecord).where(FsmRecord.key == KEY))
        return (record.state, record.data) if record else ()


async def test_the_state_is_written_and_cleared_and_each_write_counted(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    through_session: list[Any] = []
    execute = AsyncSession.execute

    async def spied(self: AsyncSession, statement: Any, *args: Any, **kwargs: Any) -> Any:
        through_session.append(statement)
        return await execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "execute", spied)
    row = {"key": KEY, "user_id": UID, "state": "Ask:text", "data": {"t": "вопрос"}}

    async def first(session: AsyncSession) -> None:
        await upsert(
            session,
            FsmRecord,
            row | {"updated_at": utcnow()},
            ["key"],
            ["state", "data", "updated_at"],
        )

    async def second(session: AsyncSession) -> None:
        await upsert(
            session,
            FsmRecord,
            row | {"state": "Ask:topic", "updated_at": utcnow()},
            ["key"],
            ["state", "updated_at"],
        )

    async def clear(session: AsyncSession) -> None:
        await direct_write.execute_write(
            session, _clear_statement("state"), {"record_key": KEY, "state": None, "now": utcnow()}
        )

    sent = await _in_update(sessionmaker, first)
    assert await _row(sessionmaker) == ("Ask:text", {"t": "вопрос"})
    assert len(sent) == 2  # the person's statement and the write, each seen by the listeners
    await _in_update(sessionmaker, second)
    assert await _row(sessionmaker) == ("Ask:topic", {"t": "вопрос"})
    await _in_update(sessionmaker, clear)
    assert await _row(sessionmaker) == (None, {"t": "вопрос"})
    on_postgres = sessionmaker.kw["bind"].dialect.name == "postgresql"
    writes = [s for s in through_session if "fsm_states" in str(s) and "SELECT" not in str(s)]
    # PostgreSQL: straight to asyncpg; SQLite: through the session.
    assert len(writes) == (0 if on_postgres else 3)


async def test_a_statement_with_a_value_computed_at_execution_goes_through_the_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Without `updated_at`, its Python default must be computed as SQLAlchemy executes."""
    from sqlalchemy.dialects import postgresql

    from db.upsert import _statement

    table: Any = FsmRecord.__table__
    statement = _statement("postgresql", table, ("key",), ("state",))
    dialect = postgresql.asyncpg.dialect()  # type: ignore[attr-defined]
    keys = ("key", "user_id", "state", "data")
    assert direct_write._compile(statement, dialect, keys) is None
    assert direct_write._compile(statement, dialect, (*keys, "updated_at")) is not None
