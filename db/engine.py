"""Engine and session factory for PostgreSQL (asyncpg) and the embedded SQLite default."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# A pooled connection idle for longer than this is pinged before use (see _ping_idle_connections).
PING_AFTER_IDLE_SECONDS = 10.0
# Connections kept open (PostgreSQL). Each update holds one for its transaction, and webhook
# mode takes up to WEBHOOK_MAX_CONNECTIONS (40) requests at once, beside the outbox and the jobs.
# A connection over the kept ones is closed when given back, and opening one costs a TLS try,
# the login, type codecs and every statement prepared again: with 10 kept, 16 people at once
# opened and closed connections all the time (~3 % of the bot's CPU in bench/updates.py).
# 20 kept + 20 more at a peak stays within PostgreSQL's default 100 for two instances.
POOL_SIZE = 20
POOL_OVERFLOW = 20
_CHECKED_IN_AT = "jol_checked_in_at"  # key in a pooled connection's `info`


def create_engine(
    url: str, *, ping_after_idle: float = PING_AFTER_IDLE_SECONDS, **kwargs: Any
) -> AsyncEngine:
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_async_engine(
            url, connect_args={"timeout": 30, "factory": _RollbackBeforeClose}, **kwargs
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    engine = create_async_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_idle_connections(engine, ping_after_idle)
    return engine


def _ping_idle_connections(engine: AsyncEngine, after: float) -> None:
    """Check a pooled connection before use only when it sat idle for `after` seconds.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: one more round trip for every update
    (a fifth of a menu step's). A connection in steady use has just proven itself; one that sat
    idle may have been closed by the server or a proxy meanwhile. If the ping fails, the pool
    drops the connection and hands out a fresh one, so nobody sees the failure. (A connection
    lost while in use still fails its statement; the pool then replaces all its connections.)
    Elapsed time, not a date: the monotonic clock is right here.
    """

    def checked_in(_dbapi: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_CHECKED_IN_AT)
        if since is None or time.monotonic() - since < after:
            return  # new, or in steady use
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # what a dead connection raises depends on the driver
            raise exc.DisconnectionError() from error
        if not alive:
            raise exc.DisconnectionError()

    event.listen(engine.sync_engine, "checkin", checked_in)
    event.listen(engine.sync_engine, "checkout", checked_out)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: rows stay readable after the update's transaction commits, without
    # a lazy load (which would need I/O outside the transaction).
    return async_sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_dir(url: str) -> None:
    raw = url.split(":///", 1)[1] if ":///" in url else ""
    if raw and raw != ":memory:":
        Path(raw).parent.mkdir(parents=True, exist_ok=True)


class _RollbackBeforeClose(sqlite3.Connection):
    """A SQLite connection that ends its transaction before it closes.

    SQLAlchemy closes a connection whose task was cancelled mid-query (a browser tab closed on
    a playground page, a timed-out scrape). aiosqlite's thread may still have stepped that
    query, and while its cursor lives (the cancelled task's traceback keeps it), sqlite3's
    close leaves a "zombie" that keeps the transaction: here every transaction holds the write
    lock (BEGIN IMMEDIATE), so every writer after it failed with "database is locked"."""

    def close(self) -> None:
        try:
            if self.in_transaction:
                self.rollback()
        except sqlite3.Error:
            pass  # a broken connection: closing is all there is left to do
        super().close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the sender worker read while an update handler writes; busy_timeout waits for a
    # lock instead of failing at once.
    # Take over transaction control from the driver (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails with "database is locked" when
    # another one wrote in between; taking the write lock up front makes concurrent updates wait
    # their turn (busy_timeout) instead. The embedded default serves one process, so this is cheap.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
