"""Immutable content model shared by the loader, the engine and the bot.

Everything here is frozen: the bot swaps a whole :class:`ContentStore` on
``/reload_content`` instead of mutating one, so a handler that is half-way
through rendering a page never sees a mix of old and new data.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

#: Languages every section and card must be written in (validated at load time).
LOCALES: tuple[str, ...] = ("ky", "ru", "en")

#: Destination codes in menu order. ``other`` = undecided / elsewhere: it gets
#: the general safe-migration guide and the general emergency card.
DESTINATIONS: tuple[str, ...] = ("russia", "turkey", "korea", "europe", "other")

#: Key of the emergency card used for ``other`` and as a fallback.
GENERAL_CARD = "general"

#: Telegram allows at most 64 characters of ``[A-Za-z0-9_-]`` in a /start payload.
DEEP_LINK_MAX = 64
DEEP_LINK_PREFIX = "g_"

_ID_RE = re.compile(r"^[a-z0-9_]+$")


def is_safe_id(value: str) -> bool:
    """True if *value* is usable in deep links and callback data as is."""
    return bool(_ID_RE.fullmatch(value))


def deep_link_payload(dest: str, section_id: str | None = None) -> str:
    """``g_<dest>`` or ``g_<dest>_<section>``; destination codes hold no ``_``."""
    if section_id is None:
        return f"{DEEP_LINK_PREFIX}{dest}"
    return f"{DEEP_LINK_PREFIX}{dest}_{section_id}"


def parse_deep_link(payload: str) -> tuple[str, str | None] | None:
    """Inverse of :func:`deep_link_payload`; ``None`` if the payload is not ours.

    Only syntax is checked here: whether the destination and section exist is
    the store's business, because old QR codes may outlive a section.
    """
    if not payload.startswith(DEEP_LINK_PREFIX) or len(payload) > DEEP_LINK_MAX:
        return None
    rest = payload[len(DEEP_LINK_PREFIX) :]
    dest, sep, section_id = rest.partition("_")
    if not dest or not is_safe_id(rest) or (sep and not section_id):
        return None
    return dest, (section_id or None)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: an outlet + id (``24.kg 309863``) or an official page."""

    title: str
    url: str | None = None
    #: Official pages (a ministry, a law, an embassy) are listed before secondary ones.
    official: bool = False
    #: Explanatory words in each language ("entry with the ID card"); the title stays as
    #: published, the note is translated.
    note: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """A named staff member of the Center compared the text with the official page on a day."""

    by: str
    on: date


@dataclass(frozen=True, slots=True)
class Link:
    """A button to another section ("Coming home" in the general guide)."""

    dest: str
    section_id: str


@dataclass(frozen=True, slots=True)
class Section:
    """One topic of a guide (e.g. ``entry_ban``) in all languages."""

    id: str
    title: Mapping[str, str]
    body: Mapping[str, str]
    keywords: Mapping[str, tuple[str, ...]]
    sources: tuple[Source, ...]
    #: The month of the sources the text rests on (first day of that month). Not a check.
    as_of: date
    review_by: date
    #: Numbers (phones, fees, deadlines) that the editors marked as taken from the sources.
    numbers: tuple[str, ...] = ()
    #: Items the fact base marks ⚠ (change often): each needs a check on the official page.
    to_check: tuple[str, ...] = ()
    #: Buttons to related sections of other guides.
    links: tuple[Link, ...] = ()
    #: Topics the text answers only with "ask the Center": the fact base has no facts yet.
    #: Listed for editors by /content_gaps.
    gaps: tuple[str, ...] = ()
    #: A check recorded in the YAML; checks recorded with /content_checked overlay it.
    checked: Check | None = None


@dataclass(frozen=True, slots=True)
class Guide:
    """All sections for one destination code."""

    dest: str
    title: Mapping[str, str]
    intro: Mapping[str, str]
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    @property
    def as_of(self) -> date:
        """The oldest as-of month: a guide is only as fresh as its stalest part."""
        return min(s.as_of for s in self.sections)

    def neighbours(self, section_id: str) -> tuple[Section | None, Section | None]:
        """The sections before and after *section_id* (for "◀ Previous" / "Next section ▶")."""
        ids = [s.id for s in self.sections]
        if section_id not in ids:
            return None, None
        i = ids.index(section_id)
        before = self.sections[i - 1] if i > 0 else None
        after = self.sections[i + 1] if i + 1 < len(self.sections) else None
        return before, after


@dataclass(frozen=True, slots=True)
class EmergencyCard:
    """What to do when things go wrong; ``key`` is a destination or ``general``."""

    key: str
    title: Mapping[str, str]
    body: Mapping[str, str]
    sources: tuple[Source, ...]
    as_of: date
    review_by: date
    numbers: tuple[str, ...] = ()
    to_check: tuple[str, ...] = ()
    checked: Check | None = None


# eq=False keeps identity hashing, so the search index can be cached per store.
@dataclass(frozen=True, eq=False)
class ContentStore:
    """A validated, immutable snapshot of all content."""

    guides: Mapping[str, Guide]
    cards: Mapping[str, EmergencyCard]
    #: Short hash of the data files: put it into buttons to detect stale ones.
    version: str

    def destinations(self) -> tuple[str, ...]:
        """Destination codes in menu order (only those with a guide)."""
        return tuple(d for d in DESTINATIONS if d in self.guides)

    def guide(self, dest: str) -> Guide | None:
        return self.guides.get(dest)

    def section(self, dest: str, section_id: str) -> Section | None:
        guide = self.guides.get(dest)
        return guide.section(section_id) if guide else None

    def emergency(self, dest: str | None) -> EmergencyCard:
        """The card for *dest*, or the general one (``other``, unknown, no choice yet)."""
        if dest and dest in self.cards:
            return self.cards[dest]
        return self.cards[GENERAL_CARD]

    def iter_sections(self) -> Iterator[tuple[str, Section]]:
        for dest in self.destinations():
            for section in self.guides[dest].sections:
                yield dest, section

    def text_hashes(self) -> dict[str, str]:
        """The current text hash of every checkable item, by check key."""
        return {key: text_hash(item) for key, item in self.iter_checkable()}

    def iter_checkable(self) -> Iterator[tuple[str, Section | EmergencyCard]]:
        """Every section and emergency card under its check key (see :func:`check_key`)."""
        for dest, section in self.iter_sections():
            yield check_key(dest, section.id), section
        for key, card in self.cards.items():
            yield check_key(SOS_KEY, key), card


#: Emergency cards are checked under ``sos/<card>`` (``sos/russia``, ``sos/general``).
SOS_KEY = "sos"


def text_hash(item: Section | EmergencyCard) -> str:
    """A short hash of what a reader sees of *item* (title and body, every language): a check
    recorded against one text does not vouch for a later, different one."""
    digest = hashlib.sha256()
    for part in (item.title, item.body):
        for locale in sorted(part):
            digest.update(locale.encode() + b"\0" + part[locale].encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def check_key(dest: str, item_id: str) -> str:
    """``russia/entry_ban`` or ``sos/russia``: how staff name a section in /content_checked."""
    return f"{dest}/{item_id}"
