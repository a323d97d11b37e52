"""The sender through the emulator: delivery, and each Telegram error's policy."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import MessageId
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import update

from bot.sender import Pacer, SendMessageForId
from db.models import OutboxMessage, User
from db.types import utcnow
from emulator.timeouts import scaled
from tests.harness import Harness
from tests.outbox.conftest import person, put, rows, settle


async def test_delivers_text_with_buttons(jol: Harness) -> None:
    calls: list[type] = []

    async def record(make_request: Any, bot: Any, method: Any) -> Any:
        calls.append(type(method))
        return await make_request(bot, method)

    assert jol.runtime is not None
    jol.runtime.bot.session.middleware(record)
    uid = await person(jol)
    kb = InlineKeyboardBuilder()
    kb.button(text="OK", callback_data="m:home")
    row_id = await put(jol, uid, "<b>Hello</b> from the outbox", reply_markup=kb.as_markup())
    message = await jol.reply(uid, lambda m: "from the outbox" in (m.text or ""))
    assert message.text == "Hello from the outbox"  # sent as HTML, as before
    assert message.button_texts == ["OK"]
    (row,) = await settle(jol, [row_id])
    assert row.status == "sent" and row.telegram_message_id == message.message_id
    assert row.sent_at is not None and row.claimed_by is None and row.locked_until is None
    # The answer was read for its id only (bot/sender.py:SendMessageForId).
    assert SendMessageForId in calls


def test_a_text_send_is_sendmessage_read_for_its_id_only() -> None:
    call = SendMessageForId(chat_id=5, text="<b>x</b>", disable_notification=True)
    plain = SendMessage(chat_id=5, text="<b>x</b>", disable_notification=True)
    assert (call.__api_method__, call.model_dump()) == (plain.__api_method__, plain.model_dump())
    sent = {
        "message_id": 7,
        "date": 1733400000,
        "chat": {"id": 5, "type": "private", "first_name": "Ann"},
        "from": {"id": 1, "is_bot": True, "first_name": "Jol"},
        "text": "x",
    }
    answer = Response[call.__returning__].model_validate({"ok": True, "result": sent})
    assert type(answer.result) is MessageId and answer.result.message_id == 7


async def test_one_chat_gets_its_messages_in_order_and_spaced(jol: Harness) -> None:
    uid = await person(jol)
    since = jol.emu.cursor
    ids = [await put(jol, uid, f"note {n}") for n in range(3)]
    await settle(jol, ids)
    events, _ = await jol.emu.events(since, chat_id=uid)
    sent = [
        e
        for e in events
        if e["type"] == "message.created" and (e["message"]["text"] or "").startswith("note")
    ]
    assert [e["message"]["text"] for e in sent] == ["note 0", "note 1", "note 2"]
    gaps = [b["time"] - a["time"] for a, b in itertools.pairwise(sent)]
    assert all(g >= jol.settings.send_min_interval_per_chat * 0.95 for g in gaps), gaps


async def took_in_a_429(jol: Harness) -> None:
    """Until the sender has had a 429 answer (and holds every send for its ban)."""
    assert jol.background is not None
    outbox = jol.background.outbox
    async with asyncio.timeout(scaled(15)):
        while not outbox.stats["retry_after"]:
            await outbox.wake()
            await asyncio.sleep(0.01)


async def test_429_waits_out_the_ban_then_sends_without_counting_a_failure(
    jol: Harness,
) -> None:
    first, second = await person(jol), await person(jol)
    since = jol.emu.cursor
    await jol.emu.script_fault("sendMessage", chat_id=first, status=429, retry_after=1)
    a = await put(jol, first, "to first")
    # The second message is queued once the sender has taken in the 429 (queued earlier, it
    # may be on the wire while the 429 comes back: no one can hold what is already sent).
    await took_in_a_429(jol)
    b = await put(jol, second, "to second")
    found = await settle(jol, [a, b])
    assert [r.status for r in found] == ["sent", "sent"]
    assert [r.attempts for r in found] == [0, 0]  # flood control is not a failure

    events, _ = await jol.emu.events(since)
    fired = next(e for e in events if e["type"] == "fault.fired")
    sends = [
        e
        for e in events
        if e["type"] == "message.created" and e.get("chat_id") in (first, second)
        and e["message"]["from_bot"] and e["seq"] > fired["seq"]
    ]  # fmt: skip
    # Both went out after the ban, the refused one again; nothing during it.
    assert {e["chat_id"] for e in sends} == {first, second}
    # Nothing at all was sent to anyone during the ban.
    assert all(e["time"] >= fired["time"] + 1 - 0.05 for e in sends)
    assert (await jol.emu.stats())["sends_refused_flood"] == 0


async def test_403_marks_the_person_blocked_and_drops_their_queue(jol: Harness) -> None:
    uid = await person(jol)
    other = await person(jol)
    blocked = "Forbidden: bot was blocked by the user"
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=403, description=blocked)
    now_id = await put(jol, uid, "now")
    later_id = await put(jol, uid, "later", due_at=utcnow() + timedelta(hours=3))
    other_id = await put(jol, other, "someone else")
    await settle(jol, [now_id, other_id])
    found = await rows(jol, now_id, later_id, other_id)
    assert [r.status for r in found] == ["dropped", "dropped", "sent"]
    assert "blocked by the user" in (found[0].last_error or "")
    async with jol.session() as session:
        user = await session.get(User, uid)
        assert user is not None and user.blocked_at is not None
        assert (await session.get(User, other)).blocked_at is None  # type: ignore[union-attr]


async def test_5xx_is_retried_with_backoff_then_sent(jol: Harness) -> None:
    uid = await person(jol)
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=500, count=2)
    row_id = await put(jol, uid, "eventually")
    (row,) = await settle(jol, [row_id])
    assert (row.status, row.attempts) == ("sent", 2)
    await jol.reply(uid, lambda m: m.text == "eventually")


async def test_5xx_until_the_limit_is_dead_with_the_error_kept(jol: Harness) -> None:
    uid = await person(jol)
    await jol.emu.script_fault("sendMessage", chat_id=uid, status=502, count=10)
    row_id = await put(jol, uid, "never")
    (row,) = await settle(jol, [row_id])
    assert row.status == "dead"
    assert row.attempts == jol.settings.outbox_max_attempts
    assert "Bad Gateway" in (row.last_error or "")


@pytest.mark.parametrize("kind", ["reset", "garbage"])
async def test_network_errors_and_undecodable_answers_are_retried(jol: Harness, kind: str) -> None:
    uid = await person(jol)
    await jol.emu.script_fault("sendMessage", chat_id=uid, kind=kind)
    row_id = await put(jol, uid, f"after {kind}")
    (row,) = await settle(jol, [row_id])
    assert (row.status, row.attempts) == ("sent", 1)


async def test_400_chat_not_found_is_dead(jol: Harness) -> None:
    row_id = await put(jol, 4_242_424_242, "nobody")
    (row,) = await settle(jol, [row_id])
    assert row.status == "dead" and "chat not found" in (row.last_error or "")
    assert row.attempts == 0


async def test_other_400_is_dead_with_the_error(jol: Harness) -> None:
    uid = await person(jol)
    row_id = await put(jol, uid, "<b>unclosed")
    (row,) = await settle(jol, [row_id])
    assert row.status == "dead" and "can't parse entities" in (row.last_error or "")


async def test_a_message_past_its_expiry_is_dropped_not_sent(jol: Harness) -> None:
    uid = await person(jol)
    row_id = await put(jol, uid, "too late", expires_at=utcnow() - timedelta(minutes=1))
    fresh_id = await put(jol, uid, "in time", expires_at=utcnow() + timedelta(hours=1))
    found = await settle(jol, [row_id, fresh_id])
    assert [(r.status, r.last_error) for r in found] == [("dropped", "expired"), ("sent", None)]
    assert [m.text for m in await jol.chat(uid)][-1] == "in time"


async def test_rows_of_a_dead_process_are_taken_back(jol: Harness) -> None:
    uid = await person(jol)
    row_id = await put(jol, uid, "orphan")
    async with jol.session() as session:
        # As a process that claimed the row and died: "sending", lease over.
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                status="sending", claimed_by="ghost", locked_until=utcnow() - timedelta(seconds=1)
            )
        )
    assert jol.background is not None
    jol.background.outbox._next_reclaim = 0.0  # as after its regular interval
    (row,) = await settle(jol, [row_id])
    assert row.status == "sent"
    assert jol.background.outbox.stats["reclaimed"] == 1


async def test_stop_releases_what_was_not_sent(jol: Harness) -> None:
    first, second = await person(jol), await person(jol)
    await jol.emu.script_fault("sendMessage", chat_id=first, status=429, retry_after=30)
    a = await put(jol, first, "banned")
    assert jol.background is not None
    await settle(jol, [a], done=lambda r: r.status == "sending")
    # The second message is queued only once the sender has taken in the 429: queued earlier,
    # it may rightly go out before the 429 comes back (sends to different chats overlap).
    await took_in_a_429(jol)
    b = await put(jol, second, "waiting")
    await settle(jol, [a, b], done=lambda r: r.status != "pending")
    await jol.background.stop()
    found = await rows(jol, a, b)
    # Neither was sent during the 30 s ban; both are back in the queue for any process.
    assert [(r.status, r.claimed_by, r.attempts) for r in found] == [("pending", None, 0)] * 2
    jol.background = None


async def test_paced_sends_are_never_refused_for_flooding(jol: Harness) -> None:
    # The emulator enforces 8 messages per second for the bot and 1 per second per chat;
    # the sender, paced at 8/s, must never be refused.
    people = [await person(jol) for _ in range(4)]
    await jol.emu.set_flood_limits(global_limit=8, global_window=1.0, chat_limit=1)
    assert jol.background is not None
    jol.background.outbox.pacer = jol.background.outbox.sender.pacer = Pacer(8, 1.0)
    # Due a little later: the replies these people just got from onboarding count too.
    later = utcnow() + timedelta(seconds=1.2)
    ids = [await put(jol, people[n % 4], f"paced {n}", due_at=later) for n in range(24)]
    found = await settle(jol, ids, timeout=30)
    assert {r.status for r in found} == {"sent"}
    stats = await jol.emu.stats()
    assert stats["sends_refused_flood"] == 0
