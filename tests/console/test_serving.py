"""Where the console is served: on the webhook server at CONSOLE_URL's path (production),
and on polling mode's side server at CONSOLE_URL (bot/web/pages.py)."""

from __future__ import annotations

import asyncio
import socket

import aiohttp

from bot.web.pages import PagesServer
from bot.web.run import run_webhook
from emulator import running_emulator
from handlers.console.web.kit import CONTENT_SECURITY_POLICY
from tests.conftest import make_settings
from tests.harness import Harness
from tests.production.conftest import SECRET, TOKEN, free_port, wait_ready, wait_webhook_set


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(url, allow_redirects=False) as response:
        csp = response.headers.get("Content-Security-Policy", "")
        return response.status, await response.text(), csp


async def test_the_webhook_server_serves_the_console(db_url: str) -> None:
    async with running_emulator(bots=[TOKEN]) as emu:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        settings = make_settings(
            db_url,
            bot_token=TOKEN,
            telegram_api_base=emu.base_url,
            webhook_url=f"{base}/tg/hook",
            webhook_secret=SECRET,
            webhook_port=port,
            console_url=f"{base}/console",
        )
        stop = asyncio.Event()
        task = asyncio.create_task(run_webhook(settings, stop))
        try:
            await wait_ready(port)
            await wait_webhook_set(emu.client)
            status, _, csp = await get(f"{base}/console/")
            assert (status, csp) == (401, CONTENT_SECURITY_POLICY)
            status, _, _ = await get(f"{base}/console/login/not-a-token")
            assert status == 403
            # The webhook's own endpoints are untouched by the console's headers.
            status, _, csp = await get(f"{base}/healthz")
            assert (status, csp) == (200, "")
        finally:
            stop.set()
            await task


async def test_polling_serves_the_console_on_a_side_server(jol: Harness) -> None:
    assert jol.runtime is not None
    port = free_port()
    server = PagesServer()
    url = f"http://127.0.0.1:{port}"
    await server.start([(url, app) for _, app in jol.runtime.web_pages()])
    try:
        status, _, csp = await get(f"{url}/")
        assert (status, csp) == (401, CONTENT_SECURITY_POLICY)
        status, body, _ = await get(f"{url}/static/console.css")
        assert status == 200 and "--accent" in body
    finally:
        await server.stop()
    # A port that cannot be had is logged and skipped: the bot goes on without its console.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = f"http://127.0.0.1:{taken.getsockname()[1]}"
        await server.start([(busy, app) for _, app in jol.runtime.web_pages()])
        assert server.runners == []
