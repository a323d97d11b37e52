"""Shared fixtures. Every database test runs on SQLite (the embedded default) and on
PostgreSQL over asyncpg; with JOL_REQUIRE_POSTGRES=1 (CI) a missing server fails the run."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings, load_settings
from db.clock import Clock
from db.clock import clock as the_clock
from db.engine import create_engine, create_sessionmaker
from tests import dbs

if TYPE_CHECKING:
    from tests.harness import Harness


@pytest.fixture(autouse=True)
def seed_content() -> Iterator[None]:
    """Code a test calls directly, outside any update or job of a runtime (a planner, a
    renderer), reads the shipped library as `content.library.current()`. Inside a runtime
    each update and job run reads its holder's library instead (bot/content_releases.py)."""
    from content.library import ContentLibrary, serving

    with serving(ContentLibrary.load()):
        yield


class _AsyncioErrors(logging.Handler):
    """What asyncio reports with nobody to hear it: a task's exception never retrieved, an
    async generator that failed as it was closed, a task destroyed while pending."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_asyncio_errors = _AsyncioErrors()


@pytest.fixture(autouse=True)
def no_unheard_asyncio_errors() -> Iterator[None]:
    """Fails the test during which asyncio reported an error no code awaited. Once, a context
    manager dropped after entering a person's lock was closed by the garbage collector in a
    task of its own, released the lock behind the test's back, and failed after the test's
    Redis was closed; the error surfaced only in another test that checked its log. The
    garbage collector chooses the moment, so the code at fault is the one the traceback names,
    which may be an earlier test's in this worker."""
    seen = len(_asyncio_errors.records)
    yield
    unheard = _asyncio_errors.records[seen:]
    if unheard:
        formatter = logging.Formatter()
        pytest.fail(
            "asyncio reported errors nobody awaited:\n"
            + "\n".join(formatter.format(record) for record in unheard),
            pytrace=False,
        )


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger("asyncio").addHandler(_asyncio_errors)
    if importlib.util.find_spec("emulator") is None:
        # The emulator is a project of its own (tools/jol-emulator), installed beside the bot.
        raise pytest.UsageError(
            "the tests need Jol's emulator: pip install -e tools/jol-emulator -e '.[dev]' "
            "(make test does it)"
        )


_skipped_postgres: list[str] = []
_postgres_problem: list[str] = []


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[dbs.PostgresReset | None]:
    try:
        template: dbs.PostgresReset | None = dbs.prepare_postgres()
    except dbs.PostgresUnavailable as exc:
        if dbs.REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required (JOL_REQUIRE_POSTGRES=1) but {exc}")
        _postgres_problem.append(str(exc))
        template = None
    yield template
    if template is not None:
        dbs.drop_template()


@pytest.fixture
def clock() -> Iterator[Clock]:
    """The process's one clock (db/clock.py), for this test to travel, freeze or advance; put
    back afterwards (to the system time, or to JOL_FAKE_NOW's start when that is set)."""
    the_clock.reset()
    yield the_clock
    the_clock.reset()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return dbs.prepare_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(params=["sqlite", "postgres"])
async def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: dbs.PostgresReset | None,
) -> AsyncIterator[str]:
    """A migrated database of the test's own, on each backend."""
    if request.param == "sqlite":
        yield dbs.fresh_sqlite(sqlite_template, tmp_path)
        return
    if postgres_template is None:
        pytest.skip(_postgres_problem[0] if _postgres_problem else "PostgreSQL not available")
    await postgres_template.reset()
    yield postgres_template.url


@pytest.fixture
async def sessionmaker(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(db_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


def make_settings(db_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": "123456:TEST-token",
        "database_url": db_url,
        "admin_ids": "9000001",
        "outbox_poll_seconds": 0.2,
        "campaign_poll_seconds": 1,
        "log_format": "plain",
        # No test may depend on the hour it runs at: started during the Center's day, the
        # digest's catch-up would reach a coordinator a test made (tests/reminders/test_any_hour).
        "digest_catch_up": False,
    }
    values.update(overrides)
    return load_settings(**values)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres" in report.nodeid:
        _skipped_postgres.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # CI must not go green on SQLite alone: a skipped PostgreSQL test is a failure there.
    if dbs.REQUIRE_POSTGRES and _skipped_postgres:
        print(f"\n{len(_skipped_postgres)} PostgreSQL test(s) were skipped; failing the run.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
async def jol(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    request: pytest.FixtureRequest,
) -> AsyncIterator[Harness]:
    """The real dispatcher on this test's database, long-polling an in-process emulator.
    Mark a test `@pytest.mark.no_background` to run without the sender and scheduler."""
    from tests.harness import running_jol

    background = request.node.get_closest_marker("no_background") is None
    async with running_jol(settings, sessionmaker, background=background) as harness:
        yield harness
