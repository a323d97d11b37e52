"""Hostile text is cleaned at the edge, before any handler or the database sees it.

PostgreSQL refuses U+0000 in text, and a lone UTF-16 surrogate cannot be encoded to UTF-8: a
question holding either would fail to save. Both are replaced with U+FFFD (one UTF-16 unit,
like what it replaces, so entity offsets stay right) and counted in
`jol_hostile_characters_total`. Nothing of the text is logged.
"""

from __future__ import annotations

import re
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.metrics import hostile_characters
from bot.middleware_types import NextHandler, UpdateData

HOSTILE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


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
        if isinstance(event, Update):
            event = clean_update(event)
        return await handler(event, data)
