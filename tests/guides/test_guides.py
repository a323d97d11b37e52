"""Guides, search, the emergency card and the staff content commands, end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.i18n import Translator
from content import load_content
from content.library import CONTENT_DIR, ContentLibrary
from db.models import Counter, User
from db.queries.cases import CONTENT_GAP_COUNTER
from tests.guides.helpers import AS_OF_MAY_2026, anonymous_user, tr
from tests.harness import Harness


def copy_content(tmp_path: Path) -> Path:
    """The shipped content library's YAML, to edit in a test; its guides are in `guides/`."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__*"))
    return folder


async def set_destination(jol: Harness, user_id: int, dest: str) -> None:
    async with jol.session() as session:
        row = await session.get(User, user_id)
        assert row is not None
        row.destination = dest


def assert_nav(message_buttons: list[str], t: Translator) -> None:
    assert t("btn-back") in message_buttons
    assert t("btn-home") in message_buttons


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_browse_destination_section_and_back(jol: Harness, lang: str) -> None:
    t = tr(jol, lang)
    store = load_content()
    russia = store.guide("russia")
    assert russia is not None
    entry_ban = russia.section("entry_ban")
    assert entry_ban is not None

    u = await anonymous_user(jol, lang)
    await jol.click(u, t("menu-guides"))
    screen = await jol.last(u)
    assert [russia.title[lang]] == [b for b in screen.button_texts if b == russia.title[lang]]
    assert t("btn-home") in screen.button_texts

    await jol.click(u, russia.title[lang])
    screen = await jol.last(u)
    assert russia.title[lang] in (screen.text or "")
    assert entry_ban.title[lang] in screen.button_texts
    assert_nav(screen.button_texts, t)

    await jol.click(u, entry_ban.title[lang])
    page = await jol.last(u)
    text = page.text or ""
    assert entry_ban.title[lang] in text
    # The month of the sources, never the day the fact base was compiled (issue 15, item 3).
    assert AS_OF_MAY_2026[lang] in text
    assert "28.11.2026" not in text and "2026-11-28" not in text
    assert "✅" not in text  # nobody at the Center has checked it yet
    assert t("guides-sources", sources="").strip() in text
    assert "24.kg 350464" in text  # a source of this section
    assert_nav(page.button_texts, t)
    assert t("guides-btn-ask") in page.button_texts

    await jol.click(u, t("btn-back"))
    assert entry_ban.title[lang] in (await jol.last(u)).button_texts
    await jol.click(u, t("btn-back"))
    assert russia.title[lang] in (await jol.last(u)).button_texts
    await jol.click(u, t("btn-home"))
    assert t("menu-guides") in (await jol.last(u)).button_texts


