"""A whole guide as one standalone HTML file, to keep on the phone offline.

No scripts, fonts or images: it must open in any phone browser without a
connection. Bodies are already valid, escaped Telegram HTML (the validator
guarantees it), so they are embedded as they are, with paragraphs and line
breaks turned into HTML equivalents.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date

from content.model import SOS_KEY, ContentStore, EmergencyCard, Section, Source, check_key
from content.tghtml import tokens

#: Labels used in the document; the bot may pass its own (from the .ftl files).
DEFAULT_LABELS: Mapping[str, Mapping[str, str]] = {
    "ky": {
        "contents": "Мазмуну",
        "sources": "Булактар",
        "emergency": "Шашылыш учурда",
        "note": (
            "Эрежелер тез өзгөрөт. Жолго чыгаар алдында маалыматты Борбордон же расмий "
            "сайттан текшериңиз."
        ),
        "generated": "Файл түзүлгөн күн",
    },
    "ru": {
        "contents": "Содержание",
        "sources": "Источники",
        "emergency": "Если случилась беда",
        "note": (
            "Правила часто меняются. Перед поездкой проверьте информацию в Центре или на "
            "официальном сайте."
        ),
        "generated": "Файл создан",
    },
    "en": {
        "contents": "Contents",
        "sources": "Sources",
        "emergency": "In an emergency",
        "note": (
            "Rules change often. Before you travel, check this information with the Center "
            "or on the official website."
        ),
        "generated": "File created",
    },
}

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:40rem;padding:1rem;line-height:1.5;color:#111;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-top:1px solid #ccc;
padding-top:1rem}blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:4px solid #2a6;
background:#f3faf5}code{background:#f2f2f2;padding:0 .2rem}a{color:#0645ad;
word-break:break-word}.meta{color:#555;font-size:.9rem}.note{background:#fff7e0;
padding:.5rem .75rem;border-radius:4px}.sos{border:2px solid #c00;padding:.5rem .75rem}
""".replace("\n", "")


def format_date(value: date, locale: str) -> str:
    """Numeric dates read the same in every language (no month names to translate)."""
    return value.isoformat() if locale == "en" else value.strftime("%d.%m.%Y")


def body_to_html(body: str) -> str:
    """Telegram HTML -> HTML blocks: blank lines end paragraphs, newlines become <br>."""
    blocks = []
    pending: list[str] = []
    depth = 0
    for para in body.split("\n\n"):
        # A tag may span a blank line (e.g. a two-paragraph quote): keep it in one block.
        pending.append(para.strip())
        for tok in tokens(para):
            depth += {"open": 1, "close": -1}.get(tok.kind, 0)
        if depth > 0:
            continue
        text = "\n\n".join(p for p in pending if p)
        pending = []
        if not text:
            continue
        lines = _rel_noopener("<br>\n".join(line.strip() for line in text.split("\n")))
        blocks.append(f"<div>{lines}</div>" if "<blockquote" in lines else f"<p>{lines}</p>")
    return "\n".join(blocks)


def _rel_noopener(text: str) -> str:
    out = []
    for tok in tokens(text):
        if tok.kind == "open" and tok.name == "a":
            out.append(tok.raw[:-1] + ' rel="noopener">')
        else:
            out.append(tok.raw)
    return "".join(out)


def _sources_html(sources: tuple[Source, ...], locale: str) -> str:
    items = []
    for src in sources:
        title = html.escape(src.title)
        if src.url:
            url = html.escape(src.url, quote=True)
            title = f'<a href="{url}" rel="noopener">{title}</a>'
        if src.note:
            title += f" ({html.escape(src.note[locale])})"
        items.append(f"<li>{title}</li>")
    return "<ul>" + "".join(items) + "</ul>"


#: How the date line of a section or card reads: (check key, item) -> plain text.
Freshness = Callable[[str, Section | EmergencyCard], str]

_AS_OF = {"ky": "Маалымат абалы", "ru": "Информация на", "en": "Information as of"}


def _default_freshness(locale: str) -> Freshness:
    # Without the bot's translator (tests, command line): the as-of month, numerically.
    label = _AS_OF.get(locale, _AS_OF["en"])
    return lambda _key, item: f"{label}: {item.as_of:%m.%Y}"


def export_guide(
    store: ContentStore,
    dest: str,
    locale: str,
    *,
    labels: Mapping[str, str] | None = None,
    today: date | None = None,
    freshness: Freshness | None = None,
) -> str:
    """The guide for *dest* in *locale* as a complete HTML5 document."""
    guide = store.guide(dest)
    if guide is None:
        raise KeyError(dest)
    lab = {**DEFAULT_LABELS.get(locale, DEFAULT_LABELS["en"]), **(labels or {})}
    dated = freshness or _default_freshness(locale)
    esc = html.escape
    title = esc(guide.title[locale])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(locale)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        body_to_html(guide.intro[locale]),
        f'<p class="note">{esc(lab["note"])}</p>',
        f"<h2>{esc(lab['contents'])}</h2>",
        "<ol>",
    ]
    parts += [f'<li><a href="#{s.id}">{esc(s.title[locale])}</a></li>' for s in guide.sections]
    parts += [f'<li><a href="#sos">{esc(lab["emergency"])}</a></li>', "</ol>"]
    for section in guide.sections:
        parts += [
            f'<section id="{section.id}">',
            f"<h2>{esc(section.title[locale])}</h2>",
            body_to_html(section.body[locale]),
            f'<p class="meta">{esc(lab["sources"])}:</p>',
            _sources_html(section.sources, locale),
            f'<p class="meta">{esc(dated(check_key(dest, section.id), section))}</p>',
            "</section>",
        ]
    card = store.emergency(dest)
    parts += [
        '<section id="sos" class="sos">',
        f"<h2>{esc(card.title[locale])}</h2>",
        body_to_html(card.body[locale]),
        f'<p class="meta">{esc(lab["sources"])}:</p>',
        _sources_html(card.sources, locale),
        f'<p class="meta">{esc(dated(check_key(SOS_KEY, card.key), card))}</p>',
        "</section>",
    ]
    if today is not None:
        parts.append(f'<p class="meta">{esc(lab["generated"])}: {format_date(today, locale)}</p>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
