"""The coordinators' week: sessions per service with places and waiting lists, closures, and
the CSV export; read-only."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from db.clock import Clock
from handlers.console.week import week
from tests.console.conftest import Console, grant
from tests.console.seed import NOW, WEDNESDAY, seed_week
from tests.harness import Harness

MONDAY = date(2026, 11, 16)


async def test_week_figures(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
) -> None:
    clock.travel(NOW)
    async with sessionmaker() as session, session.begin():
        await seed_week(session)
    async with sessionmaker() as session:
        figures = await week(session, WEDNESDAY, settings.tz)
    assert figures.monday == MONDAY
    consult = figures.cell("consultation", MONDAY)
    [nine] = [s for s in consult.sessions if s.local_time == "09:00"]
    assert (nine.capacity, nine.booked, nine.waiting) == (5, 3, 0)
    lab_day = figures.cell("certification", date(2026, 11, 17)).sessions
    [lab] = [s for s in lab_day if s.local_time == "09:00"]
    # Requested and confirmed hold the two places; one more waits; the cancelled one is gone.
    assert (lab.capacity, lab.booked, lab.waiting, lab.free) == (2, 2, 1, 0)
    for service in figures.services:
        closed = figures.cell(service, WEDNESDAY)
        assert closed.closed and closed.sessions == []
    rows = figures.csv_rows()
    assert ("2026-11-17", "certification", lab.local_time, 2, 2, 0, 1, False, False) in rows


async def test_week_page_and_csv(console: Console, jol: Harness, clock: Clock) -> None:
    clock.travel(NOW)
    async with jol.session() as session:
        await seed_week(session)
    coordinator = await jol.user("ru", "Coordinator")
    await grant(jol, coordinator, "coordinator")
    assert (await console.sign_in(coordinator)).status == 303
    # Not yet /start-ed in the bot: the page speaks the browser's language.
    page = await console.client.get(
        "/console/week?week=2026-11-16", headers={"Accept-Language": "ru-RU,ru;q=0.9"}
    )
    html = await page.text()
    assert page.status == 200
    ru = jol.catalog.translator("ru")
    assert ru("console-week-booked", booked=2, capacity=2) in html
    assert ru("console-week-waiting", count=1) in html
    assert ru("console-week-closed") in html
    # Read-only: no form on the page except signing out.
    assert html.count("<form") == 1
    download = await console.get("/week.csv?week=2026-11-18")
    assert (
        download.headers["Content-Disposition"] == 'attachment; filename="jol-week-20261116.csv"'
    )
    rows = list(csv.reader(io.StringIO((await download.read()).decode("utf-8-sig"))))
    assert rows[0][:3] == ["day", "service", "start"]
    assert ["2026-11-18", "consultation", "", "", "", "", "", "True", "False"] in rows