async def test_long_section_pages_with_arrows(jol: Harness, tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    data = folder / "guides"
    guide = yaml.safe_load((data / "korea.yaml").read_text("utf-8"))
    paragraph = "Абзац про длинный раздел, чтобы проверить листание страниц. " * 8
    long_body = "\n\n".join(f"<b>{i}.</b> {paragraph}" for i in range(1, 25))
    guide["sections"][0]["body"]["ru"] = long_body
    # Every number in a body must be marked as sourced (the validator refuses it otherwise).
    guide["sections"][0]["numbers"] += [str(i) for i in range(1, 25)]
    guide["sections"][0]["numbers"] = sorted(set(guide["sections"][0]["numbers"]))
    (data / "korea.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True), "utf-8")
    assert jol.runtime is not None
    jol.runtime.content.swap(ContentLibrary.load(folder))
    t = tr(jol, "ru")

    u = await anonymous_user(jol)
    await jol.start(u, "g_korea_eps")
    first = await jol.reply_containing(u, "Программа EPS")
    assert "Страница 1 из" in (first.text or "")
    total = int((first.text or "").split("Страница 1 из ")[1].split("<")[0].split()[0])
    assert total >= 2
    assert f"2/{total} ▶" in first.button_texts
    seen = [first.text or ""]
    for number in range(2, total + 1):
        await jol.click(u, f"{number}/{total} ▶")
        page = await jol.last(u)
        assert f"Страница {number} из {total}" in (page.text or "")
        assert f"◀ {number - 1}/{total}" in page.button_texts
        assert_nav(page.button_texts, t)
        seen.append(page.text or "")
    assert all(len(s) <= 4096 for s in seen)
    joined = " ".join(seen)
    assert all(f"{i}." in joined for i in range(1, 25))  # nothing lost between pages
    await jol.click(u, f"◀ {total - 1}/{total}")
    assert f"Страница {total - 1} из {total}" in ((await jol.last(u)).text or "")


async def test_deep_links(jol: Harness) -> None:
    u = await anonymous_user(jol)
    await jol.start(u, "g_russia_registration")
    page = await jol.reply_containing(u, "Регистрация (миграционный учёт)")
    assert "30 дней без регистрации" in (page.text or "")

    await jol.start(u, "g_turkey")
    await jol.reply_containing(u, "Турция", "безвизовый режим")

    await jol.start(u, "g_russia_nonexistent")
    await jol.reply_containing(u, tr(jol, "ru")("deeplink-unknown"))

    await jol.start(u, "sos_korea")
    await jol.reply_containing(u, "Корея: если случилась беда")


async def test_deep_link_waits_for_onboarding(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u, "g_europe_uk_seasonal")
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, tr(jol, "en")("consent-decline"))
    await jol.reply_containing(u, "UK: seasonal work", "Seasonal Worker")


async def test_download_whole_guide(jol: Harness) -> None:
    t = tr(jol, "ky")
    u = await anonymous_user(jol, "ky")
    await jol.click(u, t("menu-guides"))
    await jol.click(u, "🇰🇷 Түштүк Корея")
    await jol.click(u, t("guides-btn-download"))
    message = await jol.reply(u, lambda m: m.document is not None)
    document = message.document
    assert document is not None and document["file_name"] == "jol-korea-ky.html"
    html_doc = (await jol.emu.download(document["file_id"])).decode("utf-8")
    assert html_doc.startswith("<!DOCTYPE html>") and '<html lang="ky">' in html_doc
    korea = load_content().guide("korea")
    assert korea is not None
    for section in korea.sections:
        assert f'id="{section.id}"' in html_doc
    assert t("guides-export-sources") in html_doc


async def test_sos_from_keyboard_menu_and_command(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await anonymous_user(jol)
    await jol.press_reply(u, t("kb-sos"))
    card = await jol.reply_containing(u, "Если случилась беда")
    assert "mfa.gov.kg" in (card.text or "")
    assert t("guides-btn-ask") in card.button_texts and t("btn-home") in card.button_texts

    await jol.click(u, t("guides-btn-sos-other"))
    await jol.click(u, "🇹🇷 Турция")
    assert "Турция: если случилась беда" in ((await jol.last(u)).text or "")

    await set_destination(jol, u, "russia")
    await jol.send(u, "/sos")
    await jol.reply_containing(u, "Россия: если случилась беда")

    await jol.send(u, "/menu")
    await jol.reply(u, lambda m: t("menu-sos") in m.button_texts)
    await jol.click(u, t("menu-sos"))
    assert "Россия: если случилась беда" in ((await jol.last(u)).text or "")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ru", "патент", "Законная работа: патент не нужен"),
        ("ru", "registraciya", "Регистрация (миграционный учёт)"),
        ("ky", "каттоо", "Каттоо (регистрация)"),
        ("en", "entry ban", "Check for an entry ban"),
    ],
)
async def test_free_text_search(jol: Harness, lang: str, query: str, expected: str) -> None:
    u = await anonymous_user(jol, lang)
    await jol.send(u, query)
    results = await jol.reply(u, lambda m: any(expected in b for b in m.button_texts))
    button = next(b for b in results.button_texts if expected in b)
    assert tr(jol, lang)("btn-home") in results.button_texts
    await jol.click(u, button)
    assert expected in ((await jol.last(u)).text or "")


async def test_search_command_and_prompt(jol: Harness) -> None:
    u = await anonymous_user(jol)
    await jol.send(u, "/search черный список")
    await jol.reply(u, lambda m: any("Проверка запрета на въезд" in b for b in m.button_texts))

    await jol.send(u, "/search")
    await jol.reply_containing(u, "Поиск по справочникам")
    await jol.send(u, "паспорт отобрали")
    results = await jol.reply(u, lambda m: bool(m.button_texts))
    assert any("Ваши права" in b or "Паспорт" in b for b in results.button_texts)


