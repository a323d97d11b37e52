"""The coordinators' week view (read-only: actions stay in the bot)."""

from __future__ import annotations

from aiohttp import web

from db.queries.console import CONSOLE_ROLES
from handlers.console.web.kit import Section, render, requires


@requires(*CONSOLE_ROLES)
async def week(request: web.Request) -> web.StreamResponse:
    return await render(request, "week.html", days=[])


def routes() -> list[web.AbstractRouteDef]:
    return [web.get("/week", week, name="week")]


SECTION = Section(name="week", nav_key="console-nav-week", nav_route="week", routes=routes)
