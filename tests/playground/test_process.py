"""`python -m bot` without BOT_TOKEN starts the playground, prints its address and stops
cleanly (exit code 0) on Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from emulator.timeouts import scaled
from tests.playground.conftest import REPO

pytestmark = pytest.mark.e2e

STOP_SECONDS = 10.0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
async def test_python_m_bot_without_token_runs_the_playground(
    tmp_path: Path, sig: signal.Signals
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k.upper() not in ("BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_BASE")
    }
    env.update(
        PYTHONPATH=str(REPO), PLAYGROUND_PORT="0", PLAYGROUND_API_PORT="0", LOG_FORMAT="plain"
    )
    # In a directory of its own: no .env is read and ./data/ lands in the temporary directory.
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        url = await asyncio.wait_for(_address(process.stdout), scaled(60))
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as response:
                assert response.status == 200
                assert "Jol playground" in await response.text()
            async with http.get(f"{url}api/state") as response:
                people = (await response.json())["people"]
        assert [p["role"] for p in people] == ["migrant", "staff", "coordinator"]
        # The default playground database, not the bot's real one.
        assert (tmp_path / "data" / "playground.sqlite3").exists()
        assert not (tmp_path / "data" / "jol.sqlite3").exists()

        process.send_signal(sig)
        code = await asyncio.wait_for(process.wait(), scaled(STOP_SECONDS))
        assert code == 0
        rest = await process.stdout.read()
        assert b"Jol playground stopped." in rest
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _address(stdout: asyncio.StreamReader) -> str:
    while True:
        line = (await stdout.readline()).decode()
        if not line:
            raise AssertionError("the playground exited before printing its address")
        if "open http://" in line:
            return line.split("open ", 1)[1].strip()
