"""Guides, emergency cards and their engine (pure Python, no aiogram).

Editors change the YAML files in ``content/guides/``; the bot loads them through
:func:`content.loader.load_content`, which refuses broken data so that a typo
can never reach a migrant's phone.
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
