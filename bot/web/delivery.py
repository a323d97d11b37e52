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
from aiogram.methods import TelegramMethod
from aiogram.types import ErrorEvent, TelegramObject, Update
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.db import CLAIMED
from db.models import WebhookUpdate
from db.queries.webhook_updates import claim_statement
from db.types import utcnow
from db.upsert import dialect_insert
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
    # A call whose result nobody needs (a button's answer), sent as the response to this
    # request once the update has committed: Telegram makes it, one request fewer for the bot.
    reply: TelegramMethod[Any] | None = None


async def claim(session: AsyncSession, bot_id: int, update_id: int) -> bool:
    """Mark the update handled in the caller's transaction; False if it already was."""
    stmt = claim_statement(
        dialect_insert(session), bot_id=bot_id, update_id=update_id, created_at=utcnow()
    )
    return (await session.execute(stmt)).first() is not None


async def record_failure(
    sessionmaker: async_sessionmaker[AsyncSession], bot_id: int, update_id: int, limit: int
) -> int:
    """Count one failed delivery (own transaction); at `limit` the update is settled for good."""
    table = WebhookUpdate.__table__
    async with sessionmaker() as session, session.begin():
        stmt = dialect_insert(session)(table).values(
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
        claimed = data.pop(CLAIMED, None)  # claimed with the person's row (PostgreSQL)
        if claimed is None:
            claimed = await claim(data["session"], delivery.bot_id, delivery.update_id)
        if not claimed:
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

    LOCAL_CAPACITY = 10_000

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], max_deliveries: int
    ) -> None:
        self.sessionmaker = sessionmaker
        self.max_deliveries = max_deliveries
        # Failures this process could not store: the bound still holds when the count itself
        # fails, so no update is retried for ever.
        self.local_failures: dict[tuple[int, int], int] = {}

    async def count(self, delivery: Delivery) -> int:
        """Count one failed delivery of `delivery`'s update; returns the failures so far."""
        try:
            return await record_failure(
                self.sessionmaker, delivery.bot_id, delivery.update_id, self.max_deliveries
            )
        except Exception:
            log.exception(
                "could not count a failed delivery", extra={"update_id": delivery.update_id}
            )
        if len(self.local_failures) >= self.LOCAL_CAPACITY:
            self.local_failures.clear()
        key = (delivery.bot_id, delivery.update_id)
        self.local_failures[key] = self.local_failures.get(key, 0) + 1
        return self.local_failures[key]

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        delivery: Delivery | None = data.get("jol_delivery")
        if delivery is None:  # polling, tests: the errors router as usual
            return await handler(event, data)
        assert isinstance(event, ErrorEvent)
        error = type(event.exception).__name__
        failures = await self.count(delivery)
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

    async def failed_outside_handlers(self, delivery: Delivery, error: str) -> None:
        """A failure the errors observer never saw (in a middleware, or in calling a method
        a handler returned): counted the same way, so it too ends after max_deliveries."""
        failures = await self.count(delivery)
        extra = {"update_id": delivery.update_id, "failures": failures, "error": error}
        if failures < self.max_deliveries:
            delivery.failed = True
            log.error("update could not be handled; Telegram will deliver it again", extra=extra)
        else:
            delivery.gave_up = True
            log.error("update could not be handled on any delivery; giving up", extra=extra)


def install(
    dispatcher: Dispatcher,
    sessionmaker: async_sessionmaker[AsyncSession],
    max_deliveries: int,
) -> None:
    """Hook the delivery rules into a dispatcher from `create_dispatcher` (webhook mode)."""
    # After the DB and user middlewares, so the claim is part of the update's transaction.
    dispatcher.update.outer_middleware(ClaimUpdate())
    policy = FailurePolicy(sessionmaker, max_deliveries)
    dispatcher.errors.outer_middleware(policy)
    dispatcher.workflow_data[POLICY_KEY] = policy


POLICY_KEY = "jol_failure_policy"
INT64_MAX = 2**63 - 1


def policy_of(dispatcher: Dispatcher) -> FailurePolicy | None:
    policy = dispatcher.workflow_data.get(POLICY_KEY)
    return policy if isinstance(policy, FailurePolicy) else None


def why_ignored(payload: dict[str, Any]) -> str | None:
    """Why an update with an `update_id` cannot be handled at all (None: it can be tried).
    Such an update is answered 200 and counted as "ignored": resending cannot change it."""
    update_id = payload.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        return "update_id is not a number"
    if not 0 <= update_id <= INT64_MAX:
        return "update_id out of range"
    if not any(payload.get(key) is not None for key in KNOWN_UPDATE_TYPES):
        return "unknown update type"
    return None


# Every kind of update this aiogram understands (the Update model's optional fields).
KNOWN_UPDATE_TYPES = frozenset(name for name in Update.model_fields if name != "update_id")


def is_update(payload: object) -> bool:
    """An object that claims to be an update (its id is checked by `why_ignored`)."""
    return isinstance(payload, dict) and "update_id" in payload


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
