"""Paging: pages fit, split where a reader expects, and every page is valid HTML."""

from __future__ import annotations

import pytest

from content.paging import paginate
from content.tghtml import check, plain, utf16_len


def _words(text: str) -> list[str]:
    return plain(text).split()


def test_short_body_is_one_page() -> None:
    assert paginate("  <b>Hi</b>\n\nthere  ") == ["<b>Hi</b>\n\nthere"]
    assert paginate("") == []


def test_splits_at_paragraph_boundaries() -> None:
    paras = [f"Paragraph {i}. " + "word " * 30 for i in range(10)]
    body = "\n\n".join(p.strip() for p in paras)
    pages = paginate(body, limit=400)
    assert len(pages) > 1
    for page in pages:
        assert utf16_len(page) <= 400
        # each page is made of whole paragraphs
        for chunk in page.split("\n\n"):
            assert chunk.startswith("Paragraph ") and chunk.endswith("word")
    assert _words("\n\n".join(pages)) == _words(body)


def test_falls_back_to_lines_then_sentences_then_words() -> None:
    lines = "\n".join(f"• item {i} " + "x" * 40 for i in range(20))
    pages = paginate(lines, limit=200)
    assert all(p.startswith("• item") for p in pages)

    sentences = " ".join(f"Sentence number {i} is here." for i in range(60))
    pages = paginate(sentences, limit=200)
    assert all(p.endswith(".") for p in pages)

    words = " ".join(f"w{i}" for i in range(400))
    pages = paginate(words, limit=100)
    assert _words(" ".join(pages)) == _words(words)
    assert all(utf16_len(p) <= 100 for p in pages)


def test_keeps_tags_balanced_across_pages() -> None:
    body = "<b>" + " ".join(f"bold{i}" for i in range(200)) + "</b> tail"
    body += '\n\n<a href="https://mfa.gov.kg">' + "link " * 80 + "</a>"
    body += "\n\n<blockquote>" + "\n".join("quoted line " * 5 for _ in range(20)) + "</blockquote>"
    pages = paginate(body, limit=300)
    assert len(pages) > 3
    for page in pages:
        assert check(page) == [], page
        assert utf16_len(page) <= 300
    assert pages[1].startswith("<b>")
    assert any(p.startswith('<a href="https://mfa.gov.kg">') for p in pages[1:])
    assert _words(" ".join(pages)) == _words(body)


def test_never_breaks_an_entity_or_a_tag() -> None:
    body = "&amp;&lt;&gt;" * 300 + '<a href="https://mfa.gov.kg/very/long/path">x</a>'
    pages = paginate(body, limit=50)
    for page in pages:
        assert check(page) == [], page
    assert "".join(plain(p) for p in pages) == plain(body)


def test_counts_utf16_units() -> None:
    body = "😀" * 100  # 2 UTF-16 units each
    pages = paginate(body, limit=50)
    assert all(utf16_len(p) <= 50 for p in pages)
    assert "".join(pages) == body


def test_limit_too_small_is_an_error() -> None:
    with pytest.raises(ValueError):
        paginate("<blockquote expandable>" + "a" * 100 + "</blockquote>", limit=20)
