"""Pooled PostgreSQL connections are pinged only after sitting idle (db/engine.py): no extra
round trip per update in steady use, and still no failure when an idle connection died."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, text

from db.engine import create_engine
from tests.dbs import libpq_url


async def _backend_pid(engine: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_that_died_while_idle_is_replaced_unnoticed(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("a file database has no server to lose the connection")
    engine = create_engine(db_url, pool_size=1, max_overflow=0, ping_after_idle=0.0)
    try:
        first = await _backend_pid(engine)
        # The server (or a proxy) closes the connection while it sits in the pool.
        admin = await asyncpg.connect(libpq_url(db_url))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", first)
        finally:
            await admin.close()
        second = await _backend_pid(engine)  # succeeds: the ping found it dead
        assert second != first
    finally:
        await engine.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite connections are never pinged")
    engine = create_engine(db_url, pool_size=1, max_overflow=0)
    statements: list[str] = []
    pings: list[object] = []
    ping = engine.sync_engine.dialect.do_ping

    def counted_ping(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return bool(ping(dbapi_connection))

    engine.sync_engine.dialect.do_ping = counted_ping  # type: ignore[method-assign]
    event.listen(
        engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2])
    )
    try:
        for _ in range(3):
            await _backend_pid(engine)
        assert len(statements) == 3
        assert pings == []
    finally:
        await engine.dispose()
