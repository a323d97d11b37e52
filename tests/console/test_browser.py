"""The console in a real browser (Chromium): a staff member of the playground asks the bot
for a link, signs in, and every chart of the dashboard and the week view render from seeded
data. Prints the page weight and the time to first render; saves screenshots (copied into
docs/ with JOL_UPDATE_SCREENSHOTS=1, like the playground's)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, Response, expect

from db.engine import create_engine, create_sessionmaker
from handlers.console.charts import CHARTS
from handlers.console.web.kit import CONTENT_SECURITY_POLICY
from playground import RunningPlayground
from playground.seed import DEMO_PEOPLE
from tests.console.seed import seed_week
from tests.playground.conftest import browser, playground, save_screenshot_path  # noqa: F401 (fixtures)
from tests.playground.helpers import publish_screenshot

pytestmark = pytest.mark.browser

_MIGRANT, STAFF, _COORDINATOR = DEMO_PEOPLE
LINK = re.compile(r"https?://\S+/console/login/[A-Za-z0-9_-]+")
CONSOLE_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
async def seeded(playground: RunningPlayground) -> AsyncIterator[None]:  # noqa: F811
    # The figures sit in fixed weeks; the pages are asked for those dates (the playground runs
    # on the real clock: its chat's event stream does not like time travel).
    engine = create_engine(playground.settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await seed_week(session)
    finally:
        await engine.dispose()
    yield


async def link_from_the_bot(page: Page, playground: RunningPlayground) -> str:  # noqa: F811
    """The staff member sends /console in the playground's chat; the link the bot answers."""
    await page.goto(playground.url)
    await page.wait_for_selector("body[data-ready]", state="attached")
    await page.locator(".person", has_text=STAFF.first_name).click()
    await expect(page.locator("#me")).to_contain_text(STAFF.first_name)
    await page.locator("#text").fill("/console")
    await page.locator("#send").click()
    reply = page.locator("#messages .row.incoming", has_text="/console/login/").last
    await expect(reply).to_be_visible()
    found = LINK.search(await reply.inner_text())
    assert found, await reply.inner_text()
    return found.group(0)


async def test_staff_signs_in_and_sees_every_chart(
    browser: Browser,  # noqa: F811
    playground: RunningPlayground,  # noqa: F811
    seeded: None,
) -> None:
    context = await browser.new_context(viewport=CONSOLE_VIEWPORT, device_scale_factor=1)
    page = await context.new_page()
    errors: list[str] = []
    refusals_expected = False

    def failed(response: Response) -> None:
        if response.status >= 400 and not refusals_expected:
            errors.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: errors.append(str(error)))
    # Script errors and CSP violations are logged to the console ("Failed to load resource"
    # is Chromium asking for /favicon.ico, which the playground does not have).
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    page.on("response", failed)
    try:
        link = await link_from_the_bot(page, playground)
        assert link.startswith(playground.url + "console/login/")

        # The landing page only offers a button; pressing it spends the link.
        landing = await page.goto(link)
        assert landing is not None and landing.status == 200
        assert landing.headers["content-security-policy"] == CONTENT_SECURITY_POLICY

        await page.locator("#sign-in").click()
        await page.wait_for_url(re.compile(r"/console/$"))
        await page.wait_for_selector("body[data-ready]", state="attached")

        # The seeded weeks: choose the dates in the form, as a person would. That page load
        # is the one measured (a fresh HTML page, its style sheet, script and every chart).
        weight: list[int] = []

        async def count(response: Response) -> None:
            if "/console" in response.url and response.status < 300:
                weight.append(len(await response.body()))

        page.on("response", count)
        await page.locator("input[name=start]").fill("2026-09-01")
        await page.locator("input[name=end]").fill("2026-11-22")
        await page.get_by_role("button", name="Показать").click()
        await page.wait_for_url(re.compile(r"start=2026-09-01&end=2026-11-22"))
        await page.wait_for_selector("body[data-ready]", state="attached")
        for chart in CHARTS:
            image = page.locator(f"#chart-{chart.name} img")
            await expect(image).to_be_visible()
            natural = await image.evaluate("img => img.naturalWidth")
            assert natural > 0, f"chart {chart.name} did not render"
        paint = await page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        navigation = await page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].responseEnd"
        )
        page.remove_listener("response", count)
        print(
            f"\nconsole dashboard: {len(weight)} requests, {sum(weight) / 1024:.0f} KiB "
            f"(HTML, CSS, JS and {len(CHARTS)} chart images); first contentful paint "
            f"{paint:.0f} ms, HTML received {navigation:.0f} ms after navigation start"
        )
        await page.screenshot(path=save_screenshot_path("console-dashboard.png"), full_page=True)
        publish_screenshot("console-dashboard.png", "console-dashboard.png")

        await page.get_by_role("link", name="Неделя").click()
        await expect(page.locator("#week")).to_be_visible()
        await page.goto(playground.url + "console/week?week=2026-11-16")
        await expect(page.locator("#week")).to_contain_text("занято 3 из 5 мест")
        await expect(page.locator("#week")).to_contain_text("Закрыто")
        await page.screenshot(path=save_screenshot_path("console-week.png"), full_page=True)
        publish_screenshot("console-week.png", "console-week.png")

        # Signing out ends the session: the dashboard is closed again.
        refusals_expected = True
        await page.get_by_role("button", name="Выйти").click()
        await page.wait_for_url(re.compile(r"/console/signed-out$"))
        closed = await page.goto(playground.url + "console/")
        assert closed is not None and closed.status == 401
        # And the spent link does not sign in again.
        again = await page.goto(link)
        assert again is not None and again.status == 403
    finally:
        await context.close()
    assert not errors, f"errors on the console's pages: {errors}"
