"""One chat's rows arrive in their queue order, whatever happens to an earlier one.

A long text is queued as numbered parts "(1/2)", "(2/2)" (`enqueue_parts`): a part pushed
back by a 429 or a retry must never be overtaken by a later part or a later message.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import OutboxMessage
from db.queries.outbox import enqueue_parts
from db.types import utcnow
from emulator.timeouts import scaled
from tests.conftest import make_settings
from tests.harness import Harness
from tests.outbox.conftest import FAST, person, put, settle

PARTS = ["part (1/3)", "part (2/3)", "part (3/3)"]


@pytest.fixture
def settings(db_url: str) -> Settings:
    # A short lease: a flood ban longer than what is left of it makes the sender give its
    # rows back (and claim them again), the case where a later row could slip ahead.
    return make_settings(db_url, **{**FAST, "outbox_lease_seconds": 4})


async def queue_parts(jol: Harness, chat_id: int, key: str) -> list[int]:
    async with jol.session() as session:
        await enqueue_parts(session, chat_id, PARTS, dedupe_key=key)
        found = await session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.chat_id == chat_id)
            .order_by(OutboxMessage.id)
        )
        return list(found)[-len(PARTS) :]


async def texts_received(jol: Harness, since: int, chat_id: int) -> list[str]:
    events, _ = await jol.emu.events(since, chat_id=chat_id)
    return [
        e["message"]["text"]
        for e in events
        if e["type"] == "message.created" and e["message"]["from_bot"]
    ]


async def refused(jol: Harness, since: int) -> None:
    """Until the emulator has refused a send (the scripted fault fired)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(15)
    while True:
        events, _ = await jol.emu.events(since)
        if any(e["type"] == "fault.fired" for e in events):
            return
        assert loop.time() < deadline, "the fault never fired"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 429, "retry_after": 1},  # flood control: waits out the ban
        {"status": 502},  # a retry with backoff
        {"kind": "reset"},  # a network error, retried too
    ],
    ids=["429", "502", "reset"],
)
async def test_parts_arrive_in_order_when_the_first_part_fails_once(
    jol: Harness, fault: dict[str, Any]
) -> None:
    uid = await person(jol)
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=uid, **fault)
    ids = await queue_parts(jol, uid, "long-answer")
    found = await settle(jol, ids)
    assert [r.status for r in found] == ["sent"] * len(PARTS)
    assert await texts_received(jol, since, uid) == PARTS


async def test_a_later_message_waits_for_one_given_back_after_a_long_ban(jol: Harness) -> None:
    """A 429 whose ban outlasts the claim's lease: the row is given back to the queue. A row
    of the same chat claimed later (with a later lease) must still wait for it."""
    uid = await person(jol)
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=429, retry_after=3)
    first = await put(jol, uid, "first")
    await refused(jol, since)
    # Due while the first one waits out its 3 s ban: claimed in a later batch, whose lease
    # still runs when the ban ends (sends start only in a claim's first 2 s), while the first
    # one's has run out by then, so the first one is given back.
    second = await put(jol, uid, "second", due_at=utcnow() + timedelta(milliseconds=2500))
    found = await settle(jol, [first, second], timeout=30)
    assert [r.status for r in found] == ["sent", "sent"]
    assert await texts_received(jol, since, uid) == ["first", "second"]
