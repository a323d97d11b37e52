"""Deep links (`t.me/<bot>?start=<payload>`), e.g. from QR posters at the Center.

Payloads are `<prefix>` or `<prefix>_<argument>` in `[A-Za-z0-9_-]`, at most 64 characters.
A feature registers an opener for its prefix; /start calls it once the user has a language
(and, when the feature needs it, after onboarding).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram.types import Message

# The opener gets the /start message, the argument after the prefix ("" if none) and the
# handler data (t, user, session, state, bot, settings, ...). It returns False when the
# argument is unknown, and /start then shows the main menu with a short notice.
Opener = Callable[[Message, str, dict[str, Any]], Awaitable[bool]]

PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class DeepLink:
    opener: Opener
    needs_profile: bool = False  # True: open only after onboarding finished


_OPENERS: dict[str, DeepLink] = {}


def register(prefix: str, opener: Opener, needs_profile: bool = False) -> None:
    _OPENERS[prefix] = DeepLink(opener, needs_profile)


def resolve(payload: str | None) -> tuple[DeepLink, str] | None:
    if not payload or not PAYLOAD_RE.match(payload):
        return None
    prefix, _, argument = payload.partition("_")
    link = _OPENERS.get(prefix)
    return (link, argument) if link else None
