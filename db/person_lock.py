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

`commit_update` ends such a transaction the same way: COMMIT straight to asyncpg, after the
session has flushed what it holds, then SQLAlchemy's own commit finds nothing left to send and
needs no I/O (`bot/middlewares/db.py` calls it for every update).
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


# In `Session.info`: the transaction this module began for the session (a `_BegunHere`).
_BEGUN = "jol_begun_here"


class _BegunHere:
    """Ends a transaction this module began, for SQLAlchemy's asyncpg adapter: it ends a
    transaction by calling `commit()` or `rollback()` on what it holds as `_transaction`, as it
    does with asyncpg's own `Transaction` (which cannot take a transaction begun by a query)."""

    def __init__(self, connection: Any, adapter: Any) -> None:
        self._connection = connection
        self._adapter = adapter

    def is_open(self) -> bool:
        """Nothing has ended it yet (the adapter drops it once it ends, or on an error)."""
        return self._adapter._transaction is self

    async def commit(self) -> None:
        await self._connection.execute("COMMIT;")

    async def rollback(self) -> None:
        await self._connection.execute("ROLLBACK;")


async def begin_holding_person_lock(session: AsyncSession, lock_key: int) -> None:
    """Begin the session's transaction on PostgreSQL holding the person's lock (waiting for it
    if another process holds it). Call before the transaction's first statement."""
    key = int(lock_key)  # goes into the SQL text: only ever a number
    lock = f"SELECT pg_advisory_xact_lock({USER_LOCK_NAMESPACE}, {key})"
    if await _begin_on_driver(await session.connection(), lock, session) is None:
        # Not the plain transaction this module knows how to begin (or an adapter that changed
        # its insides): the lock as a statement of its own, one round trip more. In READ
        # COMMITTED every later statement still reads what was committed before the lock.
        await session.execute(text(lock))


async def driver_in_transaction(connection: AsyncConnection, session: AsyncSession) -> Any | None:
    """The asyncpg connection under `connection` (the session's), inside its transaction, for
    a statement sent to it directly (db/queries/person.py): begun here with a plain BEGIN if
    nothing has begun it yet. None where that cannot be done (SQLite, another driver, an
    adapter whose insides changed, an isolation level this module does not begin)."""
    return await _begin_on_driver(connection, None, session)


def open_driver(session: AsyncSession) -> Any | None:
    """The asyncpg connection of the session's transaction, where this module began it and
    nothing has ended it; None otherwise (SQLite, nothing begun yet, begun by SQLAlchemy)."""
    begun = session.sync_session.info.get(_BEGUN)
    return begun._connection if isinstance(begun, _BegunHere) and begun.is_open() else None


async def commit_update(session: AsyncSession) -> None:
    """Commit the session's transaction: COMMIT straight to asyncpg where this module began it
    (then SQLAlchemy's commit ends its own bookkeeping without I/O, so without a greenlet),
    else through SQLAlchemy. Either way what the session holds is flushed first, in the
    transaction. An error leaves the transaction for the caller to roll back.

    Why: SQLAlchemy's commit of the update's transaction cost about twice the COMMIT itself
    (its greenlet and commit machinery, ~0.05 ms of CPU for every update)."""
    sync = session.sync_session
    begun = sync.info.pop(_BEGUN, None)
    if not isinstance(begun, _BegunHere) or not begun.is_open() or sync.in_nested_transaction():
        await session.commit()
        return
    if sync.new or sync.dirty or sync.deleted:
        await session.flush()
    # If COMMIT fails, the adapter still holds the transaction: the caller's rollback goes
    # through it, so a lost connection is found and dropped from the pool as on any failure
    # (after a COMMIT the server refused, the ROLLBACK only draws a warning).
    await begun.commit()
    begun._adapter._transaction = None  # ended: the adapter has nothing left to end
    sync.commit()


async def end_update_session(session: AsyncSession) -> None:
    """Close the update's session: without I/O (or a greenlet) when its transaction has
    ended, as it has after `commit_update`; through SQLAlchemy otherwise."""
    sync = session.sync_session
    sync.info.pop(_BEGUN, None)
    if sync.get_transaction() is None:
        sync.close()  # lets go of the objects; there is no connection left to return
    else:
        await session.close()


async def _begin_on_driver(
    connection: AsyncConnection, lock: str | None, session: AsyncSession
) -> Any | None:
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
        adapter._transaction = session.sync_session.info[_BEGUN] = _BegunHere(driver, adapter)
    return driver


__all__ = [
    "USER_LOCK_NAMESPACE",
    "begin_holding_person_lock",
    "commit_update",
    "driver_in_transaction",
    "end_update_session",
    "open_driver",
]
