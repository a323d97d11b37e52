"""Apply Alembic migrations from inside the running app (and from `python -m bot migrate`)."""

from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako and its templates) is imported when it is used, not at start-up: an
# instance started with MIGRATE_ON_START=false (docker-compose runs `migrate` once first) never
# migrates, and importing it was ~70 ms of its start-up.

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
# Any fixed number: it only has to be the same for every Jol process sharing a database.
_MIGRATION_LOCK_ID = 0x4A6F6C


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
    return cfg


async def upgrade_to_head(engine: AsyncEngine) -> None:
    from alembic import command

    cfg = alembic_config()

    def _upgrade(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            # Several instances starting together must not race each other's DDL.
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")

    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


@cache
def head_revisions() -> frozenset[str]:
    """The code's head revisions. They cannot change while the process runs; reading them
    parses every migration script (and imports Alembic the first time): blocking, so
    `is_current` runs it in a thread, and only once."""
    from alembic.runtime import migration  # noqa: F401  for `_current`, imported here too
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is at every head revision (used by readiness checks)."""
    heads = await asyncio.to_thread(head_revisions)

    def _current(connection: Connection) -> set[str]:
        from alembic.runtime.migration import MigrationContext

        return set(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as connection:
        return await connection.run_sync(_current) == heads
