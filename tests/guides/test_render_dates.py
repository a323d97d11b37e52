"""Every page and card, in every language, says "information as of" its sources' month and
never the old compile-day "Verified 28.11.2026" (issue 15, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import Catalog
from content import Check, load_content
from content.export import export_guide
from handlers.guides import render

OLD_LABELS = ("28.11.2026", "2026-11-28", "Verified", "Проверено:", "Текшерилген:")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_no_page_or_card_claims_a_check_nobody_made(lang: str) -> None:
    store = load_content()
    t = Catalog.load().translator(lang)
    as_of_may = t("guides-as-of", month=t("guides-month", month=5), year=2026)
    pages = [
        (f"{dest}/{section.id}", page)
        for dest, section in store.iter_sections()
        for page in render.section_pages(store, store.guides[dest], section, t, lang)
    ]
    pages += [
        (f"sos/{key}", render.sos_screen(card, t, lang)[0]) for key, card in store.cards.items()
    ]
    pages += [
        (
            dest,
            export_guide(
                store, dest, lang, freshness=lambda _k, item: render.freshness(t, item, None)
            ),
        )
        for dest in store.destinations()
    ]
    for where, text in pages:
        assert not any(label in text for label in OLD_LABELS), where
        assert "ℹ️" in text and "✅" not in text, where
    assert sum(as_of_may in text for _, text in pages) >= 10


def test_a_recorded_check_wins_over_as_of() -> None:
    store = load_content()
    t = Catalog.load().translator("en")
    section = store.section("russia", "medical")
    assert section is not None
    assert render.freshness(t, section, None) == "ℹ️ Information as of January 2022"
    checked = render.freshness(t, section, Check(by="Aida", on=date(2026, 12, 4)))
    assert checked == "✅ Checked by the Center on 4.12.2026"
