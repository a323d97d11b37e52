"""The playground running in-process (ephemeral ports, a temporary SQLite database) and a
headless Chromium page open on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from bot.config import load_settings
from emulator.timeouts import scaled
from playground import RunningPlayground, running_playground

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
# Playwright's own browser download is not reachable here: drive Debian's Chromium.
CHROMIUM = os.environ.get("JOL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A desktop window: the people list and the chat side by side, as in the README picture.
VIEWPORT = {"width": 1100, "height": 760}


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[RunningPlayground]:
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'playground.sqlite3'}",
        playground_port=0,
        playground_api_port=0,
        log_format="plain",
    )
    async with running_playground(settings) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).exists():
        # `make test` sets JOL_REQUIRE_BROWSER=1: a missing browser fails the run, never a skip.
        if os.environ.get("CI") or os.environ.get("JOL_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"Chromium is required (JOL_REQUIRE_BROWSER=1 or CI) but {CHROMIUM} is missing: "
                "run `make browser` (as root: apt-get install chromium)"
            )
        pytest.skip("Chromium not installed (make browser)")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(playground: RunningPlayground, browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = await context.new_page()
    page.set_default_timeout(scaled(15_000))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(playground.url)
    await page.wait_for_selector("body[data-ready]", state="attached")
    yield page
    await context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def save_screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
