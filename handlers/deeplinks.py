"""Deep links (`t.me/<bot>?start=<payload>`), e.g. from QR posters at the Center.

Payloads are `<prefix>` or `<prefix>_<argument>` in `[A-Za-z0-9_-]`, at most 64 characters.
A feature declares an opener for its prefix in its `FEATURE.deep_links`
(`bot.features.DeepLink`); the runtime hands the openers of its features to the dispatcher as
`deep_links`, and /start calls one once the user has a language (and, when the feature needs
it, after onboarding).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.features import DeepLink

PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def resolve(payload: str | None, links: Mapping[str, DeepLink]) -> tuple[DeepLink, str] | None:
    if not payload or not PAYLOAD_RE.match(payload):
        return None
    prefix, _, argument = payload.partition("_")
    link = links.get(prefix)
    return (link, argument) if link else None
