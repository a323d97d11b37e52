"""Consultants' ready answers (`content/canned_answers.yaml`), in all three languages.

Validated strictly: a missing language would send a consultant's Kyrgyz-speaking reader an
English sentence, so the library refuses the whole document instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.model import LOCALES

ID_MAX = 24  # fits callback data with room to spare
TEXT_MAX = 3000


@dataclass(frozen=True)
class Canned:
    id: str
    title: dict[str, str]
    text: dict[str, str]

    def title_in(self, locale: str) -> str:
        return self.title.get(locale) or self.title["ru"]

    def text_in(self, locale: str) -> str:
        return self.text.get(locale) or self.text["ru"]


class CannedError(ValueError):
    pass


def parse_canned(raw: Any) -> tuple[Canned, ...]:
    """The answers in file order, or CannedError naming the first problem."""
    if not isinstance(raw, list):
        raise CannedError("the file must be a list of answers")
    seen: set[str] = set()
    out: list[Canned] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise CannedError(f"answer {index}: must be a mapping")
        ident = str(item.get("id") or "")
        if not ident or len(ident) > ID_MAX or not ident.replace("_", "").isalnum():
            raise CannedError(f"answer {index}: id must be 1-{ID_MAX} letters, digits or _")
        if ident in seen:
            raise CannedError(f"answer {ident}: id used twice")
        seen.add(ident)
        fields: dict[str, dict[str, str]] = {}
        for field in ("title", "text"):
            value = item.get(field)
            if not isinstance(value, dict):
                raise CannedError(f"answer {ident}: {field} needs ky, ru and en")
            missing = [loc for loc in LOCALES if not str(value.get(loc) or "").strip()]
            if missing:
                raise CannedError(f"answer {ident}: {field} lacks {', '.join(missing)}")
            fields[field] = {loc: str(value[loc]).strip() for loc in LOCALES}
        if any(len(t) > TEXT_MAX for t in fields["text"].values()):
            raise CannedError(f"answer {ident}: text longer than {TEXT_MAX} characters")
        out.append(Canned(ident, fields["title"], fields["text"]))
    return tuple(out)
