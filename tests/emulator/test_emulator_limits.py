"""Flood control and scripted faults, as a real aiogram Bot sees them."""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from emulator_support import ANN, BOB, make_bot

from emulator import EmulatorClient, RunningEmulator


@pytest_asyncio.fixture
async def two_users(client: EmulatorClient) -> tuple[int, int]:
    for user_id, name in ((ANN, "Ann"), (BOB, "Bob")):
        await client.create_user(user_id, name)
        await client.start(user_id)
    return ANN, BOB


@pytest.mark.asyncio
async def test_flood_is_off_by_default(bot: Bot, two_users: tuple[int, int]) -> None:
    for index in range(40):
        await bot.send_message(ANN, f"message {index}")


@pytest.mark.asyncio
async def test_per_chat_flood_limit_answers_429_with_retry_after(
    bot: Bot, client: EmulatorClient, two_users: tuple[int, int]
) -> None:
    await client.set_flood_limits(chat_limit=1, chat_window=1.0, retry_after=3)
    await bot.send_message(ANN, "first")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(ANN, "too fast")
    assert error.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in error.value.message
    # Another chat is not affected by Ann's chat limit.
    await bot.send_message(BOB, "hello Bob")
    # The chat stays banned for retry_after even after the window has passed.
    await client.advance_clock(1.5)
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(ANN, "still banned")
    assert error.value.retry_after in (1, 2)
    await client.advance_clock(2)
    await bot.send_message(ANN, "fine again")

    stats = await client.stats()
    assert stats["sends_accepted"] == 3
    assert stats["sends_refused_flood"] == 2
    assert [m.text for m in await client.bot_messages(ANN)] == ["first", "fine again"]


@pytest.mark.asyncio
async def test_global_flood_limit_bans_every_send(
    bot: Bot, client: EmulatorClient, two_users: tuple[int, int]
) -> None:
    await client.set_flood_limits(global_limit=2, global_window=1.0, chat_limit=100)
    await bot.send_message(ANN, "1")
    await bot.send_message(BOB, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(ANN, "3")
    assert error.value.retry_after >= 1
    # While banned, every chat is refused with the remaining time.
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(BOB, "4")
    await client.set_flood_limits(enabled=False)
    await bot.send_message(BOB, "5")


@pytest.mark.asyncio
async def test_flood_limits_are_per_bot(
    emu: RunningEmulator, bot: Bot, two_users: tuple[int, int]
) -> None:
    other = make_bot(emu.base_url, "555:other-bot-secret")
    async with EmulatorClient(emu.base_url, bot_id=555) as other_client:
        try:
            await other.get_me()  # the emulator learns the second bot on its first call
            await other_client.start(ANN)
            await emu.client.set_flood_limits(global_limit=1, chat_limit=100)
            await bot.send_message(ANN, "first bot")
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(BOB, "first bot again")
            # The second bot has its own budget.
            await other.send_message(ANN, "second bot")
            assert [m.text for m in await other_client.bot_messages(ANN)] == ["second bot"]
        finally:
            await other.session.close()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fault", "exception", "text"),
    [
        ({"retry_after": 7}, TelegramRetryAfter, "Too Many Requests: retry after 7"),
        ({"status": 403}, TelegramForbiddenError, "Forbidden: bot was blocked by the user"),
        (
            {"status": 400, "description": "Bad Request: chat not found"},
            TelegramBadRequest,
            "Bad Request: chat not found",
        ),
        ({"status": 500}, TelegramServerError, "Internal Server Error"),
        ({"status": 502, "description": "Bad Gateway"}, TelegramServerError, "Bad Gateway"),
        ({"kind": "garbage"}, ClientDecodeError, "Failed to decode object"),
        ({"kind": "reset"}, TelegramNetworkError, "Server disconnected"),
    ],
)
async def test_scripted_faults_reach_aiogram_as_the_right_exception(
    bot: Bot,
    client: EmulatorClient,
    two_users: tuple[int, int],
    fault: dict[str, object],
    exception: type[Exception],
    text: str,
) -> None:
    await client.script_fault("sendMessage", chat_id=ANN, **fault)  # type: ignore[arg-type]
    # Another chat is not hit by a fault scripted for Ann.
    await bot.send_message(BOB, "unaffected")
    with pytest.raises(exception) as error:
        await bot.send_message(ANN, "hit")
    assert text in str(error.value)
    if isinstance(error.value, TelegramRetryAfter):
        assert error.value.retry_after == 7
    # One use only: the next call goes through, and the faulted one left no message.
    await bot.send_message(ANN, "after")
    assert [m.text for m in await client.bot_messages(ANN)] == ["after"]
    assert (await client.stats())["faults_fired"] == 1


@pytest.mark.asyncio
async def test_fault_counts_methods_and_delay(
    bot: Bot, client: EmulatorClient, two_users: tuple[int, int]
) -> None:
    await client.script_fault("editMessageText", count=2, status=502)
    sent = await bot.send_message(ANN, "v1")
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.edit_message_text("v2", chat_id=ANN, message_id=sent.message_id)
    await bot.edit_message_text("v2", chat_id=ANN, message_id=sent.message_id)

    await client.script_fault("sendChatAction", kind="delay", delay=0.3)
    started = asyncio.get_running_loop().time()
    assert await bot.send_chat_action(ANN, "typing")
    assert asyncio.get_running_loop().time() - started >= 0.3

    # A rule without a method hits the next "real" call, not getUpdates.
    await client.script_fault(status=500)
    assert await bot.get_updates() is not None
    with pytest.raises(TelegramServerError):
        await bot.send_message(ANN, "x")
