"""Webhook mode skips the dump of an update whose JSON cannot hold NUL or a lone surrogate
(bot/middlewares/clean_text.py): the look at the JSON text must never miss one, and must let
emoji (pairs of surrogate escapes) through, since a button's message nearly always has one."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.middlewares.clean_text import HOSTILE, json_may_hold_hostile

# Pieces that make the hard cases likely: lone halves, emoji, backslashes and text that looks
# like an escape once a backslash is escaped ("\\ud83d" is text, not a surrogate).
PIECES = ["\x00", "\ud83d", "\ude00", "\udbff", "\udc00", "😀", "🇰🇬", "\\", "ud83d", "ude00"]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(codec=None), max_size=3)),
    max_size=12,
).map("".join)


@given(texts, st.booleans())
def test_a_body_is_passed_as_clean_exactly_when_it_holds_neither(
    text: str, ascii_only: bool
) -> None:
    body = json.dumps({"update_id": 1, "message": {"text": text}}, ensure_ascii=ascii_only)
    # What the bot gets is the decoded body (two halves in a row become one character).
    if HOSTILE.search(json.loads(body)["message"]["text"]):
        assert json_may_hold_hostile(body)
    elif "\\u0000" not in body:  # text that spells an escape is looked at: allowed
        assert not json_may_hold_hostile(body)


@pytest.mark.parametrize(
    ("text", "hostile"),
    [
        ("Паспорт забрали", False),
        ("жумуш 😀 🇰🇬", False),  # surrogate pairs once escaped
        ("a\\u0041b", False),
        ("\ud83d", True),  # a high half alone
        ("\ude00", True),  # a low half alone
        ("\ude00\ud83d", True),  # the halves the wrong way round
        ("\ud83d😀", True),  # a high half, then a whole pair
        ("\\ud83d\ude00", True),  # the "high half" is text: the low one is alone
        ("\ud83d\\ude00", True),  # the "low half" is text: the high one is alone
        ("\\\\ud83d", False),  # escaped backslashes, then text
        ("nul\x00", True),
    ],
)
def test_the_hard_cases(text: str, hostile: bool) -> None:
    for ascii_only in (False, True):
        body = json.dumps({"message": {"text": text}}, ensure_ascii=ascii_only)
        if not ascii_only and any("\ud800" <= c <= "\udfff" for c in text):
            continue  # a lone surrogate cannot be sent as UTF-8: Telegram escapes it
        assert json_may_hold_hostile(body) is hostile, (text, ascii_only, body)
