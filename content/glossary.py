"""One name per thing, per language (`content/glossary.yaml`, issue 15 "Terminology").

`use` is the preferred term; `avoid` lists forms that must not appear in the texts people see.
An avoided form matches at the start of a word, case-insensitively ("Орусия" also finds
"Орусияда").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from content.model import LOCALES


@dataclass(frozen=True)
class Term:
    id: str
    meaning: str
    use: Mapping[str, str]
    avoid: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Glossary:
    terms: Mapping[str, Term]

    def avoided(self, lang: str) -> list[tuple[str, re.Pattern[str]]]:
        """(term id, pattern) for every form to avoid in *lang*."""
        return [
            (term.id, avoided_form(form))
            for term in self.terms.values()
            for form in term.avoid.get(lang, ())
        ]


def avoided_form(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(form), re.IGNORECASE)


def parse_glossary(raw: Any, problems: list[tuple[str, str]]) -> Glossary:
    """The glossary; each problem is appended as (field path, message)."""
    terms: dict[str, Term] = {}
    items = raw.get("terms") if isinstance(raw, Mapping) else None
    if not isinstance(items, Mapping) or not items:
        problems.append(("terms", "needs a mapping of terms"))
        return Glossary(MappingProxyType(terms))
    for term_id, data in items.items():
        where = f"terms.{term_id}"
        if not isinstance(data, Mapping):
            problems.append((where, "must be a mapping"))
            continue
        use: dict[str, str] = {}
        avoid: dict[str, tuple[str, ...]] = {}
        for lang in LOCALES:
            entry = data.get(lang)
            if not isinstance(entry, Mapping) or not str(entry.get("use") or "").strip():
                problems.append((f"{where}.{lang}.use", "needs the preferred term"))
                continue
            forms = entry.get("avoid", [])
            if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
                problems.append((f"{where}.{lang}.avoid", "needs a list of forms (may be [])"))
                forms = []
            use[lang] = str(entry["use"]).strip()
            avoid[lang] = tuple(forms)
        terms[str(term_id)] = Term(
            str(term_id),
            str(data.get("meaning") or ""),
            MappingProxyType(use),
            MappingProxyType(avoid),
        )
    return Glossary(MappingProxyType(terms))


#: Not text people read as the bot's own words: search synonyms (people type "медкомиссия"),
#: source titles as published, and staff-only notes.
SKIPPED_KEYS = frozenset({"keywords", "sources", "to_check", "numbers", "links", "checked"})


def texts_in(node: Any, path: str = "", lang: str | None = None) -> Iterator[tuple[str, str, str]]:
    """(field path, language, text) of every string under a ``ky``/``ru``/``en`` key."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in SKIPPED_KEYS:
                continue
            where = f"{path}.{key}" if path else str(key)
            yield from texts_in(value, where, key if key in LOCALES else lang)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts_in(value, f"{path}[{index}]", lang)
    elif isinstance(node, str) and lang is not None:
        yield path, lang, node


def avoided_terms(glossary: Glossary, data: Any) -> list[tuple[str, str]]:
    """(field path, message) for every avoided form in the texts of one document."""
    patterns = {lang: glossary.avoided(lang) for lang in LOCALES}
    found = []
    for path, lang, text in texts_in(data):
        for term_id, pattern in patterns.get(lang, ()):
            match = pattern.search(text)
            if match:
                use = glossary.terms[term_id].use.get(lang, "")
                found.append((path, f"{match.group(0)!r}: the glossary says {use!r} ({term_id})"))
    return found
