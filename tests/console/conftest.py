"""The console on the `jol` harness's runtime: an aiohttp test client at /console, and
signing in the way people do (send /console to the bot, open the link, press the button)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import ClientResponse, CookieJar, web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.pages import mount
from db.models import UserRole
from db.types import utcnow
from tests.harness import Harness

PREFIX = "/console"
LINK = re.compile(r"/login/([A-Za-z0-9_-]+)")
FORM_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Console:
    jol: Harness
    client: TestClient[web.Request, web.Application]

    async def get(self, path: str) -> ClientResponse:
        return await self.client.get(f"{PREFIX}{path}", allow_redirects=False)

    async def post(self, path: str, data: dict[str, str]) -> ClientResponse:
        return await self.client.post(f"{PREFIX}{path}", data=data, allow_redirects=False)

    async def link_token(self, user_id: int) -> str:
        """Ask the bot for a sign-in link, as a person does; the token in it."""
        await self.jol.send(user_id, "/console")
        message = await self.jol.last(user_id)
        found = LINK.search(message.text or "")
        assert found, message.text
        return found.group(1)

    async def open_link(self, token: str) -> tuple[ClientResponse, str]:
        page = await self.get(f"/login/{token}")
        found = FORM_TOKEN.search(await page.text())
        return page, found.group(1) if found else ""

    async def sign_in(self, user_id: int) -> ClientResponse:
        token = await self.link_token(user_id)
        page, form_token = await self.open_link(token)
        assert page.status == 200, await page.text()
        return await self.post(f"/login/{token}", {"csrf": form_token})

    async def csrf(self) -> str:
        page = await self.get("/")
        found = FORM_TOKEN.search(await page.text())
        assert found, "no form token on the dashboard"
        return found.group(1)


async def grant(jol: Harness, user_id: int, role: str) -> None:
    async with jol.session() as session:
        session.add(UserRole(user_id=user_id, role=role, granted_by=0, granted_at=utcnow()))


@pytest.fixture
async def console(jol: Harness) -> AsyncIterator[Console]:
    assert jol.runtime is not None
    app = web.Application()
    mount(app, [(f"http://127.0.0.1{PREFIX}", a) for _, a in jol.runtime.web_pages()])
    # unsafe: the test server is reached by IP address, whose cookies aiohttp drops otherwise.
    client = TestClient(TestServer(app), cookie_jar=CookieJar(unsafe=True))
    await client.start_server()
    try:
        yield Console(jol, client)
    finally:
        await client.close()
