"""Delivery through the outbox: Telegram's errors (403, 429, 5xx, 400), the news switch, the
progress message and the figures."""

from __future__ import annotations

from sqlalchemy import select

from db.models import User
from db.types import utcnow
from handlers.broadcast.callbacks import NewsCb
from tests.broadcast.helpers import (
    broadcast_messages,
    broadcast_row,
    compose,
    deliveries,
    people,
    send_now,
    staff,
    tr,
    wait_for,
    wait_status,
)
from tests.harness import Harness


async def test_blocked_429_5xx_and_unknown_chats_are_counted_right(jol: Harness) -> None:
    author = await staff(jol)
    ok = await people(jol, 4, locale="ru")
    blocked = await people(jol, 2, locale="ru")
    for uid in blocked:
        # Blocked while the bot was not looking: the sender learns it from the 403.
        await jol.emu.script_fault(
            "sendMessage",
            chat_id=uid,
            status=403,
            description="Forbidden: bot was blocked by the user",
        )
    (known,) = await people(jol, 1, locale="ru")
    await jol.emu.block(known)  # told by my_chat_member: never even queued

    async def known_is_marked() -> bool:
        async with jol.session() as session:
            user = await session.get(User, known)
            return user is not None and user.blocked_at is not None

    await wait_for(known_is_marked)
    ghost = 9_100_000_001  # in the DB, unknown to Telegram: 400 chat not found
    async with jol.session() as session:
        session.add(User(id=ghost, locale="ru", consent_at=utcnow()))
    await jol.emu.script_fault("sendMessage", chat_id=ok[0], status=429, retry_after=1)
    await jol.emu.script_fault("sendMessage", chat_id=ok[1], status=502)

    broadcast_id = await compose(jol, author, {"ru": "Важное объявление"}, languages=("ru",))
    await send_now(jol, author, broadcast_id)
    row = await wait_status(jol, broadcast_id, "done")
    assert (row.total, row.sent, row.blocked, row.failed) == (7, 4, 2, 1)
    assert row.retried == 1  # the 502: Telegram may or may not have delivered it
    for uid in ok:
        assert len(await broadcast_messages(jol, uid, "Важное объявление")) == 1
    by_chat = {r.chat_id: r for r in await deliveries(jol, broadcast_id)}
    assert by_chat[ok[0]].status == "sent" and by_chat[ok[0]].attempts == 0  # 429 is no failure
    assert by_chat[ghost].status == "dead" and "chat not found" in (
        by_chat[ghost].last_error or ""
    )
    async with jol.session() as session:
        marked = await session.scalars(select(User.id).where(User.blocked_at.is_not(None)))
        assert sorted(marked) == sorted([*blocked, known])

    # Next time the people who blocked the bot are not even queued.
    second = await compose(jol, author, {"ru": "Второе объявление"}, languages=("ru",))
    await send_now(jol, author, second)
    row = await wait_status(jol, second, "done")
    assert row.total == 5 and {r.chat_id for r in await deliveries(jol, second)} == {*ok, ghost}

    progress = await jol.reply(
        author, lambda m: f"#{second}" in (m.text or "") and "finished" in (m.text or "")
    )
    assert progress.inline_buttons == []  # nothing left to pause or cancel


async def test_turning_news_off_from_a_broadcast(jol: Harness) -> None:
    author = await staff(jol)
    reader, other = await people(jol, 2, locale="ky")
    ky = tr(jol, "ky")
    first = await compose(jol, author, {"ky": "Биринчи кабар"}, languages=("ky",))
    await send_now(jol, author, first)
    await wait_status(jol, first, "done")
    message = (await broadcast_messages(jol, reader, "Биринчи кабар"))[0]
    pressed = await jol.click(reader, ky("broadcast-news-off"), message_id=message.message_id)
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    assert "өчүрүлдү" in answer["text"]
    async with jol.session() as session:
        user = await session.get(User, reader)
        assert user is not None and user.news_enabled is False and user.reminders_paused is False
    edited = await jol.reply(reader, lambda m: m.message_id == message.message_id)
    assert edited.button_texts == [ky("broadcast-news-on")]

    second = await compose(jol, author, {"ky": "Экинчи кабар"}, languages=("ky",))
    await send_now(jol, author, second)
    row = await wait_status(jol, second, "done")
    assert row.total == 1 and not await broadcast_messages(jol, reader, "Экинчи кабар")
    assert len(await broadcast_messages(jol, other, "Экинчи кабар")) == 1

    # Staff see how many turned news off from that broadcast (a count, not who).
    assert (await broadcast_row(jol, first)).news_off == 1
    await jol.send(author, "/broadcasts")
    await jol.reply_containing(author, "Broadcasts")
    await jol.click(author, callback_data=f"bc:card:{first}:")
    assert "Turned news off with its button: 1" in ((await jol.last(author)).text or "")

    # And back on, from the same message (the count goes back down).
    await jol.click(reader, ky("broadcast-news-on"), message_id=message.message_id)
    async with jol.session() as session:
        user = await session.get(User, reader)
        assert user is not None and user.news_enabled is True
    assert (await broadcast_row(jol, first)).news_off == 0

    # A forged button naming a broadcast this person never received counts nothing.
    assert NewsCb(on=False, b=second).pack() == f"news:0:{second}"
    pressed = await jol.forge_click(reader, f"news:0:{second}")
    await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    async with jol.session() as session:
        user = await session.get(User, reader)
        assert user is not None and user.news_enabled is False
    assert (await broadcast_row(jol, second)).news_off == 0
