"""The editor's preview: an item rendered by the bot's own screens, shown in the browser.

Guide sections go through `handlers.guides.render.section_pages` (header, pages, "as of" or
"checked" line, sources) and emergency cards through `sos_screen`, exactly the text the bot
sends; reminder texts are Telegram HTML as written; questions and ready answers are plain text
(the bot escapes them). The Telegram HTML is then turned into browser HTML with the same
tokenizer the validator uses (content/tghtml.py): only Telegram's tags survive, everything
else is shown as the text it is, so the preview can never run a script or load anything.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from bot.i18n import Translator
from content import Check
from content.editing import GUIDE_HEADER, Item, kind_of
from content.model import LOCALES, ContentStore
from content.tghtml import ALLOWED_TAGS, check, href_of, tokens, utf16_len


@dataclass(frozen=True)
class Page:
    """One message as Telegram would show it."""

    html: Markup
    characters: int  # what Telegram counts (UTF-16 units of the visible text)
    problems: tuple[str, ...] = ()


def telegram_to_browser(text: str) -> Markup:
    """Telegram HTML (parse_mode=HTML) as safe browser HTML, line breaks kept by CSS."""
    out: list[str] = []
    for token in tokens(text):
        if token.kind == "open" and token.name in ALLOWED_TAGS:
            if token.name == "a":
                url = href_of(token)
                href = html.escape(url or "", quote=True)
                out.append(f'<a href="{href}" rel="noopener noreferrer nofollow" target="_blank">')
            elif token.name == "code":
                out.append('<code class="tg-code">')
            else:
                out.append(f"<{token.name}>")
        elif token.kind == "close" and token.name in ALLOWED_TAGS:
            out.append(f"</{token.name}>")
        elif token.kind == "entity":
            out.append(token.raw)  # only &lt; &gt; &amp; &quot; and numeric ones pass tokens()
        else:
            out.append(html.escape(token.raw))
    return Markup("".join(out))  # noqa: S704 - built from escaped text and our own tags


def page(text: str) -> Page:
    problems = tuple(check(text))
    if problems:
        # Telegram would refuse the message: show it as the text it is, with the reasons.
        return Page(Markup(html.escape(text)), utf16_len(text), problems)  # noqa: S704
    return Page(telegram_to_browser(text), utf16_len(html.unescape(_visible(text))))


def _visible(text: str) -> str:
    return "".join(t.raw for t in tokens(text) if t.kind in ("text", "entity"))


def plain_page(text: str) -> Page:
    """Plain text the bot escapes before sending (questions, ready answers)."""
    return page(html.escape(text))


def item_preview(
    store: ContentStore | None,
    item: Item,
    translators: Mapping[str, Translator],
    checks: Mapping[str, Check],
    extras: Callable[[Translator], str] | None = None,
) -> dict[str, list[Page]]:
    """Per language, the messages the bot would send for *item* (from a built *store*)."""
    kind = kind_of(item.file)
    out: dict[str, list[Page]] = {}
    for locale in LOCALES:
        t = translators[locale]
        texts = _texts(store, item, kind, t, locale, checks, extras)
        out[locale] = [page(text) if kind not in ("questions", "canned") else plain_page(text)
                       for text in texts]  # fmt: skip
    return out


def _texts(
    store: ContentStore | None,
    item: Item,
    kind: str | None,
    t: Translator,
    locale: str,
    checks: Mapping[str, Check],
    extras: Callable[[Translator], str] | None,
) -> list[str]:
    # Imported here: the guides' screens pull in aiogram keyboards, the editor's pure parts don't.
    from handlers.guides import render

    if kind == "guide" and store is not None:
        dest = str(item.raw.get("dest", "")) if item.key == GUIDE_HEADER else None
        for guide in store.guides.values():
            if dest and guide.dest == dest:
                return [render.destination_screen(guide, t, locale)[0]]
            section = guide.section(item.key) if item.check_key and item.check_key.startswith(
                guide.dest + "/") else None  # fmt: skip
            if section is not None:
                return render.section_pages(
                    store, guide, section, t, locale, checks.get(item.check_key or "")
                )
    if kind == "emergency" and store is not None and item.key in store.cards:
        card = store.cards[item.key]
        center = extras(t) if extras else ""
        text, _ = render.sos_screen(card, t, locale, checks.get(item.check_key or ""), center)
        return [text]
    # Reminders, questions and ready answers: their texts as written, one message each.
    texts = []
    for f in item.fields:
        if f.kind == "texts" and f.path[-1] in ("text", "body", "explain", "todo"):
            texts.append(f.values.get(locale, ""))
    return texts or [item.title.get(locale, "")]
