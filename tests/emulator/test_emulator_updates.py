"""getUpdates semantics, conflicts, a real Dispatcher polling, and webhook delivery."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramConflictError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from emulator_support import ANN, make_bot

from emulator import EmulatorClient, RunningEmulator
from emulator.timeouts import scaled


async def texts_of(bot: Bot, **kwargs: Any) -> list[str]:
    return [u.message.text or "" for u in await bot.get_updates(**kwargs) if u.message]


@pytest.mark.asyncio
async def test_offset_confirms_and_negative_offset_keeps_the_tail(
    bot: Bot, client: EmulatorClient
) -> None:
    await client.create_user(ANN, "Ann")
    for text in ("one", "two", "three", "four"):
        await client.send_text(ANN, text)

    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["one", "two", "three", "four"]
    # Without a new offset nothing is confirmed.
    assert await texts_of(bot) == ["one", "two", "three", "four"]
    assert await texts_of(bot, limit=2) == ["one", "two"]
    # offset = id + 1 confirms everything up to id.
    assert await texts_of(bot, offset=updates[1].update_id + 1) == ["three", "four"]
    assert await texts_of(bot) == ["three", "four"]
    # A negative offset keeps only the last -offset updates and forgets the rest.
    assert await texts_of(bot, offset=-1) == ["four"]
    assert await texts_of(bot) == ["four"]
    assert await texts_of(bot, offset=updates[-1].update_id + 1) == []
    assert await client.pending_updates() == []


@pytest.mark.asyncio
async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, client: EmulatorClient
) -> None:
    await client.create_user(ANN, "Ann")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)  # let the request reach the server and park
    assert not poll.done()
    await client.send_text(ANN, "wake up")
    updates = await asyncio.wait_for(poll, scaled(5))
    assert [u.message.text for u in updates if u.message] == ["wake up"]
    assert time.monotonic() - started < 2


@pytest.mark.asyncio
async def test_long_poll_times_out_with_an_empty_list(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 3


@pytest.mark.asyncio
async def test_allowed_updates_filter_new_updates(bot: Bot, client: EmulatorClient) -> None:
    await client.create_user(ANN, "Ann")
    assert await bot.get_updates(allowed_updates=["callback_query"]) == []
    await client.send_text(ANN, "filtered out")
    assert await bot.get_updates() == []
    # An empty list restores the default set.
    await bot.get_updates(allowed_updates=[])
    await client.send_text(ANN, "kept")
    assert await texts_of(bot) == ["kept"]


@pytest.mark.asyncio
async def test_overlapping_long_polls_terminate_the_older_one(
    bot: Bot, emu: RunningEmulator
) -> None:
    second = make_bot(emu.base_url)
    try:
        older = asyncio.create_task(bot.get_updates(timeout=10))
        await asyncio.sleep(0.05)
        newer = asyncio.create_task(second.get_updates(timeout=1))
        with pytest.raises(TelegramConflictError) as error:
            await asyncio.wait_for(older, scaled(5))
        assert "terminated by other getUpdates request" in error.value.message
        assert await newer == []
    finally:
        await second.session.close()


@pytest.mark.asyncio
async def test_get_updates_conflicts_with_a_webhook(bot: Bot) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == []


@pytest.mark.asyncio
async def test_dispatcher_long_polls_and_echoes(bot: Bot, client: EmulatorClient) -> None:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"<b>echo:</b> {message.text}", parse_mode="HTML")

    @router.callback_query(F.data == "ping")
    async def pong(query: CallbackQuery) -> None:
        await query.answer("pong")

    @router.message(F.text == "/menu")
    async def menu(message: Message) -> None:  # pragma: no cover - echo matches first
        raise AssertionError

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot, handle_signals=False, polling_timeout=5, close_bot_session=False
        )
    )
    try:
        await client.create_user(ANN, "Ann")
        await client.send_text(ANN, "salam")
        reply = await client.wait_for_message(ANN, timeout=5)
        assert reply.text == "echo: salam"
        assert reply.entities == [{"type": "bold", "offset": 0, "length": 5}]

        await bot.send_message(
            ANN,
            "Ping?",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Ping", callback_data="ping")]]
            ),
        )
        pressed = await client.press_button(ANN, "Ping")
        answer = await client.wait_for_callback_answer(pressed["callback_query_id"], timeout=5)
        assert answer["text"] == "pong"
        assert (await client.stats())["methods"]["getUpdates"] >= 2
    finally:
        await dispatcher.stop_polling()
        await asyncio.wait_for(polling, scaled(5))


@pytest.mark.asyncio
async def test_webhook_delivery_secret_retries_and_info(bot: Bot, client: EmulatorClient) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    failures = {"left": 2}
    got_update = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        if failures["left"]:
            failures["left"] -= 1
            return web.Response(status=500)
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        got_update.set()
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await client.create_user(ANN, "Ann")
        await client.send_text(ANN, "queued before the webhook")
        assert await bot.set_webhook(
            f"http://127.0.0.1:{port}/hook",
            secret_token="s3cr3t-Token_1",
            allowed_updates=["message", "callback_query"],
        )
        await asyncio.wait_for(got_update.wait(), scaled(5))
        secret, update = received[0]
        assert secret == "s3cr3t-Token_1"
        assert update["message"]["text"] == "queued before the webhook"

        info = await bot.get_webhook_info()
        assert info.url == f"http://127.0.0.1:{port}/hook"
        assert info.last_error_message == (
            "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert info.allowed_updates == ["message", "callback_query"]

        got_update.clear()
        await client.send_text(ANN, "second")
        await asyncio.wait_for(got_update.wait(), scaled(5))
        texts = [u["message"]["text"] for _, u in received]
        assert texts == ["queued before the webhook", "second"]
        assert received[0][1]["update_id"] < received[1][1]["update_id"]
        assert (await bot.get_webhook_info()).pending_update_count == 0
        stats = await client.stats()
        assert stats["webhook_failures"] == 2 and stats["webhook_deliveries"] == 2
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


@pytest.mark.asyncio
async def test_webhook_unreachable_keeps_updates_pending(bot: Bot, client: EmulatorClient) -> None:
    await client.set_config(webhook_retry_initial=0.05, webhook_retry_max=0.1)
    await bot.set_webhook("http://127.0.0.1:9/nowhere")  # port 9: nothing listens
    await client.create_user(ANN, "Ann")
    await client.send_text(ANN, "lost?")
    await client.wait_for_event(lambda e: e["type"] == "webhook.failed")
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Connection refused"
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).pending_update_count == 0


@pytest.mark.asyncio
async def test_aiogram_webhook_reply_method_is_executed(bot: Bot, client: EmulatorClient) -> None:
    """aiogram's synchronous webhook mode answers with the method call; Telegram runs it."""
    router = Router()

    @router.message()
    async def reply_in_response(message: Message) -> Any:
        return message.answer("answered in the webhook response")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token="abc").register(
        app, path="/tg"
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/tg", secret_token="abc")
        await client.create_user(ANN, "Ann")
        await client.send_text(ANN, "hi")
        reply = await client.wait_for_message(ANN, timeout=5)
        assert reply.text == "answered in the webhook response"
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
