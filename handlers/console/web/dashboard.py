"""The dashboard: the Center's figures as charts (filled in by handlers/console/charts.py)."""

from __future__ import annotations

from aiohttp import web

from db.queries.console import CONSOLE_ROLES
from handlers.console.web.kit import Section, render, requires


@requires(*CONSOLE_ROLES)
async def dashboard(request: web.Request) -> web.StreamResponse:
    return await render(request, "dashboard.html", charts=[])


def routes() -> list[web.AbstractRouteDef]:
    return [web.get("/", dashboard, name="dashboard")]


SECTION = Section(
    name="dashboard", nav_key="console-nav-dashboard", nav_route="dashboard", routes=routes
)
