"""The playground in a real browser: onboarding in Kyrgyz, the main menu, switching people,
and that nothing the bot or a person wrote can become markup on the page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from playwright.async_api import Browser, Locator, Page, Route, expect

from bot.config import load_settings
from bot.factory import create_bot
from bot.i18n import Catalog
from playground import PLAYGROUND_TOKEN, RunningPlayground, running_playground
from playground.seed import DEMO_PEOPLE
from tests.playground.conftest import VIEWPORT, save_screenshot_path
from tests.playground.helpers import publish_screenshot

pytestmark = pytest.mark.browser

MIGRANT, STAFF, _COORDINATOR = DEMO_PEOPLE


def bot_messages(page: Page) -> Locator:
    return page.locator("#messages .row.incoming")


async def fixed(page: Page, message: Locator) -> Locator:
    """The same message later on, even when newer ones arrive (locators are lazy)."""
    message_id = await message.get_attribute("data-message-id")
    return page.locator(f'#messages [data-message-id="{message_id}"]')


def inline_button(page: Page, text: str) -> Locator:
    # The newest message carrying the button, as a person would tap it.
    return page.locator(".inline-button", has_text=text).last


async def test_onboarding_in_kyrgyz_menu_and_switching_person(
    page: Page, playground: RunningPlayground
) -> None:
    await expect(page.locator(".person.active")).to_contain_text(MIGRANT.first_name)
    await page.get_by_role("button", name="START").click()
    await expect(page.locator("#messages")).to_contain_text("Тилди тандаңыз")
    # Two bot messages: the greeting and the language question.
    await expect(bot_messages(page)).to_have_count(2)
    language_message = await fixed(page, bot_messages(page).last)
    await expect(language_message.locator("strong")).to_have_count(0)
    await expect(bot_messages(page).first.locator("strong")).to_have_text("Жол")

    await inline_button(page, "Кыргызча").click()
    # The bot edits the language question into the consent text, in place.
    await expect(language_message).to_contain_text("Алгач — маалыматтарыңыз тууралуу")
    await expect(language_message.locator("strong").first).to_have_text(
        "Алгач — маалыматтарыңыз тууралуу"
    )
    await expect(bot_messages(page)).to_have_count(2)

    await inline_button(page, "✅ Макулмун").click()
    await expect(language_message).to_contain_text("Азыр абалыңыз кандай?")
    await inline_button(page, "✈️ Чет өлкөгө иштегени барам").click()
    await expect(language_message).to_contain_text("Кайсы өлкөгө барасыз?")
    await inline_button(page, "🇷🇺 Россия").click()
    await expect(language_message).to_contain_text("Качан жөнөйсүз?")
    await expect(language_message.locator("code")).to_have_text("15.03.2027")
    await inline_button(page, "Азырынча билбейм").click()

    await expect(language_message).to_contain_text("Даяр!")
    await expect(page.locator("#messages")).to_contain_text("Башкы меню")
    # The persistent reply keyboard under the input field.
    keyboard = page.locator("#reply-keyboard")
    await expect(keyboard.get_by_role("button", name="🏠 Меню")).to_be_visible()
    await expect(keyboard.get_by_role("button", name="🆘 SOS")).to_be_visible()
    # The command menu is the bot's, in the language the person chose.
    await page.locator("#menu-button").click()
    await expect(page.locator("#command-menu")).to_contain_text("Башынан баштоо")
    await page.locator("#menu-button").click()
    await expect(page.locator("#command-menu")).to_be_hidden()

    await page.screenshot(path=save_screenshot_path("playground-main-menu.png"))
    publish_screenshot("playground-main-menu.png", "playground.png")

    # A main-menu entry: settings, drawn by editing the menu message.
    menu_message = await fixed(page, bot_messages(page).last)
    await inline_button(page, "⚙️ Жөндөөлөр").click()
    await expect(menu_message).to_contain_text("Жөндөөлөр")
    await expect(menu_message.locator(".inline-button", has_text="🌐 Тил")).to_be_visible()
    # A callback answer without show_alert is a toast.
    await inline_button(page, "Жаңылыктарды өчүрүү").click()
    await expect(page.locator(".toast")).to_contain_text("Жаңылыктар өчүрүлдү")
    # The reply keyboard sends its text as a message, and the bot answers with the menu.
    await keyboard.get_by_role("button", name="🏠 Меню").click()
    await expect(page.locator("#messages .row.outgoing").last).to_contain_text("🏠 Меню")
    answer = page.locator(
        '.row.outgoing:has-text("🏠 Меню") ~ .row.incoming', has_text="Башкы меню"
    )
    await expect(answer).to_have_count(1)
    # Nothing on the way failed inside the bot (its error handler says "Кечиресиз…").
    error_text = Catalog.load().translator("ky")("error-generic")[:30]
    await expect(page.locator("#messages")).not_to_contain_text(error_text)

    await page.locator(".person", has_text=STAFF.first_name).click()
    await expect(page.locator("#me")).to_contain_text(STAFF.first_name)
    await expect(page.locator(".person.active")).to_contain_text("staff")
    # The staff member pressed Start when the playground was seeded, and is already
    # onboarded: the main menu, not the language question.
    await expect(page.locator("#messages .row.outgoing").first).to_contain_text("/start")
    await expect(page.locator("#messages")).to_contain_text("Главное меню")
    await expect(page.locator("#messages")).not_to_contain_text("Выберите язык")
    await page.screenshot(path=save_screenshot_path("playground-staff.png"))


async def test_documents_download_and_new_person(
    page: Page, playground: RunningPlayground
) -> None:
    await page.get_by_role("button", name="+ New person").click()
    await page.get_by_label("Name").fill("Бакыт")
    await page.get_by_label("Telegram language").select_option("ru")
    await page.get_by_role("button", name="Create").click()
    await expect(page.locator(".person.active")).to_contain_text("Бакыт")
    await expect(page.locator(".person.active")).to_contain_text("ru")

    await page.get_by_role("button", name="START").click()
    # Telegram language ru: the language buttons put Русский first.
    await expect(page.locator(".inline-button").first).to_have_text("Русский")
    await inline_button(page, "Русский").click()
    await inline_button(page, "🙈").click()  # go on without saving anything
    await expect(page.locator("#messages")).to_contain_text("Главное меню")
    await page.locator("#text").fill("/mydata")
    await page.locator("#text").press("Enter")
    link = page.locator("#messages a.document").last
    await expect(link).to_be_visible()
    href = await link.get_attribute("href")
    assert href is not None and href.startswith("/__control/files/")
    async with page.expect_download() as download_info:
        await link.click()
    download = await download_info.value
    assert await download.failure() is None
    assert download.suggested_filename == await link.locator(".doc-name").text_content()


async def test_bot_text_that_looks_like_html_stays_text(
    page: Page, playground: RunningPlayground
) -> None:
    # The bot puts the person's Telegram name into its greeting, HTML-escaped; the page must
    # show the escaped characters as text, never run or draw them.
    name = '<img src=x onerror="window.pwned=1"><script>pwned=2</script>'
    await page.get_by_role("button", name="+ New person").click()
    await page.get_by_label("Name").fill(name)
    await page.get_by_role("button", name="Create").click()
    await expect(page.locator(".person.active")).to_contain_text("<script>")
    await page.get_by_role("button", name="START").click()
    greeting = await fixed(page, bot_messages(page).first)
    await expect(greeting).to_contain_text(f"{name}!")
    assert await page.locator("#messages script, #messages img, #people script").count() == 0
    assert await page.evaluate("window.pwned") is None


async def test_alerts_deletions_and_formatting(page: Page, playground: RunningPlayground) -> None:
    """What the bot's flows rarely show, driven through the Bot API with the playground bot's
    own token (as the bot process would send it)."""
    await page.get_by_role("button", name="START").click()
    await expect(bot_messages(page)).to_have_count(2)
    bot: Bot = create_bot(playground.settings, token=PLAYGROUND_TOKEN)
    try:
        html = (
            "<b>bold <i>both</i></b> <u>under</u> <s>gone</s> <tg-spoiler>secret</tg-spoiler> "
            '<code>x&lt;y</code> <a href="https://iom.int">IOM</a> '
            '<a href="javascript:alert(1)">bad</a>\n<pre><code class="language-python">'
            "print(1)</code></pre><blockquote>quoted</blockquote>"
        )
        sent = await bot.send_message(
            MIGRANT.id,
            html,
            reply_markup=InlineKeyboardMarkup(
                # No feature handles menu item "zz": the bot answers "coming soon" as an alert.
                inline_keyboard=[[InlineKeyboardButton(text="Test", callback_data="m:zz")]]
            ),
        )
        message = page.locator(f'[data-message-id="{sent.message_id}"]')
        text = message.locator(".text")
        await expect(text.locator("strong em")).to_have_text("both")
        await expect(text.locator("u")).to_have_text("under")
        await expect(text.locator("s")).to_have_text("gone")
        await expect(text.locator(".spoiler")).to_have_text("secret")
        await expect(text.locator("code").first).to_have_text("x<y")
        await expect(text.locator("pre code.language-python")).to_have_text("print(1)")
        await expect(text.locator("blockquote")).to_have_text("quoted")
        link = text.locator("a")
        await expect(link).to_have_count(1)  # the javascript: link stays text
        await expect(link).to_have_attribute("href", "https://iom.int")
        await expect(link).to_have_attribute("rel", "noopener noreferrer")

        await message.get_by_role("button", name="Test").click()
        dialog = page.locator("#alert-dialog")
        await expect(dialog).to_be_visible()
        await expect(dialog).to_contain_text("азырынча даярдалып жатат")
        await dialog.get_by_role("button", name="OK").click()

        await bot.delete_message(MIGRANT.id, sent.message_id)
        await expect(message).to_have_count(0)
    finally:
        await bot.session.close()


async def test_times_are_the_persons_and_a_stale_button_speaks_plainly(
    playground: RunningPlayground, browser: Browser
) -> None:
    """On a machine whose clock is UTC the chat still shows the person's time (Bishkek unless
    they chose a city), and a button that is no longer there says so in plain words."""
    context = await browser.new_context(viewport=VIEWPORT, timezone_id="UTC")
    try:
        page = await context.new_page()
        await page.goto(playground.url)
        await page.wait_for_selector("body[data-ready]", state="attached")
        before = datetime.now(ZoneInfo("Asia/Bishkek"))
        await page.get_by_role("button", name="START").click()
        await expect(bot_messages(page)).to_have_count(2)
        after = datetime.now(ZoneInfo("Asia/Bishkek"))
        shown = await bot_messages(page).last.locator(".meta").inner_text()
        assert shown in {f"{before:%H:%M}", f"{after:%H:%M}"}, shown

        # A tap the emulator no longer knows (as a double tap on a replaced button is): the
        # request goes out with callback data no message has, and the real emulator refuses.
        async def stale(route: Route) -> None:
            body = json.loads(route.request.post_data or "{}")
            await route.continue_(post_data=json.dumps({**body, "callback_data": "gone:1"}))

        await page.route("**/__control/press_button", stale)
        await inline_button(page, "Кыргызча").click()
        toast = page.locator(".toast")
        await expect(toast).to_have_text("This button is no longer active.")
        await expect(toast).not_to_contain_text("callback_data")
    finally:
        await context.close()


async def test_phone_layout(playground: RunningPlayground, browser: Browser) -> None:
    context = await browser.new_context(
        viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True
    )
    try:
        page = await context.new_page()
        await page.goto(playground.url)
        await page.wait_for_selector("body[data-ready]", state="attached")
        # On a phone the people list is a drawer behind the header button.
        people = page.locator("#people")
        await expect(people).not_to_be_in_viewport()
        await page.get_by_role("button", name="START").tap()
        await inline_button(page, "Кыргызча").tap()
        await inline_button(page, "✅ Макулмун").tap()
        await expect(page.locator("#messages")).to_contain_text("Азыр абалыңыз кандай?")
        await page.screenshot(path=save_screenshot_path("playground-phone.png"))
        publish_screenshot("playground-phone.png", "playground-phone.png")
        await page.get_by_role("button", name="Switch person").first.tap()
        await expect(people).to_be_in_viewport()
        await page.locator(".person", has_text=STAFF.first_name).tap()
        await expect(people).not_to_be_in_viewport()
        await expect(page.locator("#me")).to_contain_text(STAFF.first_name)
    finally:
        await context.close()


async def test_share_contact_and_send_a_document(
    page: Page, playground: RunningPlayground
) -> None:
    await page.get_by_role("button", name="START").click()
    await expect(bot_messages(page)).to_have_count(2)
    bot: Bot = create_bot(playground.settings, token=PLAYGROUND_TOKEN)
    try:
        # The keyboard the booking flow shows to ask for a phone number.
        await bot.send_message(
            MIGRANT.id,
            "Phone?",
            reply_markup=ReplyKeyboardMarkup(
                keyboard=[[KeyboardButton(text="📱 Share my number", request_contact=True)]],
                one_time_keyboard=True,
                resize_keyboard=True,
            ),
        )
    finally:
        await bot.session.close()
    share = page.locator("#reply-keyboard").get_by_role("button", name="📱 Share my number")
    await share.click()
    dialog = page.locator("#contact-dialog")
    await expect(dialog).to_contain_text("99655")  # the simulated person's own number
    await dialog.get_by_role("button", name="Share").click()
    contact = page.locator("#messages .row.outgoing .contact")
    await expect(contact).to_contain_text(MIGRANT.first_name)
    await expect(page.locator("#reply-keyboard")).to_be_hidden()  # one-time keyboard

    await page.locator("#attach").set_input_files(
        files=[{"name": "contract.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    sent = page.locator("#messages .row.outgoing a.document")
    await expect(sent).to_contain_text("contract.pdf")


async def test_open_page_follows_a_restart(tmp_path: Path, browser: Browser) -> None:
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'playground.sqlite3'}",
        playground_port=0,
        playground_api_port=0,
        log_format="plain",
    )
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        async with running_playground(settings) as first:
            await page.goto(first.url)
            await page.get_by_role("button", name="START").click()
            await expect(bot_messages(page)).to_have_count(2)
        await expect(page.locator("#chat-status")).to_contain_text("stopped")
        port = int(first.url.rsplit(":", 1)[1].strip("/"))
        async with running_playground(settings.model_copy(update={"playground_port": port})):
            # The new emulator's chats are empty: the page starts afresh by itself.
            await expect(page.get_by_role("button", name="START")).to_be_visible()
            await expect(page.locator("#chat-status")).to_have_text("bot")
    finally:
        await context.close()
