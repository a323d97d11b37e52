"""The real `python -m bot` process: start, onboarding, logs without personal data, clean stop."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import create_engine, create_sessionmaker
from db.models import User
from emulator import RunningEmulator
from tests.e2e.conftest import start_bot, wait_until_polling

pytestmark = pytest.mark.e2e

SECRET_NAME = "Zarina-Secretname"
SECRET_TEXT = "passport AN1234567"


async def test_onboarding_against_the_real_process_and_clean_sigterm(
    emu: RunningEmulator, db_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(emu.base_url, db_url, tmp_path)
    try:
        await wait_until_polling(emu.client, bot)
        client = emu.client
        # The command menu is set for each language at start-up (and a default).
        menus = (await client.commands())["menus"]
        by_language = {m["language_code"]: m["commands"] for m in menus}
        assert set(by_language) >= {"ky", "ru", "en", ""}
        descriptions = {c["command"]: c["description"] for c in by_language["ky"]}
        assert descriptions["deletemydata"] == "Маалыматтарымды өчүрүү"
        assert {c["command"]: c["description"] for c in by_language["ru"]}["sos"] == (
            "Экстренная помощь"
        )
        uid = 7_100_000_001
        await client.create_user(uid, SECRET_NAME, language_code="ky")
        await client.start(uid)
        await client.wait_for_message(uid, lambda m: "Кыргызча" in m.button_texts)
        pressed = await client.press_button(uid, "Кыргызча")
        await client.wait_for_callback_answer(pressed["callback_query_id"])
        pressed = await client.press_button(uid, "✅ Макулмун")
        await client.wait_for_callback_answer(pressed["callback_query_id"])
        pressed = await client.press_button(uid, "🏡 Үйгө кайтып келдим")
        await client.wait_for_callback_answer(pressed["callback_query_id"])
        pressed = await client.press_button(uid, "🇹🇷 Түркия")
        await client.wait_for_callback_answer(pressed["callback_query_id"])
        await client.send_text(uid, SECRET_TEXT)  # a bad date: answered, never logged
        await client.wait_for_message(uid, lambda m: "окуй албадым" in (m.text or ""))
        await client.send_text(uid, "01.10.2026")
        await client.wait_for_message(uid, lambda m: "Башкы меню" in (m.text or ""))
    finally:
        started = time.monotonic()
        code = await bot.terminate(signal.SIGTERM)
        elapsed = time.monotonic() - started
    assert code == 0, bot.output()
    assert elapsed < 10, f"took {elapsed:.1f} s to stop"

    engine = create_engine(db_url)
    async with create_sessionmaker(engine)() as session:
        row = (await session.scalars(select(User).where(User.id == uid))).one()
        assert (row.situation, row.destination, row.locale) == ("returned", "turkey", "ky")
        assert str(row.return_date) == "2026-10-01"
    await engine.dispose()

    output = bot.output()
    assert SECRET_NAME not in output and SECRET_TEXT not in output and str(uid) not in output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    events = [line["event"] for line in lines]
    assert "bot started" in events and "bot stopped" in events
    # uvloop is a dependency, so `python -m bot` runs on it (bot/event_loop.py).
    assert [line["loop"] for line in lines if line["event"] == "bot started"] == ["uvloop"]
    updates = [line for line in lines if line["event"] == "update"]
    assert updates and all(u["outcome"] == "ok" for u in updates)


async def test_sigint_stops_cleanly_too(emu: RunningEmulator, tmp_path: Path) -> None:
    bot = await start_bot(emu.base_url, f"sqlite+aiosqlite:///{tmp_path}/jol.sqlite3", tmp_path)
    await wait_until_polling(emu.client, bot)
    assert await bot.terminate(signal.SIGINT) == 0, bot.output()


async def test_bad_configuration_names_the_variable(emu: RunningEmulator, tmp_path: Path) -> None:
    bot = await start_bot(emu.base_url, "sqlite+aiosqlite:///x.db", tmp_path, TIMEZONE="Mars/Base")
    code = await bot.process.wait()
    assert code == 2
    assert "TIMEZONE" in bot.output()
