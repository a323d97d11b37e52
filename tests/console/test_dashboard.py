"""The dashboard over HTTP (every chart an image, every CSV a download, only for the signed-in)
and /stats in the bot (one PNG for the phone)."""

from __future__ import annotations

from db.clock import Clock
from handlers.console.charts import CHARTS
from tests.console.conftest import Console, grant
from tests.console.seed import NOW, seed_figures
from tests.harness import Harness

PNG = b"\x89PNG\r\n\x1a\n"
RANGE = "?start=2026-09-01&end=2026-11-22"


async def test_every_chart_and_its_csv(console: Console, jol: Harness, clock: Clock) -> None:
    clock.travel(NOW)
    async with jol.session() as session:
        await seed_figures(session)
    # Before signing in: no figures at all.
    assert (await console.get(f"/charts/people.png{RANGE}")).status == 401
    assert (await console.get(f"/charts/people.csv{RANGE}")).status == 401

    staff = await jol.user("ru", "Staff")
    await grant(jol, staff, "coordinator")
    assert (await console.sign_in(staff)).status == 303
    page = await console.get(f"/{RANGE}")
    html = await page.text()
    assert page.status == 200
    for chart in CHARTS:
        assert f"/console/charts/{chart.name}.png{RANGE}" in html.replace("&amp;", "&")
        image = await console.get(f"/charts/{chart.name}.png{RANGE}")
        assert image.status == 200, chart.name
        assert image.content_type == "image/png"
        assert (await image.read()).startswith(PNG)
        table = await console.get(f"/charts/{chart.name}.csv{RANGE}")
        assert table.status == 200
        assert table.content_type == "text/csv"
        assert "attachment" in table.headers["Content-Disposition"]
    bookings = await (await console.get(f"/charts/bookings.csv{RANGE}")).text()
    assert "2026-11-16,2,3,2,1,66.7,33.3" in bookings.splitlines()
    assert (await console.get("/charts/nothing.png")).status == 404


async def test_stats_sends_one_image(jol: Harness, clock: Clock) -> None:
    clock.travel(NOW)
    async with jol.session() as session:
        await seed_figures(session)
    coordinator = await jol.user("ky", "Coordinator")
    await grant(jol, coordinator, "coordinator")
    await jol.send(coordinator, "/stats")
    message = await jol.last(coordinator)
    assert message["kind"] == "photo"
    image = await jol.emu.download(message["photo"]["file_id"])
    assert image.startswith(PNG)
    assert "200" in (message.caption or "")  # the yearly target, with the figures

    migrant = await jol.user("ky", "Aigul")
    await jol.send(migrant, "/stats")
    refused = await jol.last(migrant)
    assert refused.text == jol.catalog.translator("ky")("access-denied")
