"""A transaction cancelled in the middle of a query must not keep SQLite's write lock.

What happened (CI, the console editor in Chromium; the playground cancels a request whose
browser tab goes away): a request was cancelled while aiosqlite's thread ran its SELECT. The
asyncio side gave up at once, SQLAlchemy closed the connection, but the thread had already
stepped the SELECT, and that statement stayed open (its cursor kept alive by the cancelled
request's traceback). Python's sqlite3 closes such a connection as a "zombie" that keeps its
transaction, and every transaction here takes the write lock (BEGIN IMMEDIATE): every later
writer waited out its busy timeout and failed with "database is locked"."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy import text

from db.engine import create_engine, create_sessionmaker

# Sorting three million numbers takes the thread a while before the first row comes back, and
# leaves the statement open with rows still to read.
SLOW_QUERY = text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000000) "
    "SELECT x FROM n ORDER BY x DESC"
)


async def test_a_query_cancelled_midway_does_not_keep_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "jol.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    sessionmaker = create_sessionmaker(engine)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE note (body TEXT)"))

    async def reads_slowly() -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(SLOW_QUERY)

    reader = asyncio.create_task(reads_slowly())
    await asyncio.sleep(0.3)  # the SELECT is running in aiosqlite's thread
    reader.cancel()
    kept: list[BaseException] = []  # its traceback (and cursor) stay alive, as in a request
    try:
        await reader
    except asyncio.CancelledError as cancelled:
        kept.append(cancelled)
    assert kept

    # The cancelled connection is closed once its thread finishes the SELECT; the lock must go
    # with it. Another writer (its own timeout short, so a held lock fails fast):
    for _ in range(100):
        try:
            other = sqlite3.connect(path, isolation_level=None, timeout=0.2)
            other.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
            other.close()
            await asyncio.sleep(0.1)
    else:
        raise AssertionError("the write lock is still held ~30 s after the cancelled query")
    other.execute("INSERT INTO note VALUES ('written')")
    other.execute("COMMIT")
    other.close()
    async with sessionmaker() as session:
        assert (await session.scalars(text("SELECT body FROM note"))).all() == ["written"]
    await engine.dispose()
