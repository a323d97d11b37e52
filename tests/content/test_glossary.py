"""One name per thing, per language: content/glossary.yaml is enforced on every text people see
(locales/ and content/), and the wording fixes of issue 15 stay fixed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.i18n import Catalog

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "content" / "glossary.yaml"
LANGS = ("ky", "ru", "en")
#: Not text people read as the bot's own words: search synonyms (people type "медкомиссия"),
#: source titles as published, and staff-only notes.
SKIPPED_KEYS = {"keywords", "sources", "to_check", "numbers", "links", "checked"}


def _avoid(lang: str) -> list[tuple[str, str]]:
    terms = yaml.safe_load(GLOSSARY.read_text("utf-8"))["terms"]
    return [(term_id, form) for term_id, term in terms.items() for form in term[lang]["avoid"]]


def _texts_in(node: Any, lang: str | None = None) -> Iterator[str]:
    """Every string under a ``ky``/``ru``/``en`` key (or a language list), with its language."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIPPED_KEYS:
                continue
            yield from _texts_in(value, key if key in LANGS else lang)
    elif isinstance(node, list):
        for value in node:
            yield from _texts_in(value, lang)
    elif isinstance(node, str) and lang is not None:
        yield f"{lang}\0{node}"


def _content_texts() -> Iterator[tuple[str, str, str]]:
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        if path == GLOSSARY:
            continue
        for item in _texts_in(yaml.safe_load(path.read_text("utf-8"))):
            lang, text = item.split("\0", 1)
            yield str(path.relative_to(ROOT)), lang, text


def _locale_texts() -> Iterator[tuple[str, str, str]]:
    for lang in LANGS:
        for path in sorted((ROOT / "locales" / lang).glob("*.ftl")):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if not line.lstrip().startswith("#"):
                    yield f"{path.relative_to(ROOT)}:{number}", lang, line


def _pattern(form: str) -> re.Pattern[str]:
    # At the start of a word, any ending: "Орусия" also finds "Орусияда".
    return re.compile(r"(?<!\w)" + re.escape(form), re.IGNORECASE)


def test_glossary_names_every_language() -> None:
    terms = yaml.safe_load(GLOSSARY.read_text("utf-8"))["terms"]
    assert {"center", "russia", "guides", "medical_examination", "job_offer_check"} <= set(terms)
    for term_id, term in terms.items():
        for lang in LANGS:
            assert term[lang]["use"].strip(), (term_id, lang)
            assert isinstance(term[lang]["avoid"], list), (term_id, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_avoided_term_in_locales_or_content(lang: str) -> None:
    forms = [(term_id, _pattern(form)) for term_id, form in _avoid(lang)]
    found = [
        f"{where}: {term_id} {pattern.pattern!r}"
        for where, text_lang, text in [*_content_texts(), *_locale_texts()]
        if text_lang == lang
        for term_id, pattern in forms
        if pattern.search(text)
    ]
    assert found == []


def test_the_scan_finds_an_avoided_term() -> None:
    # Guard against a scan that silently reads nothing.
    assert _pattern("Орусия").search("🇷🇺 Орусияда иштейм")
    assert sum(1 for _ in _content_texts()) > 200
    assert sum(1 for _ in _locale_texts()) > 300


def test_kyrgyz_acronyms_are_spelled_out_first() -> None:
    data = yaml.safe_load((ROOT / "content/guides/russia.yaml").read_text("utf-8"))
    bodies = {s["id"]: s["body"]["ky"] for s in data["sections"]}
    assert "мамлекеттик кызматтар борбору (МФЦ)" in bodies["registration"]
    assert "РВП — убактылуу жашоого уруксаты" in bodies["stay_limits"]
    assert "ВНЖ — жашоого уруксаты" in bodies["stay_limits"]
    assert "РВП (убактылуу жашоого уруксат)" in bodies["health"]
    assert "АИВ (адамдын иммунитет тартыштыгынын вирусу" in bodies["medical"]
    assert "ажыратма" not in bodies["registration"]


def test_wording_fixes_in_russian_and_kyrgyz() -> None:
    catalog = Catalog.load()
    ru = catalog.translator("ru")
    abroad = ru("onboarding-done", situation="abroad", destination="russia", has_date="no")
    planning = ru("onboarding-done", situation="planning", destination="russia", has_date="no")
    assert "Страна работы: Россия" in abroad and "Вы работаете" not in abroad
    assert "Куда едете: Россия" in planning and "Вы собираетесь" not in planning
    ky = catalog.translator("ky")
    closed = ky(
        "ask-hours-closed",
        schedule="09:00–18:00",
        when="tomorrow",
        weekday=1,
        time="09:00",
        has_local="no",
        local_time="",
    )
    assert "саат 09:00 өткөндөн кийин" in closed
    assert "09:00дөн" not in closed
