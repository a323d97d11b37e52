"""Start-up checks: a database, Redis or Bot API that cannot be reached stops the process with
one line naming the setting to look at, and a non-zero exit; never a traceback.

`check_services` connects once to the database (and Redis, when set) before anything else
runs. The Bot API is first called a moment later (commands, webhook); `describe_failure` turns
what that raises into the same kind of line.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

import asyncpg
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from bot import event_loop
from bot.config import Settings
from db.engine import create_engine

CHECK_SECONDS = 10.0


class StartupError(Exception):
    """A service the bot needs is missing; the message is the one line to print."""


def database_variable(settings: Settings) -> str:
    return "POSTGRES_HOST" if settings.postgres_host else "DATABASE_URL"


def _where(url: str) -> str:
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        return f"SQLite at {parts.database}"
    return f"PostgreSQL at {parts.host}:{parts.port or 5432}/{parts.database}"


def _reason(exc: BaseException) -> str:
    """The server's own words, on one line (no query text, no data)."""
    inner = getattr(exc, "orig", None) or exc
    inner = getattr(inner, "__cause__", None) or inner
    words = str(inner).strip().splitlines()
    first = words[0] if words else ""
    return f"{type(inner).__name__}: {first}" if first else type(inner).__name__


async def check_database(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        async with asyncio.timeout(CHECK_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except TimeoutError:
        raise StartupError(
            f"{database_variable(settings)}: {_where(settings.database_url)} did not answer "
            f"within {CHECK_SECONDS:.0f} s"
        ) from None
    except (OSError, DBAPIError, asyncpg.PostgresError) as exc:
        raise StartupError(
            f"{database_variable(settings)}: cannot use {_where(settings.database_url)} "
            f"({_reason(exc)})"
        ) from None
    finally:
        await engine.dispose()


async def check_redis(settings: Settings) -> None:
    if not settings.redis_url:
        return
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    client: Any = Redis.from_url(settings.redis_url)
    where = _redis_where(settings.redis_url)
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await client.ping()
    except TimeoutError:
        raise StartupError(
            f"REDIS_URL: Redis at {where} did not answer within {CHECK_SECONDS:.0f} s"
        ) from None
    except (OSError, RedisError) as exc:
        raise StartupError(f"REDIS_URL: cannot use Redis at {where} ({_reason(exc)})") from None
    finally:
        await client.aclose()


def _redis_where(url: str) -> str:
    parts = make_url(url.replace("rediss://", "redis://", 1))
    return f"{parts.host or 'localhost'}:{parts.port or 6379}"


async def check_services(settings: Settings) -> None:
    await check_database(settings)
    await check_redis(settings)


def describe_failure(exc: BaseException, settings: Settings) -> str | None:
    """One line for a service failure that surfaced while starting (or running); None for
    anything else, which is a bug and keeps its traceback."""
    if isinstance(exc, StartupError):
        return str(exc)
    if isinstance(exc, TelegramUnauthorizedError):
        return "BOT_TOKEN: the Bot API refused this token (Unauthorized); get one from @BotFather"
    if isinstance(exc, TelegramNetworkError):
        return (
            f"TELEGRAM_API_BASE: the Bot API at {settings.telegram_api_base} cannot be reached "
            f"({exc.message.splitlines()[0] if exc.message else 'network error'})"
        )
    if isinstance(exc, OperationalError | InterfaceError | asyncpg.PostgresError):
        return (
            f"{database_variable(settings)}: cannot use {_where(settings.database_url)} "
            f"({_reason(exc)})"
        )
    if type(exc).__module__.startswith("redis"):
        return f"REDIS_URL: cannot use Redis at {_redis_where(settings.redis_url or '')} " + (
            f"({_reason(exc)})"
        )
    return None


def run_checked(settings: Settings, work: Coroutine[Any, Any, object]) -> int:
    """Check the database and Redis, then run `work`; a service that cannot be reached (now or
    when first used) ends the process with one line naming its setting and exit code 1."""

    async def checked() -> None:
        try:
            await check_services(settings)
        except BaseException:
            work.close()  # never started: no "coroutine was never awaited" warning
            raise
        await work

    try:
        event_loop.run(checked(), settings.event_loop)
    except Exception as exc:
        line = describe_failure(exc, settings)
        if line is None:
            raise  # a bug, not a setting: keep the traceback
        print(line, file=sys.stderr)
        return 1
    return 0
