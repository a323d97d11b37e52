"""Run the real `python -m bot` process against an in-process emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from db.clock import FAKE_NOW_VARIABLE, clock
from emulator import EmulatorClient, RunningEmulator, running_emulator
from emulator.timeouts import scaled

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "4242424242:E2E-token"


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Path

    async def terminate(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Send `sig` and wait for the exit code (killing it if it hangs)."""
        if self.process.returncode is None:
            self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), scaled(timeout))
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def start_bot(base_url: str, db_url: str, folder: Path, **env: str) -> BotProcess:
    log = folder / f"bot-{len(list(folder.glob('bot-*.log')))}.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": base_url,
        "DATABASE_URL": db_url,
        "ADMIN_IDS": "9000001",
        "OUTBOX_POLL_SECONDS": "0.2",
        "LOG_FORMAT": "json",
        "HEALTH_PORT": "0",  # tests run bots side by side; test_health.py asks for a port
        "DIGEST_CATCH_UP": "false",  # as in make_settings: no digest mid-test by the hour
        **env,
    }
    if clock.shifted:
        # The process starts where this test's clock stands now (db/clock.py, test-only).
        environment[FAKE_NOW_VARIABLE] = clock.now().isoformat()
    handle = log.open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=folder, env={**environment, "PYTHONPATH": str(ROOT)},
        stdout=handle, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    handle.close()
    return BotProcess(process, log)


async def wait_until_polling(emu: EmulatorClient, bot: BotProcess, timeout: float = 30.0) -> None:
    """The bot is up once it has set its command menu and is long-polling."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    while loop.time() < deadline:
        if bot.process.returncode is not None:
            raise AssertionError(f"bot exited early:\n{bot.output()}")
        calls = {k.lower(): v for k, v in (await emu.stats())["methods"].items()}
        if calls.get("getupdates", 0) >= 1 and calls.get("setmycommands", 0) >= 1:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"bot did not start polling:\n{bot.output()}")


@pytest.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    async with running_emulator(bots=[TOKEN]) as running:
        yield running
