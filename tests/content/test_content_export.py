"""Export: a standalone HTML file per guide and language, with every section and source."""

from __future__ import annotations

import html
from datetime import date
from html.parser import HTMLParser

import pytest

from content import DESTINATIONS, LOCALES, ContentStore
from content.export import body_to_html, export_guide

_VOID = {"meta", "br", "link", "img", "hr", "input"}


class _Checker(HTMLParser):
    """Fails on unbalanced tags; collects ids and external resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.errors: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.add(str(attr["id"]))
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("dest", DESTINATIONS)
@pytest.mark.parametrize("locale", LOCALES)
def test_export_is_valid_and_complete(store: ContentStore, dest: str, locale: str) -> None:
    doc = export_guide(store, dest, locale, today=date(2026, 11, 28))
    assert doc.startswith("<!DOCTYPE html>")
    assert f'<html lang="{locale}">' in doc
    assert 'name="viewport"' in doc
    checker = _Checker()
    checker.feed(doc)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert checker.external == []  # self-contained: no scripts, stylesheets or images
    guide = store.guide(dest)
    assert guide is not None
    for section in guide.sections:
        assert section.id in checker.ids
        assert html.escape(section.title[locale]) in doc
        for src in section.sources:
            assert html.escape(src.title) in doc
    assert "sos" in checker.ids
    assert html.escape(store.emergency(dest).title[locale]) in doc
    assert ("28.11.2026" if locale != "en" else "2026-11-28") in doc


def test_body_to_html_paragraphs_and_quotes() -> None:
    out = body_to_html('a\nb\n\n<blockquote>q1\n\nq2</blockquote>\n\n<a href="https://x.kg">l</a>')
    assert out.startswith("<p>a<br>\nb</p>")
    assert "<div><blockquote>q1<br>\n<br>\nq2</blockquote></div>" in out
    assert '<a href="https://x.kg" rel="noopener">l</a>' in out


def test_unknown_destination(store: ContentStore) -> None:
    with pytest.raises(KeyError):
        export_guide(store, "mars", "ru")
