"""Guides, emergency cards and their engine (pure Python, no aiogram).

Everything editors write is one content library (:mod:`content.library`), loaded and
validated as a whole, so that a typo can never reach a migrant's phone; the guides part is
built by :func:`content.loader.load_content`.
"""

from content.loader import ContentError, load_content
from content.model import (
    DESTINATIONS,
    LOCALES,
    Check,
    ContentStore,
    EmergencyCard,
    Guide,
    Section,
    Source,
    check_key,
    deep_link_payload,
    parse_deep_link,
)

__all__ = [
    "DESTINATIONS",
    "LOCALES",
    "Check",
    "ContentError",
    "ContentStore",
    "EmergencyCard",
    "Guide",
    "Section",
    "Source",
    "check_key",
    "deep_link_payload",
    "load_content",
    "parse_deep_link",
]
