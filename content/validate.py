"""Checks that content is complete, safe to send to Telegram and not out of date.

The validator works on the raw YAML structures (before any dataclass exists),
so it can report *every* problem in one go with a path an editor understands,
e.g. ``russia.yaml: sections[3] (entry_ban).body.ky: unescaped '<' ...``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from content.model import (
    DEEP_LINK_MAX,
    DESTINATIONS,
    GENERAL_CARD,
    LOCALES,
    ContentStore,
    deep_link_payload,
    is_safe_id,
)
from content.paging import DEFAULT_LIMIT, paginate
from content.tghtml import check as check_html
from content.tghtml import is_web_url, utf16_len

#: Telegram's hard limit for one message.
TELEGRAM_LIMIT = 4096
#: Titles become inline-button labels; long ones are cut off on small screens.
TITLE_MAX = 60
#: A source's explanatory words, shown in brackets after its title.
NOTE_MAX = 120
#: Section ids travel in callback data (64 bytes with destination, page and version).
ID_MAX = 32

GUIDE_KEYS = {"dest", "title", "intro", "sections"}
#: ``as_of``: the month of the sources (YYYY-MM). ``checked``: {by, on} once a named staff
#: member compared the text with the official page (usually recorded with /content_checked).
#: ``numbers``: every number in the body, listed to mark it as taken from the sources.
#: ``to_check``: ⚠ items of the fact base that need a check. ``links``: ``dest/section`` buttons.
#: ``gaps``: topics a section can only answer with "ask the Center" (listed by /content_gaps).
DATE_KEYS = {"as_of", "review_by", "checked", "numbers", "to_check"}
SECTION_KEYS = {"id", "title", "body", "keywords", "sources", "links", "gaps"} | DATE_KEYS
CARD_KEYS = {"title", "body", "sources"} | DATE_KEYS
SOURCE_KEYS = {"title", "url", "official", "note"}
CHECK_KEYS = {"by", "on"}

#: A number as a reader sees it: digits, possibly grouped ("08000 121 700", "1644-0644",
#: "7,000", "09:00", "24/7"). Each one in a body must be listed in the item's ``numbers``.
_NUMBER_RE = re.compile(r"\d+(?:[-.,:/ ]\d+)*")
_TAG_RE = re.compile(r"<[^>]*>")
#: Emergency cards that must exist: one per destination (``other`` uses ``general``).
CARD_NAMES = (*(d for d in DESTINATIONS if d != "other"), GENERAL_CARD)


@dataclass(frozen=True, slots=True)
class ContentIssue:
    """One problem in the content library: the document (``guides/russia.yaml``), the field
    path inside it (``sections[3] (entry_ban).body.ky``; "" for the whole file) and what is
    wrong, in words an editor understands."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class ContentInvalid(Exception):
    """The library was refused; ``issues`` lists every problem found (the bot keeps serving
    the last good library)."""

    def __init__(self, issues: list[ContentIssue]) -> None:
        super().__init__(f"{len(issues)} content problem(s):\n" + "\n".join(map(str, issues)))
        self.issues = issues

    @property
    def problems(self) -> list[str]:
        return [str(issue) for issue in self.issues]


def issue_from(file: str, problem: str) -> ContentIssue:
    """A sub-parser's "path: message" line as an issue of *file*."""
    path, sep, message = problem.partition(": ")
    if not sep:
        return ContentIssue(file, "", problem)
    if path == file or path == file.rsplit("/", 1)[-1]:
        path = ""
    elif path.startswith(file):
        path = path[len(file) :].lstrip(".: ")
    return ContentIssue(file, path, message)


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))


def validate(raw: Mapping[str, Any], page_limit: int = DEFAULT_LIMIT) -> list[Problem]:
    """Every problem in *raw* = ``{"guides": {file: data}, "emergency": data}``."""
    out = _Collector()
    guides = raw.get("guides") or {}
    seen: dict[str, str] = {}
    for fname, data in sorted(guides.items()):
        dest = _check_guide(out, fname, data, page_limit)
        if dest is None:
            continue
        if dest in seen:
            out.add(fname, f"destination {dest!r} is already defined in {seen[dest]}")
        seen[dest] = fname
    for dest in DESTINATIONS:
        if dest not in seen:
            out.add("guides", f"no guide for destination {dest!r}")
    _check_links(out, guides)
    _check_emergency(out, raw.get("emergency"), page_limit, raw.get("emergency_name"))
    return out.problems


