"""At-least-once webhook delivery without double handling and without endless retries.

Telegram sends one chat's updates one at a time and resends an update whose request failed
(non-2xx, timeout, closed connection), possibly to another instance. So:

- a failing handler must answer 500, not 200, or the update is lost (aiogram's background mode
  answers 200 first: PR #1856). `FailurePolicy` sits in front of the errors router: it counts
  the failure in `webhook_updates` and, until WEBHOOK_MAX_DELIVERIES failures, keeps the
  errors router out (no "something went wrong" per attempt) and lets the request answer 500.
  At the last allowed failure it lets the errors router log it and tell the person, and the
  request answers 200: a poison update cannot block that chat's queue for a day.
- a resend of an update that *was* handled (the answer got lost) must not be handled again:
  `ClaimUpdate` marks the update handled inside its own transaction, so the mark commits
  exactly when the handler's effects do, and a later delivery finds it and does nothing. Two
  deliveries of one update at once serialise on the user's lock (bot/cluster.py) and on the
  row, so the second one sees the first one's outcome.
- a handler that hangs is cut off after WEBHOOK_HANDLER_TIMEOUT (`HandlerTimeout`) and counts
  as a failure, so it cannot hold the user's lock or the request forever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import ErrorEvent, TelegramObject, Update
from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import WebhookUpdate
from db.types import utcnow
from handlers.errors import redacted_traceback

log = logging.getLogger("jol.webhook")

KEEP_ROWS = timedelta(days=2)  # Telegram drops an update it could not deliver within ~24 h


@dataclass
class Delivery:
    """One webhook request's update; passed to `feed_update` as `jol_delivery`."""

    bot_id: int
    update_id: int
    failed: bool = False  # failed; the request answers 500 and Telegram redelivers
    gave_up: bool = False  # failed for the last time; the person was told, answer 200
    duplicate: bool = False  # already handled by an earlier delivery: nothing was done


def _insert(session: AsyncSession) -> Any:
    dialect = session.bind.dialect.name if session.bind else "postgresql"
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def claim(session: AsyncSession, bot_id: int, update_id: int) -> bool:
    """Mark the update handled in the caller's transaction; False if it already was."""
    table = WebhookUpdate.__table__
    stmt = _insert(session)(table).values(
        bot_id=bot_id, update_id=update_id, done=True, failures=0, created_at=utcnow()
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["bot_id", "update_id"],
        set_={"done": True},
        where=table.c.done.is_(False),
    ).returning(table.c.update_id)
    return (await session.execute(stmt)).first() is not None


async def record_failure(
    sessionmaker: async_sessionmaker[AsyncSession], bot_id: int, update_id: int, limit: int
) -> int:
    """Count one failed delivery (own transaction); at `limit` the update is settled for good."""
    table = WebhookUpdate.__table__
    async with sessionmaker() as session, session.begin():
        stmt = _insert(session)(table).values(
            bot_id=bot_id, update_id=update_id, done=False, failures=1, created_at=utcnow()
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["bot_id", "update_id"], set_={"failures": table.c.failures + 1}
        ).returning(table.c.failures)
        failures = int((await session.execute(stmt)).scalar_one())
        if failures >= limit:
            await session.execute(
                update(WebhookUpdate)
                .where(WebhookUpdate.bot_id == bot_id, WebhookUpdate.update_id == update_id)
                .values(done=True)
            )
    return failures


async def prune(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session, session.begin():
        result = await session.execute(
            delete(WebhookUpdate).where(WebhookUpdate.created_at < utcnow() - KEEP_ROWS)
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ClaimUpdate(BaseMiddleware):
    """Inside the update's transaction (registered after the DB middleware)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        delivery: Delivery | None = data.get("jol_delivery")
        if delivery is None:
            return await handler(event, data)
        if not await claim(data["session"], delivery.bot_id, delivery.update_id):
            delivery.duplicate = True
            log.info("duplicate delivery skipped", extra={"update_id": delivery.update_id})
            return UNHANDLED
        return await handler(event, data)


class HandlerTimeout(BaseMiddleware):
    """An observer: a handler running longer than `seconds` fails with TimeoutError."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with asyncio.timeout(self.seconds):
            return await handler(event, data)


class FailurePolicy(BaseMiddleware):
    """Outer middleware of the dispatcher's errors observer (see the module docstring)."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], max_deliveries: int
    ) -> None:
        self.sessionmaker = sessionmaker
        self.max_deliveries = max_deliveries

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        delivery: Delivery | None = data.get("jol_delivery")
        if delivery is None:  # polling, tests: the errors router as usual
            return await handler(event, data)
        assert isinstance(event, ErrorEvent)
        error = type(event.exception).__name__
        try:
            failures = await record_failure(
                self.sessionmaker, delivery.bot_id, delivery.update_id, self.max_deliveries
            )
        except Exception:
            # The database is unreachable: not this update's fault. Telegram keeps retrying
            # (with backoff) until it is back; /readyz reports the outage meanwhile.
            log.exception(
                "could not count a failed delivery", extra={"update_id": delivery.update_id}
            )
            failures = 0
        extra = {"update_id": delivery.update_id, "failures": failures, "error": error}
        if failures < self.max_deliveries:
            # The errors router (which logs the trace) only sees the last failure.
            extra["trace"] = redacted_traceback(event.exception)
            delivery.failed = True
            log.warning("update failed; Telegram will deliver it again", extra=extra)
            return UNHANDLED  # the errors middleware re-raises: the request answers 500
        delivery.gave_up = True
        log.error("update failed on every delivery; giving up", extra=extra)
        return await handler(event, data)  # the errors router logs it and tells the person


def install(
    dispatcher: Dispatcher,
    sessionmaker: async_sessionmaker[AsyncSession],
    max_deliveries: int,
) -> None:
    """Hook the delivery rules into a dispatcher from `create_dispatcher` (webhook mode)."""
    # After the DB and user middlewares, so the claim is part of the update's transaction.
    dispatcher.update.outer_middleware(ClaimUpdate())
    dispatcher.errors.outer_middleware(FailurePolicy(sessionmaker, max_deliveries))


def is_update(payload: object) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("update_id"), int)


__all__ = [
    "Delivery",
    "FailurePolicy",
    "HandlerTimeout",
    "Update",
    "claim",
    "install",
    "prune",
    "record_failure",
]
