"""Hostile text is cleaned at the edge, before any handler or the database sees it.

PostgreSQL refuses U+0000 in text, and a lone UTF-16 surrogate cannot be encoded to UTF-8: a
question holding either would fail to save. Both are replaced with U+FFFD (one UTF-16 unit,
like what it replaces, so entity offsets stay right) and counted in
`jol_hostile_characters_total`. Nothing of the text is logged.

Looking costs a dump of the whole update, so webhook mode first looks at the request's JSON:
there both characters can only be written as `\\u` escapes (JSON forbids a raw NUL, and UTF-8
cannot hold a lone surrogate), and a body without such an escape passes as clean
(`jol_text_clean`, set by bot/web/server.py).
"""

from __future__ import annotations

import re
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.metrics import hostile_characters
from bot.middleware_types import NextHandler, UpdateData

HOSTILE = re.compile("[\x00\ud800-\udfff]")
# The same characters as JSON escapes (may match more, e.g. an escaped backslash before
# "u0000": then the update is simply looked at).
HOSTILE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89abAB][0-9a-fA-F]{2})")
REPLACEMENT = "\ufffd"
CLEAN_FLAG = "jol_text_clean"  # in the update's data: the body was seen to hold neither


def json_may_hold_hostile(body: str) -> bool:
    """False only when the JSON text `body` certainly decodes without NUL or lone surrogates."""
    return "\x00" in body or HOSTILE_ESCAPE.search(body) is not None


def clean(value: Any) -> tuple[Any, int]:
    """`value` (JSON-like) with hostile characters replaced, and how many there were."""
    if isinstance(value, str):
        return HOSTILE.subn(REPLACEMENT, value)
    if isinstance(value, dict):
        total = 0
        out: dict[Any, Any] = {}
        for key, item in value.items():
            out[key], found = clean(item)
            total += found
        return out, total
    if isinstance(value, list | tuple):
        total = 0
        items = []
        for item in value:
            cleaned, found = clean(item)
            items.append(cleaned)
            total += found
        return items, total
    return value, 0


def clean_update(update: Update) -> Update:
    """The same update, rebuilt only when it held something to replace."""
    raw = update.model_dump(mode="python", exclude_unset=True, by_alias=True)
    cleaned, found = clean(raw)
    if not found:
        return update
    hostile_characters.inc(found)
    return Update.model_validate(cleaned, context={"bot": update.bot})


class CleanText(BaseMiddleware):
    """Outer middleware on updates, outside the transaction and the log."""

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        if isinstance(event, Update) and not data.get(CLEAN_FLAG):
            event = clean_update(event)
        return await handler(event, data)
