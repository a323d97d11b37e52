"""The person's lock between processes on PostgreSQL without Redis (`db/person_lock.py`): taken
by the update's own transaction as it begins, it holds one person across processes, the waiter
reads what the holder committed, and however the transaction ends the lock and the connection
are left clean. Two engines stand for two processes."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.engine import create_engine, create_sessionmaker
from db.person_lock import USER_LOCK_NAMESPACE, begin_holding_person_lock
from emulator.timeouts import scaled
from tests import dbs

pytestmark = pytest.mark.postgres

PERSON, OTHER = 7_401, 7_402
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def engines(
    postgres_template: dbs.PostgresReset | None,
) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine, AsyncEngine]]:
    if postgres_template is None:
        pytest.skip("PostgreSQL not reachable")
    made = [create_engine(postgres_template.url, pool_size=1, max_overflow=0) for _ in range(3)]
    async with made[2].begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS lock_probe"))
        await conn.execute(text("CREATE TABLE lock_probe (id int PRIMARY KEY, value text)"))
        await conn.execute(text("INSERT INTO lock_probe VALUES (1, 'before')"))
    try:
        yield made[0], made[1], made[2]
    finally:
        async with made[2].begin() as conn:
            await conn.execute(text("DROP TABLE IF EXISTS lock_probe"))
        for engine in made:
            await engine.dispose()


async def _locks(probe: AsyncEngine, key: int, granted: bool) -> int:
    async with probe.connect() as conn:
        return int(
            await conn.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :ns"
                    " AND objid = :key AND objsubid = 2 AND granted = :granted"
                    # This test's database only: the tests beside it (xdist) lock the same key
                    # in theirs, and an advisory lock is per database.
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                ),
                {"ns": USER_LOCK_NAMESPACE, "key": key, "granted": granted},
            )
        )


async def _until_waiting(probe: AsyncEngine, key: int) -> None:
    async with asyncio.timeout(scaled(10)):
        while await _locks(probe, key, granted=False) < 1:
            await asyncio.sleep(0.02)


async def _read_holding(sessions: async_sessionmaker[AsyncSession], key: int) -> Any:
    async with sessions() as session, session.begin():
        await begin_holding_person_lock(session, key)
        return await session.scalar(text("SELECT value FROM lock_probe WHERE id = 1"))


async def _waiting_reader(
    sessions: async_sessionmaker[AsyncSession], probe: AsyncEngine, key: int
) -> asyncio.Task[Any]:
    """Another process's update of the person, started once it waits in PostgreSQL for the
    lock; it ends with what its first statement read."""
    waiting = asyncio.create_task(_read_holding(sessions, key))
    await _until_waiting(probe, key)
    return waiting


async def test_one_person_waits_and_then_reads_what_the_holder_committed(
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    a, b, probe = engines
    first, second = create_sessionmaker(a), create_sessionmaker(b)
    async with first() as session, session.begin():
        await begin_holding_person_lock(session, PERSON)
        assert await _locks(probe, PERSON, granted=True) == 1
        await session.execute(text("UPDATE lock_probe SET value = 'after' WHERE id = 1"))
        waiting = await _waiting_reader(second, probe, PERSON)
        assert not waiting.done()
        # Another person is not held up meanwhile.
        other = create_sessionmaker(probe)
        async with asyncio.timeout(scaled(5)), other() as free, free.begin():
            await begin_holding_person_lock(free, OTHER)
    # The holder committed: the waiter gets the lock, and its first statement sees the commit
    # (a lock taken inside that statement would have read the snapshot from before it).
    assert await asyncio.wait_for(waiting, scaled(10)) == "after"
    assert await _locks(probe, PERSON, granted=True) == 0


async def test_a_failed_update_releases_the_lock_and_returns_a_clean_connection(
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    a, _b, probe = engines
    sessions = create_sessionmaker(a)
    with pytest.raises(RuntimeError, match="handler failed"):
        async with sessions() as session, session.begin():
            await begin_holding_person_lock(session, PERSON)
            await session.execute(text("UPDATE lock_probe SET value = 'lost' WHERE id = 1"))
            raise RuntimeError("handler failed")
    assert await _locks(probe, PERSON, granted=True) == 0
    # The pool's only connection is back outside any transaction, and the write rolled back.
    async with a.connect() as conn:
        raw = await conn.get_raw_connection()
        assert not raw.driver_connection.is_in_transaction()  # type: ignore[union-attr]
    assert await _read_holding(sessions, PERSON) == "before"


async def test_a_wait_cut_short_leaves_no_transaction_or_lock_behind(
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    """A handler timeout cancels an update still waiting for the person's lock."""
    a, b, probe = engines
    first, second = create_sessionmaker(a), create_sessionmaker(b)
    async with first() as session, session.begin():
        await begin_holding_person_lock(session, PERSON)
        waiting = await _waiting_reader(second, probe, PERSON)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        # asyncpg asks the server to cancel the wait (or the pool drops the connection): the
        # waiter is gone soon, while the holder still holds.
        async with asyncio.timeout(scaled(10)):
            while await _locks(probe, PERSON, granted=False):
                await asyncio.sleep(0.02)
        assert await _locks(probe, PERSON, granted=True) == 1
    # The waiter's process goes on: its (only) connection takes the lock again and reads.
    async with asyncio.timeout(scaled(10)):
        assert await _read_holding(second, PERSON) == "before"
    assert await _locks(probe, PERSON, granted=True) == 0


