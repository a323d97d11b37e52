"""Fluent translations with the escaping Telegram's HTML needs.

Why not FluentLocalization as is: it wraps arguments in bidi isolation marks (breaking copied
codes and phone numbers), formats 1234 as "1,234", and never escapes — so `<Ann>` in a name
would make Telegram reject the whole message. `Translator.t()` fixes all three.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

from bot.config import SUPPORTED_LOCALES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
# Kyrgyz readers nearly all read Russian too, so Russian is a better fallback than English.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "ky": ("ky", "ru", "en"),
    "ru": ("ru", "en"),
    "en": ("en",),
}
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
# fluent.runtime renders a placeable longer than 2,500 characters as "{???}". People's text is
# composed around templates (`bot.ui.framed`); as a safety net, any long value that still reaches
# a template is put in after formatting instead of through Fluent.
LONG_VALUE = 500
_SLOT = "\ue000{}\ue001"  # private-use characters: never in our templates or in what we escape


class Safe(str):
    """Text that is already valid Telegram HTML (rendered by us), passed through unescaped."""

    __slots__ = ()


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def _prepare(value: Any) -> Any:
    if isinstance(value, Safe):
        return str(value)
    if isinstance(value, bool):
        return escape(value)
    if isinstance(value, int):
        # Numbers keep plural rules but never get locale grouping ("1,234").
        return fluent_number(value, useGrouping=False)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return escape(value)


# A message, or a term ("-name"), starts a line with its identifier and "="; the lines of its
# value and attributes are indented, and only blank lines and comments ("#" at the start of a
# line) come between entries. So a file splits into its entries without being parsed.
_ENTRY_START = re.compile(r"^(-?)([a-zA-Z][a-zA-Z0-9_-]*) *=", re.MULTILINE)


def entry_sources(text: str) -> Iterator[tuple[bool, str, str]]:
    """(is a term, id, the entry's own source) for each entry of an .ftl file, in order."""
    starts = list(_ENTRY_START.finditer(text))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        yield match.group(1) == "-", match.group(2), text[match.start() : end]


class ParsedOnUse(dict[str, Any]):
    """A bundle's messages (or terms) by id, each parsed from its own source the first time
    it is looked up: `FluentBundle` finds its entries with `in` and `[]` on this mapping.

    Why: parsing all ~2,500 messages of the three locales was the dearest step of start-up
    after the imports (0.3-0.6 s of CPU), and a process only ever shows a part of them. A
    syntax error is caught by the suite (tests/unit/test_i18n.py); here such an entry is
    logged on first use and treated as missing, as a full parse would have left it out."""

    def __init__(self, sources: dict[str, str]) -> None:
        super().__init__()
        self.sources = sources

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if key not in self.sources:
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __missing__(self, key: str) -> Any:
        source = self.sources[key]  # KeyError for an id no file has, as from a plain dict
        entry = FluentResource(source).body[0]
        if type(entry).__name__ not in ("Message", "Term"):
            log.error("fluent syntax error", extra={"key": key})
            del self.sources[key]
            raise KeyError(key)
        self[key] = entry
        return entry


def _bundle(locale: str, paths: list[Path]) -> tuple[FluentBundle, frozenset[str]]:
    """A locale's bundle over its files, nothing parsed yet, and its message ids. Where two
    files give one id, the first keeps it, as `FluentBundle.add_resource` does."""
    messages: dict[str, str] = {}
    terms: dict[str, str] = {}
    for path in paths:
        for is_term, ident, source in entry_sources(path.read_text(encoding="utf-8")):
            (terms if is_term else messages).setdefault(ident, source)
    bundle = FluentBundle([locale], use_isolating=False)
    bundle._messages = ParsedOnUse(messages)
    bundle._terms = ParsedOnUse(terms)
    return bundle, frozenset(messages)


@dataclass(frozen=True)
class Catalog:
    """The .ftl files of every supported locale, each message parsed on first use."""

    bundles: Mapping[str, FluentBundle]
    message_ids: Mapping[str, frozenset[str]]
    # Messages without arguments, formatted once per (locale, key): buttons and titles are
    # most of the lookups of an update, and their text never changes for a loaded catalog.
    plain: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)
    # What `per_language` functions made, by (function, locale, arguments).
    made: dict[tuple[Hashable, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    # Messages formatted with arguments that are all numbers or dates (`Translator.t`).
    formatted: dict[tuple[object, ...], str] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def load(cls, root: Path = LOCALES_DIR) -> Catalog:
        """Loaded once per folder and process: the runtime and `bot.ui` (content marks) both
        need it, and a message once parsed and compiled serves both. A catalog is never changed
        once loaded."""
        return _load_catalog(Path(root).resolve())

    @classmethod
    def parse(cls, root: Path = LOCALES_DIR) -> Catalog:
        """A fresh catalog of the .ftl files under `root` (`load` keeps the first one)."""
        bundles: dict[str, FluentBundle] = {}
        ids: dict[str, frozenset[str]] = {}
        for locale in SUPPORTED_LOCALES:
            paths = sorted((root / locale).glob("*.ftl"))
            bundles[locale], ids[locale] = _bundle(locale, paths)
        return cls(bundles=bundles, message_ids=ids)

    def translator(self, locale: str | None) -> Translator:
        chosen = locale if locale is not None and locale in self.bundles else "ky"
        return Translator(self, chosen)


@functools.cache
def _load_catalog(root: Path) -> Catalog:
    return Catalog.parse(root)


# Messages with arguments kept formatted: the same few recur on most screens (a weekday by its
# number, a month by its number, "page 1 of 3", a count), and Fluent's formatting of one cost
# 20-100 µs (numbers, plural rules), some 0.1 ms of an update in all. Only where every
# argument is a number or a date: never a text, which could be someone's (a name, an id in a
# link). Cleared when full, so the dictionary stays small.
FORMATTED_KEPT = 4096
_MEMO_TYPES = (int, bool, float, date)


def _numbers_and_dates(args: dict[str, Any]) -> tuple[object, ...] | None:
    """The arguments as part of a memo key (their types too: 1 and True are equal in Python
    but format differently), or None when one is anything but a number or a date."""
    key: list[object] = []
    for name, value in args.items():
        kind = type(value)
        if kind not in _MEMO_TYPES:
            return None
        key.extend((name, kind, value))
    return tuple(key)


class Translator:
    """`t("key", name=...)` in one locale, falling back key by key (ky → ru → en)."""

    def __init__(self, catalog: Catalog, locale: str) -> None:
        self.catalog = catalog
        self.locale = locale

    def t(self, key: str, **args: Any) -> str:
        if args:
            memo_key = _numbers_and_dates(args)
            if memo_key is None:
                text = self._format(key, args)
            else:
                formatted = self.catalog.formatted
                found = (self.locale, key, *memo_key)
                text = formatted.get(found)
                if text is None:
                    text = self._format(key, args)
                    if text is not None:
                        if len(formatted) >= FORMATTED_KEPT:
                            formatted.clear()
                        formatted[found] = text
        else:
            plain = self.catalog.plain
            text = plain.get((self.locale, key))
            if text is None:
                text = self._format(key, {})
                if text is not None:
                    plain[(self.locale, key)] = text
        if text is None:
            log.error("missing translation", extra={"key": key, "locale": self.locale})
            return key
        return text

    __call__ = t

    def _format(self, key: str, args: dict[str, Any]) -> str | None:
        prepared, long_values = _slotted({k: _prepare(v) for k, v in args.items()})
        for locale in FALLBACKS[self.locale]:
            bundle = self.catalog.bundles[locale]
            if not bundle.has_message(key):
                continue
            message = bundle.get_message(key)
            if message.value is None:
                continue
            text, errors = bundle.format_pattern(message.value, prepared)
            if errors:
                log.error("fluent format error", extra={"key": key, "locale": locale})
            return _filled(str(text), long_values)
        return None

    def attr(self, key: str, attribute: str, **args: Any) -> str:
        prepared, long_values = _slotted({k: _prepare(v) for k, v in args.items()})
        for locale in FALLBACKS[self.locale]:
            bundle = self.catalog.bundles[locale]
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if attribute in message.attributes:
                    text, _ = bundle.format_pattern(message.attributes[attribute], prepared)
                    return _filled(str(text), long_values)
        return f"{key}.{attribute}"


_P = ParamSpec("_P")
_T = TypeVar("_T")


def per_language(
    build: Callable[Concatenate[Translator, _P], _T],
) -> Callable[Concatenate[Translator, _P], _T]:
    """Make `build(t, *args)` once per catalog, language and arguments, then hand out the
    same object: for a screen's keyboard that depends on nothing else (its arguments, from a
    small fixed set, are part of the key). One keyboard then serves every person reading that
    language; building it cost a model and a packed callback per button on every update that
    showed it. What it hands out is shared: a caller never changes it (aiogram's keyboards
    can be changed), it builds its own from the pieces instead."""

    @functools.wraps(build)
    def made_once(t: Translator, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        key = (build, t.locale, args, tuple(sorted(kwargs.items())))
        made = t.catalog.made
        if key not in made:
            made[key] = build(t, *args, **kwargs)
        return made[key]

    return made_once


def _slotted(prepared: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Long string values swapped for short slots that Fluent passes through untouched."""
    long_values: dict[str, str] = {}
    for name, value in prepared.items():
        if isinstance(value, str) and len(value) > LONG_VALUE:
            slot = _SLOT.format(len(long_values))
            long_values[slot] = value
            prepared[name] = slot
    return prepared, long_values


def _filled(text: str, long_values: dict[str, str]) -> str:
    for slot, value in long_values.items():
        text = text.replace(slot, value)
    return text


def pick_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The stored choice, then Telegram's UI language if we speak it, then the default."""
    if stored in SUPPORTED_LOCALES:
        return stored
    if telegram_code:
        short = telegram_code.split("-")[0].lower()
        if short in SUPPORTED_LOCALES:
            return short
    return default
