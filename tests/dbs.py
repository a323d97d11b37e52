"""Test databases: a migrated SQLite template copied per test, and one PostgreSQL database
migrated once per session and emptied before each test."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from db.engine import create_engine
from db.migrate import upgrade_to_head
from db.models import Base

# The server holding the test databases. Each pytest process migrates its own template
# (jol_tpl_<pid>) and clones one database per test from it, so parallel runs never collide.
# The default is the role `.ci/ensure-services` creates (password login, CREATEDB): no
# dependence on trust or peer authentication.
DEFAULT_SERVER_URL = "postgresql+asyncpg://jol_test:jol_test@127.0.0.1:5432/postgres"
SERVER_URL = os.environ.get("JOL_TEST_POSTGRES_URL", DEFAULT_SERVER_URL).rpartition("/")[0]
POSTGRES_URL = f"{SERVER_URL}/jol_tpl_{os.getpid()}"
REQUIRE_POSTGRES = os.environ.get("JOL_REQUIRE_POSTGRES") == "1"
# The Redis of the tests that need one (tests/production), and of the benches.
REDIS_URL = os.environ.get("JOL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class PostgresUnavailable(Exception):
    """The test server cannot be used; the message carries the server's own reason."""


def server_label() -> str:
    """The test server without its password, for messages."""
    return make_url(SERVER_URL + "/postgres").render_as_string(hide_password=True)


def libpq_url(url: str) -> str:
    """`url` as asyncpg.connect and libpq take it (`postgresql://`, not SQLAlchemy's
    `postgresql+asyncpg://`)."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _recreate_postgres(url: str) -> None:
    admin_url, _, name = libpq_url(url).rpartition("/")
    conn = await asyncpg.connect(admin_url + "/postgres", timeout=5)
    try:
        await _drop_abandoned(conn)
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
        # Test data need not survive a power cut; commits then cost no disk flush.
        await conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await conn.close()


async def _drop_abandoned(conn: asyncpg.Connection) -> None:
    """Databases left by test runs that were killed (their process is gone)."""
    names = await conn.fetch(
        "SELECT datname FROM pg_database WHERE datname ~ '^jol_(tpl_|t)[0-9]+'"
    )
    for row in names:
        pid = int(row["datname"].removeprefix("jol_tpl_").removeprefix("jol_t").split("_")[0])
        if not _alive(pid):
            # Left by a run under another role (e.g. before the test role existed): not ours.
            with contextlib.suppress(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_template() -> None:
    asyncio.run(drop_postgres(POSTGRES_URL))


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


def prepare_postgres() -> PostgresReset:
    """Fresh, migrated test database; PostgresUnavailable says why when there is none (the
    server's own words: refused connection, unknown role, wrong password, ...)."""
    try:
        asyncio.run(_recreate_postgres(POSTGRES_URL))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        reason = str(exc).strip() or "no answer"
        raise PostgresUnavailable(
            f"cannot use PostgreSQL at {server_label()}: {type(exc).__name__}: {reason} "
            "(`make services` sets it up; or set JOL_TEST_POSTGRES_URL)"
        ) from None
    asyncio.run(_migrate(POSTGRES_URL))
    resetter = PostgresReset(POSTGRES_URL)
    asyncio.run(resetter.snapshot())
    return resetter


def prepare_sqlite_template(folder: Path) -> Path:
    path = folder / "template.sqlite3"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


def fresh_sqlite(template: Path, folder: Path) -> str:
    target = folder / "jol.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


class PostgresReset:
    """Empties the session's PostgreSQL test database between tests and puts back the rows the
    migrations seeded — tens of milliseconds, where cloning a database costs seconds here."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seed: dict[str, list[dict[str, Any]]] = {}

    async def snapshot(self) -> None:
        engine = create_engine(self.url)
        async with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = (await conn.execute(select(table))).mappings().all()
                if rows:
                    self.seed[table.name] = [dict(r) for r in rows]
        await engine.dispose()

    async def reset(self) -> None:
        engine = create_engine(self.url, poolclass=NullPool)
        async with engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                await conn.execute(delete(table))
            for table in Base.metadata.sorted_tables:
                if table.name in self.seed:
                    await conn.execute(insert(table), self.seed[table.name])
        await engine.dispose()


async def drop_postgres(url: str) -> None:
    admin_url, _, name = libpq_url(url).rpartition("/")
    conn = await asyncpg.connect(admin_url + "/postgres", timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
