"""Hostile text is cleaned at the edge, before any handler or the database sees it.

PostgreSQL refuses U+0000 in text, and a lone UTF-16 surrogate cannot be encoded to UTF-8: a
question holding either would fail to save. Both are replaced with U+FFFD (one UTF-16 unit,
like what it replaces, so entity offsets stay right) and counted in
`jol_hostile_characters_total`. Nothing of the text is logged.

Looking costs a dump of the whole update, so webhook mode first looks at the request's JSON:
there both characters can only be written as `\\u` escapes (JSON forbids a raw NUL, and UTF-8
cannot hold a lone surrogate), and a body without such an escape passes as clean
(`jol_text_clean`, set by bot/web/server.py). Telegram writes every character beyond ASCII as
an escape, an emoji as a pair of surrogate escapes: a pair is a character, not a hostile one,
so the look follows the pairs (a button's message nearly always holds an emoji).
"""

from __future__ import annotations

import re
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.metrics import hostile_characters
from bot.middleware_types import NextHandler, UpdateData

HOSTILE = re.compile("[\x00\ud800-\udfff]")
# A surrogate as a JSON escape; its group "high" is set for D800-DBFF (the first of a pair).
SURROGATE_ESCAPE = re.compile(r"\\u[dD](?:(?P<high>[89abAB])|[c-fC-F])[0-9a-fA-F]{2}")
REPLACEMENT = "\ufffd"
CLEAN_FLAG = "jol_text_clean"  # in the update's data: the body was seen to hold neither


def _escaped_backslash(body: str, at: int) -> bool:
    """The backslash at `at` is itself escaped (an odd run of backslashes before it): what
    follows it is text, not an escape."""
    run = 0
    while at - run > 0 and body[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def json_may_hold_hostile(body: str) -> bool:
    """False only when the JSON text `body` certainly decodes without NUL or lone surrogates.
    (`\\u0000` written as text, after an escaped backslash, also counts: then the update is
    simply looked at.)"""
    if "\x00" in body or "\\u0000" in body:  # raw (JSON forbids it) or as an escape
        return True
    # A raw surrogate cannot come out of decoding UTF-8; looked for all the same when the body
    # is not plain ASCII (`isascii` costs nothing for a str; a body whose every character
    # beyond ASCII is escaped, as the emulator and aiohttp write them, is plain ASCII).
    if not body.isascii() and HOSTILE.search(body):
        return True
    if "\\ud" not in body and "\\uD" not in body:
        return False  # no surrogate escape at all: no emoji, nothing to pair
    pair_ends_at = None  # where the low half of the last high surrogate must start
    for escape in SURROGATE_ESCAPE.finditer(body):
        start = escape.start()
        if pair_ends_at is not None and start != pair_ends_at:
            return True  # a high surrogate not followed by a low one
        if _escaped_backslash(body, start):
            if pair_ends_at is not None:
                return True
            continue
        if escape.group("high"):
            if pair_ends_at is not None:
                return True  # a high surrogate followed by another high one
            pair_ends_at = escape.end()
        elif pair_ends_at is None:
            return True  # a low surrogate without its high one
        else:
            pair_ends_at = None
    return pair_ends_at is not None


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
