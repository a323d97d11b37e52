"""The coordinators' week view (read-only: actions stay in the bot) and its CSV export."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from content.library import current
from db.clock import local_today
from db.queries.console import CONSOLE_ROLES
from domain.figures import csv_bytes
from handlers.console.web.kit import (
    Section,
    attachment,
    context_of,
    render,
    requires,
    transaction,
    translator,
)
from handlers.console.week import WeekFigures, week


async def _figures(request: web.Request) -> WeekFigures:
    settings = context_of(request).settings
    today = local_today(settings.tz)
    try:
        day = date.fromisoformat(request.query.get("week", ""))
    except ValueError:
        day = today
    async with transaction(request) as session:
        return await week(session, day, settings.tz)


@requires(*CONSOLE_ROLES)
async def week_page(request: web.Request) -> web.StreamResponse:
    figures = await _figures(request)
    locale = translator(request).locale
    catalog = current().services
    names = {}
    for key in figures.services:
        info = catalog.get(key)
        names[key] = (info.name.get(locale) or info.name.get("ru") or key) if info else key
    today = local_today(context_of(request).settings.tz)
    return await render(
        request,
        "week.html",
        figures=figures,
        names=names,
        today=today,
        this_week=figures.monday.isoformat(),
        previous=(figures.monday - timedelta(days=7)).isoformat(),
        following=(figures.monday + timedelta(days=7)).isoformat(),
        sunday=figures.monday + timedelta(days=6),
    )


@requires(*CONSOLE_ROLES)
async def week_csv(request: web.Request) -> web.StreamResponse:
    figures = await _figures(request)
    name = f"jol-week-{figures.monday:%Y%m%d}.csv"
    return attachment(csv_bytes(figures.csv_rows()), name, "text/csv")


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/week", week_page, name="week"),
        web.get("/week.csv", week_csv, name="week-csv"),
    ]


SECTION = Section(name="week", nav_key="console-nav-week", nav_route="week", routes=routes)
