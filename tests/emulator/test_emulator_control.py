"""Bot API plumbing (encodings, tokens, commands) and the control API (events, reset, CLI)."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonCommands,
)
from emulator_support import ANN, BOB, OTHER_TOKEN, TOKEN, make_bot, raw_call

from emulator import EmulatorClient, EmulatorError, RunningEmulator
from emulator.timeouts import scaled

# --- HTTP details of the Bot API ---------------------------------------------------------


@pytest.mark.asyncio
async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456789
    assert me.is_bot and me.username == "jol_test_bot"
    assert me.can_join_groups is True and me.supports_inline_queries is False


@pytest.mark.asyncio
async def test_encodings_method_case_and_unknown_methods(emu: RunningEmulator, ann: int) -> None:
    status, body = await raw_call(emu.base_url, "SENDMESSAGE", json={"chat_id": ann, "text": "j"})
    assert status == 200 and body["result"]["text"] == "j"
    form = {"chat_id": str(ann), "text": "f"}
    status, body = await raw_call(emu.base_url, "sendMessage", data=form)
    assert status == 200 and body["result"]["text"] == "f"
    async with aiohttp.ClientSession() as session:
        url = f"{emu.base_url}/bot{TOKEN}/sendMessage"
        async with session.get(url, params={"chat_id": ann, "text": "q"}) as response:
            assert (await response.json())["result"]["text"] == "q"
    status, body = await raw_call(emu.base_url, "sendMessage", json={"text": "x"})
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    status, body = await raw_call(emu.base_url, "noSuchMethod", json={})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert (await emu.client.stats())["unknown_methods"] == {"noSuchMethod": 1}


@pytest.mark.asyncio
async def test_tokens_are_checked_and_bots_are_isolated(emu: RunningEmulator, bot: Bot) -> None:
    status, body = await raw_call(emu.base_url, "getMe", token="not-a-token")
    assert (status, body["description"]) == (401, "Unauthorized")
    impostor = make_bot(emu.base_url, "123456789:wrong-secret")
    other = make_bot(emu.base_url, OTHER_TOKEN)
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await impostor.get_me()
        assert (await other.get_me()).id == 987654321
        first = EmulatorClient(emu.base_url, bot_id=bot.id)
        second = EmulatorClient(emu.base_url, bot_id=other.id)
        async with first, second:
            await first.create_user(ANN, "Ann")
            await first.start(ANN)
            await bot.send_message(ANN, "from the first bot")
            # Ann never started the second bot, and its chats are its own.
            with pytest.raises(Exception, match="can't initiate"):
                await other.send_message(ANN, "from the second bot")
            assert await second.chats() == []
            with pytest.raises(EmulatorError, match="several bots"):
                await emu.client.send_text(ANN, "which bot?")
    finally:
        await impostor.session.close()
        await other.session.close()


# --- command menus and profile -----------------------------------------------------------


@pytest.mark.asyncio
async def test_set_my_commands_per_language_and_scope(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [
            BotCommand(command="start", description="Начать"),
            BotCommand(command="help", description="Помощь"),
        ],
        language_code="ru",
    )
    await bot.set_my_commands(
        [BotCommand(command="admin", description="Staff tools")],
        scope=BotCommandScopeChat(chat_id=ann),
    )
    await bot.set_my_commands(
        [BotCommand(command="guides", description="Guides")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ky",
    )

    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == [
        "Начать",
        "Помощь",
    ]
    assert await bot.get_my_commands(language_code="uz") == []

    menus = await client.commands(user_id=BOB, language_code="ru")
    assert len(menus["menus"]) == 4
    assert [c["command"] for c in menus["effective"]] == ["start", "help"]
    assert [
        c["command"] for c in (await client.commands(user_id=BOB, language_code="ky"))["effective"]
    ] == ["guides"]
    # Ann has a chat-scoped menu, which wins over every language.
    assert [c["command"] for c in (await client.commands(user_id=ann))["effective"]] == ["admin"]

    assert await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == []

    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])
    with pytest.raises(TelegramBadRequest, match="description must be non-empty"):
        await bot.set_my_commands([BotCommand(command="start", description=" ")])
    with pytest.raises(TelegramBadRequest, match="invalid language code"):
        await bot.set_my_commands([BotCommand(command="x", description="x")], language_code="rus")


@pytest.mark.asyncio
async def test_descriptions_and_menu_button(bot: Bot, client: EmulatorClient, ann: int) -> None:
    assert await bot.set_my_description("Help for migrants", language_code="en")
    assert await bot.set_my_short_description("Жол", language_code="ru")
    assert await bot.set_chat_menu_button(chat_id=ann, menu_button=MenuButtonCommands())
    assert (await bot.get_my_description(language_code="en")).description == "Help for migrants"
    assert (await bot.get_chat_menu_button(chat_id=ann)).type == "commands"
    profile = await client.bot_profile()
    assert profile["descriptions"] == {"en": "Help for migrants"}
    assert profile["short_descriptions"] == {"ru": "Жол"}
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.set_my_short_description("x" * 121)


# --- control API -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_user_messages_look_like_telegram(bot: Bot, client: EmulatorClient) -> None:
    await client.create_user(ANN, "Ann", username="ann_lee", language_code="ky")
    await client.start(ANN, "office-bishkek_1")
    await client.send_text(ANN, "see /help and /guides@jol_test_bot")
    with pytest.raises(EmulatorError, match="deep-link payload"):
        await client.start(ANN, "no spaces allowed")
    await client.send_contact(ANN, phone_number="+996555000111", first_name="Mum")

    updates = await bot.get_updates()
    first, second, third = (u.message for u in updates)
    assert first is not None and second is not None and third is not None
    assert first.text == "/start office-bishkek_1"
    assert first.entities is not None and first.entities[0].type == "bot_command"
    assert first.from_user is not None and first.from_user.language_code == "ky"
    assert first.from_user.username == "ann_lee"
    assert [(e.offset, e.length) for e in second.entities or []] == [(4, 5), (14, 20)]
    assert third.contact is not None and third.contact.user_id is None
    assert third.contact.phone_number == "+996555000111"


@pytest.mark.asyncio
async def test_wait_for_message_consumes_replies_in_order(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    await bot.send_message(ann, "one")
    await bot.send_message(ann, "two")
    assert (await client.wait_for_message(ann)).text == "one"
    assert (await client.wait_for_message(ann)).text == "two"
    with pytest.raises(TimeoutError, match="no matching event"):
        await client.wait_for_message(ann, timeout=0.2)
    await bot.send_message(ann, "three")
    found = await client.wait_for_message(ann, lambda m: m.text == "three", since=0)
    assert found.text == "three"


@pytest.mark.asyncio
async def test_event_stream_sends_bot_activity(
    emu: RunningEmulator, bot: Bot, client: EmulatorClient, ann: int
) -> None:
    await client.create_user(BOB, "Bob")
    await client.start(BOB)
    url = f"{emu.base_url}/__control/events?chat_id={ann}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert await response.content.readline() == b": connected\n"
        await response.content.readline()
        await bot.send_message(BOB, "not for this stream")
        sent = await bot.send_message(ann, "<b>hi</b>", parse_mode="HTML")
        await bot.delete_message(ann, sent.message_id)

        events = []
        while len(events) < 2:
            line = (await asyncio.wait_for(response.content.readline(), scaled(5))).decode()
            if line.startswith("data: "):
                events.append(json.loads(line[len("data: ") :]))
    assert [e["type"] for e in events] == ["message.created", "message.deleted"]
    assert events[0]["message"]["text"] == "hi"
    assert events[0]["message"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]


@pytest.mark.asyncio
async def test_reset_forgets_state_but_keeps_update_ids_growing(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    before = await bot.get_updates()
    await client.reset()
    assert await client.users() == []
    await client.create_user(ANN, "Ann")
    await client.send_text(ANN, "after reset")
    after = await bot.get_updates(offset=before[-1].update_id + 1)
    assert [u.message.text for u in after if u.message] == ["after reset"]
    assert (await client.stats())["methods"] == {"getUpdates": 1}


@pytest.mark.asyncio
async def test_a_chat_can_be_read_from_its_newest_messages(
    bot: Bot, client: EmulatorClient, ann: int
) -> None:
    """`limit` gives the newest messages only, after deleted ones are left out; a client
    polling a long chat (bench/updates.py's people) reads what it needs, not the history."""
    sent = [await bot.send_message(ann, text) for text in ("one", "two", "three", "four")]
    await bot.delete_message(ann, sent[3].message_id)
    newest = await client.messages(ann, include_deleted=False, limit=2)
    assert [m.text for m in newest] == ["two", "three"]
    assert [m.text for m in await client.messages(ann, limit=2)] == ["three", "four"]
    everything = await client.messages(ann)
    assert [m.text for m in everything][-4:] == ["one", "two", "three", "four"]
    assert await client.messages(ann, limit=50) == everything
    with pytest.raises(EmulatorError, match="limit must be at least 1"):
        await client.messages(ann, limit=0)


@pytest.mark.asyncio
async def test_control_errors_are_explicit(client: EmulatorClient) -> None:
    with pytest.raises(EmulatorError) as error:
        await client.send_text(4242, "who am I?")
    assert error.value.status == 404 and "create it first" in error.value.message
    with pytest.raises(EmulatorError, match="unknown flood settings"):
        await client.set_flood_limits(per_hour=3)


def test_standalone_process_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    import subprocess
    import time
    import urllib.request

    port_file = tmp_path / "port"
    with subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", "--port-file", str(port_file)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        try:
            deadline = time.monotonic() + 15
            while not port_file.exists() or not port_file.read_text():
                assert process.poll() is None, "the emulator exited early"
                assert time.monotonic() < deadline, "the emulator did not start"
                time.sleep(0.05)
            port = int(port_file.read_text())
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__control/health") as response:
                assert json.load(response)["ok"] is True
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=scaled(10))
            assert process.returncode == 0, err.decode()
            assert f"emulator listening on http://127.0.0.1:{port}" in out.decode()
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.mark.asyncio
async def test_multipart_upload_and_cors_for_local_pages(
    emu: RunningEmulator, client: EmulatorClient
) -> None:
    await client.create_user(ANN, "Ann")
    form = aiohttp.FormData()
    form.add_field("user_id", str(ANN))
    form.add_field("caption", "my CV")
    form.add_field("file", b"%PDF-1.4 cv", filename="cv.pdf", content_type="application/pdf")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emu.base_url}/__control/send_document", data=form) as response:
            message = (await response.json())["message"]
        assert message["document"]["file_name"] == "cv.pdf"
        assert message["document"]["mime_type"] == "application/pdf"
        async with session.get(emu.base_url + message["document"]["download_url"]) as response:
            assert await response.read() == b"%PDF-1.4 cv"

        url = f"{emu.base_url}/__control/health"
        local = {"Origin": "http://localhost:5173"}
        async with session.get(url, headers=local) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
        async with session.options(url, headers=local) as response:
            assert response.status == 204
        async with session.get(url, headers={"Origin": "https://evil.example"}) as response:
            assert "Access-Control-Allow-Origin" not in response.headers
