"""The guide editor in Chromium, as the Center's staff use it (issue 18, item 5): the staff
member gets a sign-in link from the playground's bot, signs in, edits a Kyrgyz sentence,
previews it, publishes it, and the migrant in the same run reads the new sentence in the bot;
a rollback then restores the old sentence. Page weight and time to first render are printed."""

from __future__ import annotations

import re
import time

import pytest
from playwright.async_api import Page, expect

from emulator.timeouts import scaled
from playground import RunningPlayground
from playground.seed import DEMO_PEOPLE

# The playground's fixtures: its conftest does not reach this folder.
from tests.playground.conftest import (  # noqa: F401
    browser,
    page,
    playground,
    save_screenshot_path,
)

pytestmark = pytest.mark.browser

MIGRANT, STAFF, _COORDINATOR = DEMO_PEOPLE
SENTENCE = "Россияга кирүүгө тыюу салынган-салынбаганын текшериңиз."
NEW_SENTENCE = "Россияга кирүүгө тыюу бар-жогун сөзсүз текшериңиз."
LINK = re.compile(r"https?://\S+/console/login/[A-Za-z0-9_-]+")


async def as_person(chat: Page, first_name: str) -> None:
    """Switch to the person and wait for their chat to load: typing sooner would race the
    reload, which replaces the messages shown."""
    async with chat.expect_response(lambda r: "/api/chats/" in r.url) as loaded:
        await chat.locator(".person", has_text=first_name).click()
    await loaded.value
    await expect(chat.locator("#me")).to_contain_text(first_name)


async def say(chat: Page, text: str) -> None:
    await chat.locator("#text").fill(text)
    await chat.locator("#text").press("Enter")


async def migrant_reads_entry_ban(chat: Page, sentence: str) -> str:
    """The migrant opens the section by its deep link (as from a QR code); the bot's newest
    message (waited for: it must carry *sentence*) as the migrant reads it."""
    await as_person(chat, MIGRANT.first_name)
    await expect(chat.locator(".person.active")).to_contain_text(MIGRANT.first_name)
    await say(chat, "/start g_russia_entry_ban")
    newest = chat.locator("#messages .row.incoming").last
    # The bot answers within seconds; a busy machine may take longer than expect's default.
    await expect(newest).to_contain_text(sentence, timeout=scaled(15_000))
    return await newest.inner_text()


async def test_staff_edits_publishes_and_rolls_back(
    page: Page,  # noqa: F811 (the playground's fixtures, imported above)
    playground: RunningPlayground,  # noqa: F811
) -> None:
    # The migrant starts the bot in Kyrgyz and goes on without sharing data.
    await as_person(page, MIGRANT.first_name)
    await page.get_by_role("button", name="START").click()
    await page.locator(".inline-button", has_text="Кыргызча").last.click()
    await page.locator(".inline-button", has_text="🙈").last.click()
    await expect(page.locator("#messages")).to_contain_text("Башкы меню")
    await migrant_reads_entry_ban(page, SENTENCE)

    # The staff member asks the bot for a link, as the README says.
    await as_person(page, STAFF.first_name)
    await say(page, "/console")
    link_message = page.locator("#messages .row.incoming", has_text="/console/login/").last
    await expect(link_message).to_be_visible()
    found = LINK.search(await link_message.inner_text())
    assert found, await link_message.inner_text()

    console = await page.context.new_page()
    # The same patience as the chat page's (the playground fixture's), scaled on a slow machine.
    console.set_default_timeout(scaled(15_000))
    started = time.perf_counter()
    await console.goto(found.group(0))
    await console.locator("#sign-in").click()
    await expect(console.locator("nav")).to_be_visible()

    loaded: list[int] = []
    console.on("response", lambda r: loaded.append(int(r.headers.get("content-length", "0"))))
    started = time.perf_counter()
    await console.goto(f"{playground.url}console/content")
    await expect(console.locator("table").first).to_be_visible()
    # A function, not an expression: Playwright evaluates an expression again on every poll
    # with `eval`, which the console's CSP (script-src 'self') refuses once the first look,
    # made inside the DevTools call, has found no paint yet (a busy machine); a function is
    # made in that first look and only called after.
    await console.wait_for_function("() => performance.getEntriesByType('paint').length > 0")
    first_render = await console.evaluate(
        "() => performance.getEntriesByType('paint').map(p => [p.name, p.startTime])"
    )
    print(
        f"\neditor sections page: {sum(loaded)} bytes in {len(loaded)} responses, "
        f"paint {first_render}, loaded in {time.perf_counter() - started:.2f} s"
    )

    await console.locator('a[href*="key=entry_ban"]').first.click()
    body = console.locator('textarea[name="body|ky"]')
    await expect(body).to_be_visible()
    text = await body.input_value()
    assert SENTENCE in text
    await body.fill(text.replace(SENTENCE, NEW_SENTENCE))

    # Preview: the bot's own rendering of the typed text; nothing stored yet.
    await console.locator('button[value="preview"]').click()
    bubble = console.locator('.bubble[lang="ky"]').first
    await expect(bubble).to_contain_text(NEW_SENTENCE)
    await expect(bubble.locator("b").first).to_be_visible()  # Telegram's bold, rendered
    assert NEW_SENTENCE in await console.locator('textarea[name="body|ky"]').input_value()
    await console.set_viewport_size({"width": 1280, "height": 900})
    await console.screenshot(path=save_screenshot_path("console-editor.png"), full_page=False)

    await console.locator('button[value="save"]').click()
    await expect(console.locator(".done")).to_be_visible()
    await console.locator(".editor-tabs a").nth(1).click()  # the draft
    await expect(console.locator(".changes")).to_contain_text(NEW_SENTENCE)
    await console.locator('form[action$="/content/publish"] button').click()
    await expect(console.locator("table.history")).to_be_visible()
    await expect(console.locator(".done")).to_be_visible()

    # The migrant, in the same run, reads the new sentence in the bot.
    await migrant_reads_entry_ban(page, NEW_SENTENCE)

    # One click on the history page restores the shipped files: the old sentence is back.
    await console.locator('tr[data-release="seed"] button').click()
    await expect(console.locator(".done")).to_be_visible()
    shown = await migrant_reads_entry_ban(page, SENTENCE)
    assert NEW_SENTENCE not in shown
    await console.close()
