"""A hot Core write (INSERT … ON CONFLICT, UPDATE) sent to asyncpg directly, inside the update's
transaction, as the person's statement is (db/queries/person.py), with the same pieces
(db/driver_sql.py).

`session.execute(statement, row)` for a statement built once still went through the session's
execution (a greenlet, the bind, autoflush, the statement's cache key, an execution context
and a result object): about twice what asyncpg itself costs for the statement. The
conversation state is written this way on most onboarding and question steps
(db/fsm_storage.py), so the write goes to asyncpg with SQLAlchemy's own SQL and parameter
conversions, compiled once per statement and set of columns.

Only where the transaction was begun on asyncpg (db/person_lock.py: every update's, on
PostgreSQL) and the statement needs nothing computed at execution (no Python-side column
default or onupdate to fill in); elsewhere, and on SQLite, `session.execute` as before. The
caller flushes the ORM's pending changes first where the write depends on them
(db/upsert.py:flush_pending), as for any Core statement. `before_cursor_execute` listeners
(the statement counts of the tests and benchmarks) see it as any other statement.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from db.driver_sql import DriverSQL, announce
from db.person_lock import open_driver

_COMPILED: dict[tuple[UpdateBase, str, tuple[str, ...]], DriverSQL | None] = {}
# The statements are built once each (db/upsert.py, db/fsm_storage.py); a caller that built
# one per call would only fill this up, so past this many it goes through the session.
_MOST_STATEMENTS = 256


def _compile(statement: UpdateBase, dialect: Dialect, keys: tuple[str, ...]) -> DriverSQL | None:
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch or compiled.postfetch:
        return None  # a value computed at execution: SQLAlchemy's way only
    names = compiled.positiontup or []
    if any(name not in keys for name in names):
        return None  # a parameter the statement itself carries: SQLAlchemy's way only
    return DriverSQL.of(compiled, dialect)


async def execute_write(session: AsyncSession, statement: UpdateBase, row: dict[str, Any]) -> None:
    """Run `statement` with `row` as its parameters, in the session's transaction."""
    driver = open_driver(session)
    if driver is not None:
        dialect = session.sync_session.get_bind().dialect
        key = (statement, dialect.name, tuple(row))
        if key not in _COMPILED and len(_COMPILED) < _MOST_STATEMENTS:
            _COMPILED[key] = _compile(statement, dialect, key[2])
        compiled = _COMPILED.get(key)
        if compiled is not None:
            arguments = compiled.arguments(row)
            # The transaction's connection: no I/O.
            announce(session.sync_session.connection(), compiled.sql, arguments)
            await driver.execute(compiled.sql, *arguments)
            return
    await session.execute(statement, row)


__all__ = ["execute_write"]
