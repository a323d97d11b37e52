"""Shared steps and texts of the guides tests."""

from __future__ import annotations

from bot.i18n import Translator
from tests.harness import Harness

LANGUAGE_BUTTON = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
AS_OF_MAY_2026 = {
    "ky": "Маалымат 2026-жылдын май айындагы абал боюнча",
    "ru": "Информация по состоянию на май 2026 года",
    "en": "Information as of May 2026",
}


def tr(jol: Harness, lang: str) -> Translator:
    return jol.catalog.translator(lang)


async def anonymous_user(jol: Harness, lang: str = "ru") -> int:
    """Someone who chose a language and declined to share data: guides must work fully."""
    u = await jol.user(lang)
    await jol.start(u)
    await jol.reply(u, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(u, LANGUAGE_BUTTON[lang])
    await jol.click(u, tr(jol, lang)("consent-decline"))
    await jol.reply(u, lambda m: tr(jol, lang)("menu-guides") in m.button_texts)
    return u
