"""A polling `python -m bot` (and the sender alone) serve /healthz, /readyz and /metrics on
HEALTH_HOST:HEALTH_PORT, so a container without a webhook has a healthcheck too."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from emulator import RunningEmulator
from emulator.timeouts import scaled
from tests.e2e.conftest import ROOT, TOKEN, start_bot, wait_until_polling
from tests.ports import free_port

pytestmark = pytest.mark.e2e


async def get(port: int, path: str) -> tuple[int, str]:
    timeout = aiohttp.ClientTimeout(total=scaled(10))
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.text()


async def wait_answering(port: int, path: str = "/healthz") -> tuple[int, str]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(60)
    while True:
        try:
            return await get(port, path)
        except aiohttp.ClientConnectionError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


async def test_polling_process_serves_health_ready_and_metrics(
    emu: RunningEmulator, db_url: str, tmp_path: Path
) -> None:
    port = free_port()
    bot = await start_bot(emu.base_url, db_url, tmp_path, HEALTH_PORT=str(port))
    try:
        await wait_until_polling(emu.client, bot)
        assert await get(port, "/healthz") == (200, '{"alive": true}')
        assert await get(port, "/readyz") == (200, '{"ready": true}')
        await emu.client.create_user(1001, "Ann", language_code="ky")
        await emu.client.start(1001)
        await emu.client.wait_for_message(1001, lambda m: "Кыргызча" in m.button_texts)
        status, body = await get(port, "/metrics")
        assert status == 200
        assert "# TYPE jol_updates_total counter" in body
        # The /start just handled, counted and timed by this polling process.
        assert 'jol_updates_total{outcome="ok",type="message"} 1.0' in body
        assert 'jol_update_handling_seconds_count{type="message"} 1.0' in body
        assert 'jol_outbox_messages{status="pending"}' in body
        assert "jol_metrics_database_up 1.0" in body
    finally:
        code = await bot.terminate(signal.SIGTERM)
    assert code == 0, bot.output()
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(port, "/healthz")  # gone with the process


async def test_sender_alone_serves_health(
    emu: RunningEmulator, db_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME")},
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": emu.base_url,
        "DATABASE_URL": db_url,
        "LOG_LEVEL": "WARNING",
        "HEALTH_PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.workers.run_sender", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert await wait_answering(port) == (200, '{"alive": true}')
        assert (await get(port, "/readyz"))[0] == 200
        status, body = await get(port, "/metrics")
        assert status == 200
        assert "# TYPE jol_outbox_worker_events_total counter" in body
        assert 'jol_outbox_messages{status="pending"}' in body
        assert "jol_metrics_database_up 1.0" in body
        assert "jol_updates_total{" not in body  # no dispatcher here: the sender alone
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), scaled(30))
    assert process.returncode == 0, err.decode()
