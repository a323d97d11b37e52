"""The migrations build exactly the schema the models describe, on both databases, and go
down and up again."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from db.engine import create_engine
from db.migrate import alembic_config, is_current, upgrade_to_head
from db.models import Base


def test_one_linear_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, "migrations must form one line (set down_revision)"


async def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = create_engine(db_url)

    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []
    assert await is_current(engine)
    await engine.dispose()


async def test_downgrade_to_nothing_and_up_again(db_url: str) -> None:
    engine = create_engine(db_url)
    cfg = alembic_config()

    def downgrade(connection: Connection) -> None:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")

    async with engine.begin() as connection:
        await connection.run_sync(downgrade)
    assert not await is_current(engine)
    await upgrade_to_head(engine)
    assert await is_current(engine)
    await engine.dispose()


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # a PostgreSQL table setting
async def test_the_outbox_is_vacuumed_often_on_postgresql(db_url: str) -> None:
    engine = create_engine(db_url)
    async with engine.connect() as connection:
        options = await connection.scalar(
            text("SELECT reloptions FROM pg_class WHERE relname = 'outbox'")
        )
    await engine.dispose()
    assert "autovacuum_vacuum_scale_factor=0.01" in (options or [])


def test_a_process_that_does_not_migrate_never_imports_alembic() -> None:
    """Alembic and Mako are imported when migrating or when /readyz first reads the code's
    head revisions (in a thread), not by every process as it starts (~70 ms of start-up for
    instances started with MIGRATE_ON_START=false, issue 17)."""
    code = (
        "import sys, bot.__main__, bot.runtime, bot.app, bot.web.run, bot.web.server, handlers; "
        "print(sorted(m for m in ('alembic', 'mako') if m in sys.modules))"
    )
    argv = [sys.executable, "-c", code]
    shown = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