def _check_guide(out: _Collector, where: str, data: Any, page_limit: int) -> str | None:
    if not isinstance(data, Mapping):
        out.add(where, "a guide file must be a mapping with dest, title, intro, sections")
        return None
    _unknown_keys(out, where, data, GUIDE_KEYS)
    dest = data.get("dest")
    if dest not in DESTINATIONS:
        out.add(f"{where}.dest", f"{dest!r} is not one of {', '.join(DESTINATIONS)}")
        dest = None
    _check_texts(out, f"{where}.title", data.get("title"), plain=True)
    _check_texts(out, f"{where}.intro", data.get("intro"), page_limit=page_limit)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        out.add(f"{where}.sections", "needs a non-empty list of sections")
        return dest
    ids: set[str] = set()
    for i, section in enumerate(sections):
        sid = section.get("id") if isinstance(section, Mapping) else None
        swhere = f"{where}: sections[{i}]" + (f" ({sid})" if isinstance(sid, str) else "")
        _check_section(out, swhere, section, dest or "x", page_limit)
        if isinstance(sid, str):
            if sid in ids:
                out.add(swhere, f"duplicate section id {sid!r}")
            ids.add(sid)
    return dest


def _check_section(out: _Collector, where: str, data: Any, dest: str, page_limit: int) -> None:
    if not isinstance(data, Mapping):
        out.add(where, "a section must be a mapping")
        return
    _unknown_keys(out, where, data, SECTION_KEYS)
    sid = data.get("id")
    if not isinstance(sid, str) or not is_safe_id(sid):
        out.add(f"{where}.id", f"{sid!r}: use lowercase latin letters, digits and _ only")
    elif len(sid) > ID_MAX:
        out.add(f"{where}.id", f"{sid!r} is longer than {ID_MAX} characters")
    elif len(deep_link_payload(dest, sid)) > DEEP_LINK_MAX:
        out.add(
            f"{where}.id",
            f"deep link {deep_link_payload(dest, sid)!r} is longer than {DEEP_LINK_MAX}",
        )
    _check_texts(out, f"{where}.title", data.get("title"), plain=True)
    _check_texts(out, f"{where}.body", data.get("body"), page_limit=page_limit)
    _check_keywords(out, f"{where}.keywords", data.get("keywords"))
    _check_sources(out, f"{where}.sources", data.get("sources"))
    _check_dates(out, where, data)
    _check_numbers(out, where, data)
    gaps = data.get("gaps", [])
    if not isinstance(gaps, list) or not all(isinstance(g, str) and g.strip() for g in gaps):
        out.add(f"{where}.gaps", "needs a list of topics (strings)")


def _check_emergency(out: _Collector, data: Any, page_limit: int, name: str | None = None) -> None:
    where = name or "emergency.yaml"
    if not isinstance(data, Mapping) or not isinstance(data.get("cards"), Mapping):
        out.add(where, "needs a mapping 'cards' with one card per destination and 'general'")
        return
    _unknown_keys(out, where, data, {"cards"})
    cards = data["cards"]
    for name in CARD_NAMES:
        if name not in cards:
            out.add(f"{where}: cards", f"missing card {name!r}")
    for name, card in cards.items():
        cwhere = f"{where}: cards.{name}"
        if name not in CARD_NAMES:
            out.add(cwhere, f"unknown card; expected one of {', '.join(CARD_NAMES)}")
        if not isinstance(card, Mapping):
            out.add(cwhere, "a card must be a mapping")
            continue
        _unknown_keys(out, cwhere, card, CARD_KEYS)
        _check_texts(out, f"{cwhere}.title", card.get("title"), plain=True)
        # A card is read in a hurry: it must fit one message, no paging.
        _check_texts(out, f"{cwhere}.body", card.get("body"), page_limit=page_limit, one_page=True)
        _check_sources(out, f"{cwhere}.sources", card.get("sources"))
        _check_dates(out, cwhere, card)
        _check_numbers(out, cwhere, card)


