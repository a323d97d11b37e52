"""Constants and helpers shared by the emulator tests (imported by conftest and the tests)."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
OTHER_TOKEN = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
ANN = 1001
BOB = 1002


class QuickCloseSession(AiohttpSession):
    """AiohttpSession.close() sleeps 250 ms for TLS shutdown; nothing here uses TLS."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(base_url: str, token: str = TOKEN) -> Bot:
    return Bot(token, session=QuickCloseSession(api=TelegramAPIServer.from_base(base_url)))


async def raw_call(
    base_url: str, method: str, token: str = TOKEN, *, json: object = None, data: object = None
) -> tuple[int, dict[str, Any]]:
    """Call the Bot API without aiogram (to send what aiogram's models would refuse)."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{base_url}/bot{token}/{method}", json=json, data=data) as response,
    ):
        return response.status, await response.json(content_type=None)
