"""Split a section body into Telegram-sized pages without breaking its HTML.

Breaks are tried at paragraphs first, then lines, sentences, words and (only
for an absurdly long word) characters. Tags open at a break are closed at the
end of the page and reopened on the next one, so every page is valid on its own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from content.tghtml import tokens, utf16_len

#: Room left for the header and footer the bot adds (title, page x/y, verified date).
DEFAULT_LIMIT = 3500

# (level, pattern); the match (or its group 1) is dropped at the break. Higher = preferred.
_BREAKS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (3, re.compile(r"\n[ \t]*\n\s*")),
    (2, re.compile(r"\n\s*")),
    (1, re.compile(r"(?<=[.!?…])[»\"”)]*(\s+)")),
    (0, re.compile(r"[ \t]+")),
)
_EMPTY_PAIR = re.compile(r"<(b|i|u|s|code|blockquote|a)(?:\s[^>]*)?>\s*</\1>")


def paginate(
    body: str,
    limit: int = DEFAULT_LIMIT,
    measure: Callable[[str], int] = utf16_len,
    min_fill: float = 0.0,
) -> list[str]:
    """Pages of *body*, each at most *limit* long as *measure* counts (default: UTF-16 units of
    markup; Telegram itself counts the text after parsing, which callers may measure instead).
    *min_fill*: a preferred break (paragraph, line, …) is taken only if the page is at least
    that share of *limit*; otherwise a lesser one further on (fewer, fuller messages)."""
    body = body.strip()
    if measure(body) <= limit:
        return [body] if body else []
    splitter = _Splitter(body, measure, min_fill)
    pages: list[str] = []
    start = 0
    while start < len(body):
        page, start = splitter.next_page(start, limit)
        if page:
            pages.append(page)
    return pages


class _Splitter:
    def __init__(
        self, body: str, measure: Callable[[str], int] = utf16_len, min_fill: float = 0.0
    ) -> None:
        self.body = body
        self.measure = measure
        self.min_fill = min_fill
        # Open-tag stack after each tag, so the stack at any position is a bisect away.
        self.tag_pos: list[int] = []
        self.stacks: list[tuple[tuple[str, str], ...]] = []
        # Break candidates per level: (position where a page may end, next page start).
        self.breaks: dict[int, list[tuple[int, int]]] = {lvl: [] for lvl in (3, 2, 1, 0, -1)}
        stack: list[tuple[str, str]] = []
        for tok in tokens(body):
            if tok.kind == "text":
                self._add_breaks(tok.raw, tok.start)
                continue
            # Before or after a tag or entity is also a (last-resort) place to cut.
            end = tok.start + len(tok.raw)
            self.breaks[-1] += [(tok.start, tok.start), (end, end)]
            if tok.kind == "open":
                stack.append((tok.name, tok.raw))
            elif tok.kind == "close" and stack and stack[-1][0] == tok.name:
                stack.pop()
            else:
                continue
            self.tag_pos.append(end)
            self.stacks.append(tuple(stack))
        for level, cands in self.breaks.items():
            self.breaks[level] = sorted(set(cands))

    def _add_breaks(self, run: str, offset: int) -> None:
        for level, pattern in _BREAKS:
            for m in pattern.finditer(run):
                span = m.span(1) if pattern.groups else m.span()
                self.breaks[level].append((offset + span[0], offset + span[1]))
        # Last resort: between any two characters of plain text (never inside a tag or entity).
        self.breaks[-1].extend((offset + i, offset + i) for i in range(1, len(run)))

    def stack_at(self, pos: int) -> tuple[tuple[str, str], ...]:
        i = bisect.bisect_right(self.tag_pos, pos) - 1
        return self.stacks[i] if i >= 0 else ()

    def render(self, start: int, end: int) -> str:
        opening = "".join(raw for _, raw in self.stack_at(start))
        closing = "".join(f"</{name}>" for name, _ in reversed(self.stack_at(end)))
        page = opening + self.body[start:end].strip() + closing
        while True:
            cleaned = _EMPTY_PAIR.sub("", page)
            if cleaned == page:
                return page.strip()
            page = cleaned

    def next_page(self, start: int, limit: int) -> tuple[str, int]:
        whole = self.render(start, len(self.body))
        if self.measure(whole) <= limit:
            return whole, len(self.body)
        for level in (3, 2, 1, 0, -1):
            cands = [c for c in self.breaks[level] if c[0] > start]
            best = _last_fitting(cands, lambda c: self._fits(start, c[0], limit))
            if best is not None:
                page = self.render(start, best[0])
                if level == -1 or self.measure(page) >= self.min_fill * limit:
                    return page, best[1]
        raise ValueError(f"limit {limit} is too small to fit any text after position {start}")

    def _fits(self, start: int, end: int, limit: int) -> bool:
        page = self.render(start, end)
        return bool(page) and self.measure(page) <= limit


def _last_fitting(
    cands: Sequence[tuple[int, int]], fits: Callable[[tuple[int, int]], bool]
) -> tuple[int, int] | None:
    """Binary search for the furthest candidate that fits (length grows with position)."""
    lo, hi, found = 0, len(cands) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(cands[mid]):
            found, lo = mid, mid + 1
        else:
            hi = mid - 1
    return cands[found] if found is not None else None
