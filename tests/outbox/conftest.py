"""Outbox tests: fast retries and short per-chat spacing, so error policies run in seconds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import OutboxMessage
from db.queries.outbox import enqueue
from emulator.timeouts import scaled
from tests.conftest import make_settings
from tests.harness import Harness

FAST = {
    "outbox_backoff_seconds": 0.05,
    "outbox_backoff_max_seconds": 0.2,
    "outbox_max_attempts": 3,
    "send_rate_per_second": 100,
    "send_min_interval_per_chat": 0.2,
    "outbox_lease_seconds": 10,
}


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url, **FAST)


LANGUAGE_BUTTON = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


async def person(jol: Harness, language: str = "ru") -> int:
    """Someone who pressed Start (a bot may only write to people who did) and chose a language
    (which stores their row)."""
    uid = await jol.user(language_code=language)
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[language] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[language])
    return uid


async def put(jol: Harness, chat_id: int, text: str, **kwargs: Any) -> int:
    async with jol.session() as session:
        await enqueue(session, chat_id, text, **kwargs)
        row = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.text == text)
            .order_by(OutboxMessage.id.desc())
        )
        assert row is not None
        return row.id


async def rows(jol: Harness, *ids: int) -> list[OutboxMessage]:
    async with jol.session() as session:
        found = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
        )
        return list(found)


async def settle(
    jol: Harness,
    ids: list[int],
    done: Callable[[OutboxMessage], bool] = lambda r: r.status not in ("pending", "sending"),
    timeout: float = 15.0,
) -> list[OutboxMessage]:
    """Wake the sender until every row satisfies `done` (polling the DB, no fixed sleep)."""
    assert jol.background is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    while True:
        await jol.background.outbox.wake()
        found = await rows(jol, *ids)
        if all(done(r) for r in found):
            return found
        if loop.time() > deadline:
            raise AssertionError([(r.id, r.status, r.attempts, r.last_error) for r in found])
        await asyncio.sleep(0.05)


def event_time(event: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(event["time"])
