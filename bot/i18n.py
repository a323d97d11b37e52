"""Fluent translations with the escaping Telegram's HTML needs.

Why not FluentLocalization as is: it wraps arguments in bidi isolation marks (breaking copied
codes and phone numbers), formats 1234 as "1,234", and never escapes — so `<Ann>` in a name
would make Telegram reject the whole message. `Translator.t()` fixes all three.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class Catalog:
    """Parsed .ftl files for every supported locale."""

    bundles: Mapping[str, FluentBundle]
    message_ids: Mapping[str, frozenset[str]]
    # Messages without arguments, formatted once per (locale, key): buttons and titles are
    # most of the lookups of an update, and their text never changes for a loaded catalog.
    plain: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, root: Path = LOCALES_DIR) -> Catalog:
        """Parsed once per folder and process: parsing the ~4,000 messages is the dearest step
        of start-up after the imports, and the runtime and `bot.ui` (content marks) both need
        them. A catalog is never changed once loaded."""
        return _load_catalog(Path(root).resolve())

    @classmethod
    def parse(cls, root: Path = LOCALES_DIR) -> Catalog:
        """A fresh parse of the .ftl files under `root` (`load` keeps the first one)."""
        bundles: dict[str, FluentBundle] = {}
        ids: dict[str, frozenset[str]] = {}
        for locale in SUPPORTED_LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            seen: set[str] = set()
            for path in sorted((root / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                for entry in resource.body:
                    ident = getattr(getattr(entry, "id", None), "name", None)
                    if ident is not None and type(entry).__name__ == "Message":
                        seen.add(ident)
                # Syntax errors show up as Junk entries; overriding a key twice is an error too.
                for entry in resource.body:
                    if type(entry).__name__ == "Junk":
                        log.error("fluent syntax error", extra={"file": path.name})
                bundle.add_resource(resource)
            bundles[locale] = bundle
            ids[locale] = frozenset(seen)
        return cls(bundles=bundles, message_ids=ids)

    def translator(self, locale: str | None) -> Translator:
        chosen = locale if locale is not None and locale in self.bundles else "ky"
        return Translator(self, chosen)


@functools.cache
def _load_catalog(root: Path) -> Catalog:
    return Catalog.parse(root)


class Translator:
    """`t("key", name=...)` in one locale, falling back key by key (ky → ru → en)."""

    def __init__(self, catalog: Catalog, locale: str) -> None:
        self.catalog = catalog
        self.locale = locale

    def t(self, key: str, **args: Any) -> str:
        if args:
            text = self._format(key, args)
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