async def test_above_read_committed_the_lock_is_refused(
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    a, _b, _probe = engines
    sessions = create_sessionmaker(a.execution_options(isolation_level="REPEATABLE READ"))
    with pytest.raises(RuntimeError, match="READ COMMITTED"):
        async with sessions() as session, session.begin():
            await begin_holding_person_lock(session, PERSON)


CHILD = """
import asyncio, sys
from db.engine import create_engine, create_sessionmaker
from db.person_lock import begin_holding_person_lock

async def main():
    sessions = create_sessionmaker(create_engine(sys.argv[1]))
    async with sessions() as session, session.begin():
        await begin_holding_person_lock(session, int(sys.argv[2]))
        print("held", flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


async def test_a_killed_process_frees_the_person_at_once(
    postgres_template: dbs.PostgresReset | None,
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    """No lease to run out (a Redis lock would hold the person for LOCK_SECONDS): the server
    ends a dead client's transaction, and its lock with it."""
    assert postgres_template is not None
    _a, b, probe = engines
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        postgres_template.url,
        str(PERSON),
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        line = await asyncio.wait_for(child.stdout.readline(), scaled(30))
        assert line.strip() == b"held"
        waiting = await _waiting_reader(create_sessionmaker(b), probe, PERSON)
        child.kill()  # SIGKILL: no ROLLBACK, no goodbye
        assert await asyncio.wait_for(waiting, scaled(10)) == "before"
    finally:
        if child.returncode is None:
            child.kill()
        await child.wait()


async def test_after_a_first_statement_the_lock_is_a_statement_of_its_own(
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    """The transaction has begun already (or SQLAlchemy's adapter changed its insides): the
    lock cannot ride with BEGIN, so it goes as a statement, and still holds the person."""
    a, b, probe = engines
    async with create_sessionmaker(a)() as session, session.begin():
        await session.execute(text("SELECT 1"))
        await begin_holding_person_lock(session, PERSON)
        assert await _locks(probe, PERSON, granted=True) == 1
        await session.execute(text("UPDATE lock_probe SET value = 'after' WHERE id = 1"))
        waiting = await _waiting_reader(create_sessionmaker(b), probe, PERSON)
    assert await asyncio.wait_for(waiting, scaled(10)) == "after"


async def test_the_update_reads_committed_whatever_the_servers_default(
    postgres_template: dbs.PostgresReset | None,
    engines: tuple[AsyncEngine, AsyncEngine, AsyncEngine],
) -> None:
    assert postgres_template is not None
    strict = create_engine(
        postgres_template.url,
        connect_args={"server_settings": {"default_transaction_isolation": "repeatable read"}},
    )
    try:
        async with create_sessionmaker(strict)() as session, session.begin():
            await begin_holding_person_lock(session, PERSON)
            level = await session.scalar(text("SHOW transaction_isolation"))
        assert level == "read committed"
    finally:
        await strict.dispose()