def _check_texts(
    out: _Collector,
    where: str,
    texts: Any,
    *,
    plain: bool = False,
    page_limit: int = DEFAULT_LIMIT,
    one_page: bool = False,
    title_max: int = TITLE_MAX,
) -> None:
    if not isinstance(texts, Mapping):
        out.add(where, f"needs a text for each language: {', '.join(LOCALES)}")
        return
    for loc in LOCALES:
        text = texts.get(loc)
        lwhere = f"{where}.{loc}"
        if not isinstance(text, str) or not text.strip():
            out.add(lwhere, "missing or empty")
            continue
        if plain:
            if any(c in text for c in "<>&"):
                out.add(lwhere, "titles are plain text: no <, > or &")
            if len(text) > title_max:
                out.add(lwhere, f"longer than {title_max} characters")
            continue
        html_problems = check_html(text)
        for problem in html_problems:
            out.add(lwhere, problem)
        if html_problems:
            continue
        pages = paginate(text, page_limit)
        if one_page and len(pages) > 1:
            out.add(lwhere, f"longer than one page ({page_limit} characters)")
        for n, page in enumerate(pages, 1):
            if utf16_len(page) > min(page_limit, TELEGRAM_LIMIT) or check_html(page):
                out.add(lwhere, f"page {n} does not fit or breaks HTML")
    for loc in texts:
        if loc not in LOCALES:
            out.add(f"{where}.{loc}", f"unknown language; use {', '.join(LOCALES)}")


def _check_keywords(out: _Collector, where: str, data: Any) -> None:
    if not isinstance(data, Mapping):
        out.add(where, f"needs a keyword list for each language: {', '.join(LOCALES)}")
        return
    for loc in LOCALES:
        words = data.get(loc)
        if not isinstance(words, list) or not words:
            out.add(f"{where}.{loc}", "needs a non-empty list")
        elif not all(isinstance(w, str) and w.strip() for w in words):
            out.add(f"{where}.{loc}", "keywords must be non-empty strings")


def _check_sources(out: _Collector, where: str, data: Any) -> None:
    # Safety rule: no fact without a source, so an empty list is an error.
    if not isinstance(data, list) or not data:
        out.add(where, "needs at least one source")
        return
    for i, src in enumerate(data):
        swhere = f"{where}[{i}]"
        if not isinstance(src, Mapping) or not isinstance(src.get("title"), str):
            out.add(swhere, "a source needs a title")
            continue
        _unknown_keys(out, swhere, src, SOURCE_KEYS)
        if not isinstance(src.get("official", False), bool):
            out.add(f"{swhere}.official", "true or false")
        if src.get("note") is not None:
            _check_texts(out, f"{swhere}.note", src.get("note"), plain=True, title_max=NOTE_MAX)
        url = src.get("url")
        if url is not None and (not isinstance(url, str) or not is_web_url(url)):
            out.add(f"{swhere}.url", f"{url!r} is not a full http(s) address")


def _check_dates(out: _Collector, where: str, data: Mapping[str, Any]) -> None:
    as_of = parse_month(data.get("as_of"))
    review_by = parse_date(data.get("review_by"))
    if "verified" in data:
        out.add(f"{where}.verified", "replaced by as_of (month of the sources) and checked")
    if as_of is None:
        out.add(
            f"{where}.as_of",
            f"{data.get('as_of')!r}: needs the month of the sources it rests on (YYYY-MM)",
        )
    if review_by is None:
        out.add(f"{where}.review_by", f"{data.get('review_by')!r} is not a date (YYYY-MM-DD)")
    if as_of and review_by and review_by < as_of:
        out.add(f"{where}.review_by", f"{review_by} is before as_of {as_of:%Y-%m}")
    checked = data.get("checked")
    if checked is not None:
        if not isinstance(checked, Mapping):
            out.add(f"{where}.checked", "needs by (a staff member's name) and on (a date)")
            return
        _unknown_keys(out, f"{where}.checked", checked, CHECK_KEYS)
        by, on = checked.get("by"), parse_date(checked.get("on"))
        if not isinstance(by, str) or not by.strip():
            out.add(f"{where}.checked.by", "the name of who checked it at the Center")
        if on is None:
            out.add(f"{where}.checked.on", f"{checked.get('on')!r} is not a date (YYYY-MM-DD)")
        elif as_of and on < as_of:
            out.add(f"{where}.checked.on", f"{on} is before as_of {as_of:%Y-%m}")
    for key in ("numbers", "to_check"):
        values = data.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(v, str | int) and str(v).strip() for v in values
        ):
            out.add(f"{where}.{key}", "needs a list of strings")