async def test_no_match_offers_the_center(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await anonymous_user(jol)
    await jol.send(u, "qwertyzxcv")
    answer = await jol.reply_containing(u, "ничего не нашлось")
    assert t("guides-btn-ask") in answer.button_texts
    assert t("guides-btn-book") in answer.button_texts
    assert t("btn-home") in answer.button_texts
    # The miss is counted for editors, anonymously: no query text, no user id.
    async with jol.session() as session:
        rows = (
            await session.execute(select(Counter).where(Counter.name == CONTENT_GAP_COUNTER))
        ).scalars()
        buckets = {row.bucket: row.value for row in rows}
    assert any(b.endswith("|search|other|-|ru") and v == 1 for b, v in buckets.items()), buckets
    assert not any("qwerty" in b for b in buckets)


async def test_guides_command_puts_own_destination_first(jol: Harness) -> None:
    u = await anonymous_user(jol, "en")
    await set_destination(jol, u, "korea")
    await jol.send(u, "/guides")
    screen = await jol.reply_containing(u, "Guides")
    assert screen.button_texts[0] == "🇰🇷 South Korea"
    assert tr(jol, "en")("btn-home") in screen.button_texts


async def test_staff_commands_are_refused_to_others(jol: Harness) -> None:
    u = await anonymous_user(jol)
    await jol.send(u, "/content_status")
    await jol.reply_containing(u, tr(jol, "ru")("access-denied"))
    await jol.send(u, "/reload_content")
    await jol.reply_containing(u, tr(jol, "ru")("access-denied"))


async def test_reload_keeps_last_good_content(jol: Harness, tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    data = folder / "guides"
    assert jol.runtime is not None
    holder = jol.runtime.content
    holder.seed_dir = folder  # what CONTENT_DIR does
    old_version = holder.library.version

    admin = await jol.admin("en")
    await jol.start(admin)
    await jol.reply(admin, lambda m: "English" in m.button_texts)
    await jol.click(admin, "English")
    await jol.click(admin, tr(jol, "en")("consent-decline"))

    await jol.send(admin, "/content_status")
    status = await jol.reply_containing(admin, old_version)
    assert "russia 11" in (status.text or "")

    # An editor breaks a file: unbalanced tag and a missing language.
    guide = yaml.safe_load((data / "turkey.yaml").read_text("utf-8"))
    guide["sections"][0]["body"]["ru"] = "<b>незакрытый тег"
    del guide["sections"][1]["title"]["ky"]
    (data / "turkey.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True), "utf-8")
    await jol.send(admin, "/reload_content")
    refused = await jol.reply_containing(admin, "not accepted")
    assert "turkey.yaml" in (refused.text or "") and old_version in (refused.text or "")
    assert "unclosed" in (refused.text or "")
    assert holder.library.version == old_version

    # People still get the last good content.
    u = await anonymous_user(jol)
    await jol.start(u, "g_turkey_visa_free")
    await jol.reply_containing(u, "90 дней в любые 180 дней")

    await jol.send(admin, "/content_status")
    await jol.reply_containing(admin, "last reload failed")

    # Fixed: the new version goes live.
    guide["sections"][0]["body"]["ru"] = "<b>Исправлено.</b> 90 дней из 180."
    guide["sections"][1]["title"]["ky"] = "Иштөөгө уруксат"
    (data / "turkey.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True), "utf-8")
    await jol.send(admin, "/reload_content")
    await jol.reply_containing(admin, "All content reloaded and published as release #")
    assert holder.library.version != old_version
    assert holder.release_id is not None
    await jol.start(u, "g_turkey_visa_free")
    await jol.reply_containing(u, "Исправлено.")


async def test_sos_inside_a_dialogue_keeps_the_dialogue(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await jol.user("ru")
    await jol.start(u)
    await jol.reply(u, lambda m: "Русский" in m.button_texts)
    await jol.click(u, "Русский")
    await jol.click(u, t("consent-agree"))
    await jol.click(u, t("situation-planning"))
    await jol.click(u, t("destination-korea"))
    # At the date question someone needs help now.
    await jol.send(u, "/sos")
    await jol.reply_containing(u, "Корея: если случилась беда")
    # The question is still open: the date typed next finishes onboarding.
    await jol.send(u, "15.03.2027")
    await jol.reply_containing(u, "Готово!")
