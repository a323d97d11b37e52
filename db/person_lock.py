"""The person's lock between processes, taken by the update's own transaction on PostgreSQL.

Two processes must never handle one person's updates at once (each would read the same
conversation state and one would overwrite the other). The lock is a transaction-level
advisory lock keyed by the person, taken as the update's transaction begins: `BEGIN` and
`pg_advisory_xact_lock` go to the server as one message, so the lock costs no round trip of its
own, needs no connection of its own, and ends with the transaction, however it ends. A killed
process's connection closes and frees its people at once; nothing waits for a lease to run out.

Why in the same message as BEGIN, and not in the person's first statement: a statement reads
the snapshot taken when it starts, so a statement that waited for the lock inside itself would
still read the state from before the other process committed. Here the lock is held before
the first statement of the transaction starts, so that statement sees everything committed.

`driver_in_transaction` begins the transaction the same way without the lock (with Redis, the
lock is Redis's) and hands out the asyncpg connection, for the person's statement that every
update sends to asyncpg directly (db/queries/person.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

# Two-key advisory locks live in a key space apart from the one-key locks (migrations, sender),
# so a person can never collide with them; the first key says "a Jol user" ("Jol" in ASCII).
USER_LOCK_NAMESPACE = 0x4A6F6C

# BEGIN for the levels SQLAlchemy's adapter may be set to here: its default (None, where asyncpg
# would send a bare BEGIN) and READ COMMITTED. Both say READ COMMITTED: a server whose default is
# REPEATABLE READ would take the transaction's one snapshot in the lock's own statement, before
# the lock was granted, and the update would miss what the previous holder committed.
_READ_COMMITTED = "BEGIN ISOLATION LEVEL READ COMMITTED"
_BEGIN = {None: _READ_COMMITTED, "read_committed": _READ_COMMITTED}


class _BegunHere:
    """Ends a transaction this module began, for SQLAlchemy's asyncpg adapter: it ends a
    transaction by calling `commit()` or `rollback()` on what it holds as `_transaction`, as it
    does with asyncpg's own `Transaction` (which cannot take a transaction begun by a query)."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def commit(self) -> None:
        await self._connection.execute("COMMIT;")

    async def rollback(self) -> None:
        await self._connection.execute("ROLLBACK;")


async def begin_holding_person_lock(session: AsyncSession, lock_key: int) -> None:
    """Begin the session's transaction on PostgreSQL holding the person's lock (waiting for it
    if another process holds it). Call before the transaction's first statement."""
    key = int(lock_key)  # goes into the SQL text: only ever a number
    lock = f"SELECT pg_advisory_xact_lock({USER_LOCK_NAMESPACE}, {key})"
    if await _begin_on_driver(await session.connection(), lock) is None:
        # Not the plain transaction this module knows how to begin (or an adapter that changed
        # its insides): the lock as a statement of its own, one round trip more. In READ
        # COMMITTED every later statement still reads what was committed before the lock.
        await session.execute(text(lock))


async def driver_in_transaction(connection: AsyncConnection) -> Any | None:
    """The asyncpg connection under `connection`, inside its transaction, for a
    statement sent to it directly (db/queries/person.py): begun here with a plain BEGIN if
    nothing has begun it yet. None where that cannot be done (SQLite, another driver, an
    adapter whose insides changed, an isolation level this module does not begin)."""
    return await _begin_on_driver(connection, None)


async def _begin_on_driver(connection: AsyncConnection, lock: str | None) -> Any | None:
    if connection.dialect.driver != "asyncpg":
        return None
    sync = connection.sync_connection
    if sync is not None and not sync.closed and not sync.invalidated:
        fairy = sync.connection  # checked out already: no I/O, so no need for a greenlet
    else:
        fairy = await connection.get_raw_connection()
    adapter: Any = fairy.dbapi_connection
    driver: Any = fairy.driver_connection
    begun = getattr(adapter, "_transaction", "?")
    if driver is None or begun == "?":
        return None
    if begun is not None:
        # Already in the transaction (begun here, or by SQLAlchemy for an earlier statement):
        # too late to take a lock before the first statement, fine for a statement.
        return None if lock is not None else driver
    level = getattr(adapter, "isolation_level", None)
    if level not in _BEGIN:
        # Above READ COMMITTED a transaction reads one snapshot, taken by its first statement:
        # it could be taken before the lock was granted and miss what the holder committed.
        if lock is not None:
            raise RuntimeError(f"the person's lock needs READ COMMITTED, not {level}")
        return None
    if getattr(adapter, "readonly", True) or getattr(adapter, "deferrable", True):
        return None
    try:
        # A query without arguments goes as one simple-protocol message: with the lock, both
        # statements in one round trip; the answer comes once the lock is held.
        await driver.execute(f"{_BEGIN[level]}; {lock};" if lock else f"{_BEGIN[level]};")
    finally:
        # Always handed to SQLAlchemy, even when the lock failed or its wait was cancelled (a
        # handler timeout): then BEGIN may have run and the server's transaction be left aborted,
        # though asyncpg has not seen it yet. SQLAlchemy then ends it with ROLLBACK (asyncpg first
        # waits for the cancelled query to end; with nothing begun, ROLLBACK only warns), so the
        # connection never goes back to the pool inside a transaction.
        adapter._transaction = _BegunHere(driver)
    return driver


__all__ = ["USER_LOCK_NAMESPACE", "begin_holding_person_lock", "driver_in_transaction"]
