"""Webhook mode in-process (`webhook_jol`) and as real processes (`start_webhook_bot`)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.config import Settings
from bot.web.run import run_webhook
from emulator import EmulatorClient, RunningEmulator, running_emulator
from emulator.timeouts import scaled
from tests.conftest import make_settings
from tests.dbs import REDIS_URL
from tests.e2e.conftest import TOKEN, BotProcess, start_bot
from tests.ports import free_port

SECRET = "test-Secret_42"


async def wait_ready(port: int, bot: BotProcess | None = None, timeout: float = 60.0) -> None:
    """Until /readyz answers 200 (the process has set its webhook just before listening)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            if bot is not None and bot.process.returncode is not None:
                raise AssertionError(f"bot exited early:\n{bot.output()}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise AssertionError("the bot never became ready" + (f":\n{bot.output()}" if bot else ""))


async def wait_webhook_set(emu: EmulatorClient, timeout: float = 30.0) -> None:
    async with asyncio.timeout(scaled(timeout)):
        while not ((await emu.bot_profile()).get("webhook") or {}).get("url"):
            await asyncio.sleep(0.05)


@dataclass
class WebhookJol:
    emu: RunningEmulator
    settings: Settings
    port: int
    stop: asyncio.Event
    task: asyncio.Task[None]

    @property
    def client(self) -> EmulatorClient:
        return self.emu.client

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> tuple[int, str]:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{self.url}/tg/hook", json=update, headers=headers) as response,
        ):
            return response.status, await response.text()

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(self.url + path) as response:
            return response.status, await response.text()

    async def metric(self, line_prefix: str) -> float:
        _status, body = await self.get("/metrics")
        lines = [line for line in body.splitlines() if line.startswith(line_prefix)]
        return sum(float(line.rsplit(" ", 1)[1]) for line in lines)


@pytest.fixture
async def webhook_jol(db_url: str) -> AsyncIterator[WebhookJol]:
    """The real webhook run loop (`run_webhook`) in this event loop, on the test's database,
    with the emulator posting updates to it. Three deliveries before giving up."""
    async with running_emulator(bots=[TOKEN]) as emu:
        port = free_port()
        settings = make_settings(
            db_url,
            bot_token=TOKEN,
            telegram_api_base=emu.base_url,
            webhook_url=f"http://127.0.0.1:{port}/tg/hook",
            webhook_secret=SECRET,
            webhook_port=port,
            webhook_max_deliveries=3,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(run_webhook(settings, stop))
        try:
            await wait_ready(port)
            await wait_webhook_set(emu.client)
            yield WebhookJol(emu, settings, port, stop, task)
        finally:
            stop.set()
            await task


def text_update(update_id: int, user_id: int, text: str, message_id: int = 1) -> dict[str, Any]:
    """A private text message as Telegram posts it (commands carry their entity)."""
    user = {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "ru"}
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": 1_780_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "Ann"},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": update_id, "message": message}


async def start_webhook_bot(
    emu_url: str, db_url: str, folder: Path, port: int, public_url: str, **env: str
) -> BotProcess:
    """`python -m bot run` in webhook mode, listening on `port`, telling the emulator that
    updates go to `public_url` (the proxy)."""
    return await start_bot(
        emu_url,
        db_url,
        folder,
        WEBHOOK_URL=public_url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        **env,
    )


def log_events(bot: BotProcess) -> list[dict[str, Any]]:
    lines = []
    for line in bot.output().splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                lines.append(json.loads(line))
    return lines


@pytest.fixture
async def redis_url() -> str:
    """Redis must answer (CI starts it in .ci/ensure-services): these tests are not optional."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:  # pragma: no cover - environment problem
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}")
    finally:
        await client.aclose()
    return REDIS_URL