def numbers_in(text: str) -> set[str]:
    """The numbers a reader sees in *text* (HTML tags and link addresses left out)."""
    return {m.group(0) for m in _NUMBER_RE.finditer(_TAG_RE.sub(" ", text))}


def _check_numbers(out: _Collector, where: str, data: Mapping[str, Any]) -> None:
    """Safety rule: no phone number, fee or deadline that the editors did not mark as sourced.

    An editor who adds a number to a body must also list it in ``numbers`` after checking it
    against the item's sources; a listed number that no body uses any more is reported too,
    so the list stays a true record.
    """
    listed_raw = data.get("numbers", [])
    if not isinstance(listed_raw, list):
        return
    listed = {str(v).strip() for v in listed_raw}
    bodies = data.get("body")
    if not isinstance(bodies, Mapping):
        return
    found: set[str] = set()
    for loc in LOCALES:
        text = bodies.get(loc)
        if not isinstance(text, str):
            continue
        seen = numbers_in(text)
        found |= seen
        for number in sorted(seen - listed):
            out.add(
                f"{where}.body.{loc}",
                f"number {number!r} is not marked as sourced: check it against the sources "
                "and add it to numbers",
            )
    for number in sorted(listed - found):
        out.add(f"{where}.numbers", f"{number!r} does not appear in any body: remove it")


def _check_links(out: _Collector, guides: Mapping[str, Any]) -> None:
    ids: dict[str, set[str]] = {}
    for data in guides.values():
        if isinstance(data, Mapping) and isinstance(data.get("sections"), list):
            ids[str(data.get("dest"))] = {
                str(s.get("id")) for s in data["sections"] if isinstance(s, Mapping)
            }
    for fname, data in sorted(guides.items()):
        if not isinstance(data, Mapping) or not isinstance(data.get("sections"), list):
            continue
        for i, section in enumerate(data["sections"]):
            if not isinstance(section, Mapping):
                continue
            links: Iterable[Any] = section.get("links") or []
            if not isinstance(links, list):
                out.add(f"{fname}: sections[{i}].links", "needs a list of dest/section")
                continue
            for link in links:
                dest, _, sid = str(link).partition("/")
                if sid not in ids.get(dest, set()):
                    out.add(f"{fname}: sections[{i}].links", f"{link!r}: no such section")


def parse_date(value: Any) -> date | None:
    """YAML gives ``date`` for unquoted ISO dates and ``str`` for quoted ones."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_month(value: Any) -> date | None:
    """``2026-05`` (the month of the sources) as the first day of that month."""
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%Y-%m").date()
        except ValueError:
            return None
    return None


def _unknown_keys(out: _Collector, where: str, data: Mapping[str, Any], known: set[str]) -> None:
    # Catches typos such as "reviewby" that would otherwise silently drop a field.
    for key in data:
        if key not in known:
            out.add(where, f"unknown key {key!r}")


def overdue(store: ContentStore, today: date) -> list[tuple[str, str, date]]:
    """``(dest, section_id, review_by)`` past their review date, oldest first.

    Emergency cards are reported as ``("emergency", card_key, review_by)``.
    """
    due = [
        (dest, section.id, section.review_by)
        for dest, section in store.iter_sections()
        if section.review_by < today
    ]
    due += [
        ("emergency", key, card.review_by)
        for key, card in store.cards.items()
        if card.review_by < today
    ]
    return sorted(due, key=lambda item: (item[2], item[0], item[1]))
