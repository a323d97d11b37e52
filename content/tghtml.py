"""The small subset of HTML that Telegram accepts, as one tokenizer for everyone.

Validation, paging and export all walk bodies with :func:`tokens`, so they
agree on what a tag or an entity is; a page can then never be cut inside one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Tags content may use (Telegram accepts a few more aliases; we keep one spelling each).
ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "blockquote"})

# Telegram rejects the whole message on an unknown entity, so we accept only these.
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_HREF_RE = re.compile(r'^\s+href="([^"<>]*)"\s*$')


@dataclass(frozen=True, slots=True)
class Token:
    """``kind`` is ``open``, ``close``, ``entity``, ``text`` or ``error``."""

    kind: str
    raw: str
    start: int
    name: str = ""
    attrs: str = ""


def tokens(text: str) -> Iterator[Token]:
    """Split *text* into tags, entities and plain text runs (with positions)."""
    pos = 0
    run_start = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch not in "<&>":
            pos += 1
            continue
        if pos > run_start:
            yield Token("text", text[run_start:pos], run_start)
        if ch == "<":
            m = _TAG_RE.match(text, pos)
            if m:
                kind = "close" if m.group(1) else "open"
                yield Token(kind, m.group(0), pos, m.group(2).lower(), m.group(3))
                pos = m.end()
            else:
                yield Token("error", "<", pos)
                pos += 1
        elif ch == "&":
            m = _ENTITY_RE.match(text, pos)
            if m:
                yield Token("entity", m.group(0), pos)
                pos = m.end()
            else:
                yield Token("error", "&", pos)
                pos += 1
        else:
            yield Token("error", ">", pos)
            pos += 1
        run_start = pos
    if n > run_start:
        yield Token("text", text[run_start:], run_start)


def is_web_url(url: str) -> bool:
    """http(s) with a host and no spaces: the only links content may carry."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and "." in parts.netloc
        and not any(c.isspace() for c in url)
    )


def href_of(token: Token) -> str | None:
    m = _HREF_RE.match(token.attrs)
    return html.unescape(m.group(1)) if m else None


def check(text: str) -> list[str]:
    """Problems that would make Telegram refuse *text* with parse_mode=HTML."""
    problems: list[str] = []
    stack: list[str] = []
    for tok in tokens(text):
        where = f"at {tok.start} ({_context(text, tok.start)!r})"
        if tok.kind == "error":
            problems.append(f"unescaped {tok.raw!r} {where}; write {html.escape(tok.raw)}")
        elif tok.kind == "open":
            if tok.name not in ALLOWED_TAGS:
                problems.append(f"tag <{tok.name}> is not allowed {where}")
                continue
            problems.extend(_check_attrs(tok, where))
            if tok.name in stack:
                problems.append(f"<{tok.name}> nested inside itself {where}")
            if "code" in stack:
                problems.append(f"<{tok.name}> inside <code> {where}")
            stack.append(tok.name)
        elif tok.kind == "close":
            if tok.name not in ALLOWED_TAGS:
                problems.append(f"tag </{tok.name}> is not allowed {where}")
            elif not stack or stack[-1] != tok.name:
                problems.append(f"</{tok.name}> does not close the open tag {where}")
            else:
                stack.pop()
    if stack:
        problems.append(f"unclosed tag(s): {', '.join('<' + t + '>' for t in stack)}")
    return problems


def _check_attrs(tok: Token, where: str) -> list[str]:
    if tok.name == "a":
        url = href_of(tok)
        if url is None:
            return [f'<a> needs exactly href="..." {where}']
        if not is_web_url(url):
            return [f"link {url!r} is not a full http(s) address {where}"]
        return []
    if tok.name == "blockquote" and tok.attrs.strip() in ("", "expandable"):
        return []
    if tok.attrs.strip():
        return [f"<{tok.name}> takes no attributes {where}"]
    return []


def _context(text: str, pos: int) -> str:
    return text[max(0, pos - 15) : pos + 15]


def links(text: str) -> list[str]:
    """Every href in *text* (unescaped)."""
    return [u for t in tokens(text) if t.kind == "open" and (u := href_of(t)) is not None]


def plain(text: str) -> str:
    """Visible text: tags dropped, entities decoded (for search and length checks)."""
    return html.unescape(_TAG_RE.sub("", text))


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2
