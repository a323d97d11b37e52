"""The dashboard: every chart of handlers/console/charts.py for a date range, each with its
CSV download. Images and CSV files are drawn on request from aggregates only."""

from __future__ import annotations

import asyncio

from aiohttp import web

from db.clock import local_today
from db.queries.console import CONSOLE_ROLES
from domain.figures import DateRange, parse_range
from handlers.console.charts import BY_NAME, CHARTS, DPI, Labels, render_csv, render_png
from handlers.console.web.kit import (
    Section,
    attachment,
    context_of,
    render,
    requires,
    transaction,
    translator,
)


def period_of(request: web.Request) -> DateRange:
    settings = context_of(request).settings
    return parse_range(
        request.query.get("start"),
        request.query.get("end"),
        local_today(settings.tz),
        settings.tz,
    )


@requires(*CONSOLE_ROLES)
async def dashboard(request: web.Request) -> web.StreamResponse:
    period = period_of(request)
    query = {"start": period.first.isoformat(), "end": period.last.isoformat()}
    charts = [
        {
            "name": c.name,
            "title_key": c.title_key,
            "wide": c.panels > 1,
            "width": int(c.width * DPI),
            "height": int(c.height * DPI),
        }
        for c in CHARTS
    ]
    return await render(request, "dashboard.html", charts=charts, period=period, query=query)


async def _load(request: web.Request) -> tuple[object, DateRange]:
    chart = BY_NAME.get(request.match_info["chart"])
    if chart is None:
        raise web.HTTPNotFound()
    period = period_of(request)
    async with transaction(request) as session:
        data = await chart.load(session, period, context_of(request).settings)
    return data, period


@requires(*CONSOLE_ROLES)
async def chart_png(request: web.Request) -> web.StreamResponse:
    chart = BY_NAME.get(request.match_info["chart"])
    if chart is None:
        raise web.HTTPNotFound()
    data, _ = await _load(request)
    labels = Labels(translator(request))
    png = await asyncio.to_thread(render_png, chart, data, labels)
    return web.Response(body=png, content_type="image/png")


@requires(*CONSOLE_ROLES)
async def chart_csv(request: web.Request) -> web.StreamResponse:
    data, period = await _load(request)
    name = f"jol-{request.match_info['chart']}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"
    return attachment(render_csv(data), name, "text/csv")


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/", dashboard, name="dashboard"),
        web.get(r"/charts/{chart:[a-z-]+}.png", chart_png, name="dashboard-png"),
        web.get(r"/charts/{chart:[a-z-]+}.csv", chart_csv, name="dashboard-csv"),
    ]


SECTION = Section(
    name="dashboard", nav_key="console-nav-dashboard", nav_route="dashboard", routes=routes
)
