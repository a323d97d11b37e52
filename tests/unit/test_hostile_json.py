"""Webhook mode skips the dump of an update whose JSON cannot hold NUL or a lone surrogate
(bot/middlewares/clean_text.py): the look at the JSON text must never miss one."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.middlewares.clean_text import HOSTILE, json_may_hold_hostile

# Any text, with the two kinds of character made likely.
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff", "\\", "u", "0"]),
    )
)


@given(texts, st.booleans())
def test_a_body_holding_either_character_is_never_passed_as_clean(
    text: str, ascii_only: bool
) -> None:
    body = json.dumps({"update_id": 1, "message": {"text": text}}, ensure_ascii=ascii_only)
    if HOSTILE.search(text):
        assert json_may_hold_hostile(body)


def test_ordinary_bodies_pass_as_clean() -> None:
    for text in ["Паспорт забрали", "patent", "жумуш 😀", "a\\u0041b", "\\\\u0000"]:
        for ascii_only in (False, True):
            body = json.dumps({"message": {"text": text}}, ensure_ascii=ascii_only)
            clean = json_may_hold_hostile(body) is False
            # Emoji are surrogate pairs once escaped: looked at, not trusted.
            expected = not (ascii_only and "😀" in text) and text != "\\\\u0000"
            assert clean == expected, (text, ascii_only)
