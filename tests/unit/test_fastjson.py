"""The Bot API JSON (bot/fastjson.py) reads and writes the same with orjson and without it."""

from __future__ import annotations

import json

import pytest

from bot import fastjson

SAMPLE = {
    "update_id": 5_000_000_001,
    "message": {"chat": {"id": 8_000_000_001}, "text": 'Салам, <b>дос</b> & "ok" 🇰🇬'},
    "reply_markup": {"inline_keyboard": [[{"text": "◀ Артка", "callback_data": "m:home"}]]},
}


@pytest.mark.parametrize("with_orjson", [True, False])
def test_round_trip_matches_the_standard_library(
    with_orjson: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if with_orjson:
        pytest.importorskip("orjson")
    else:
        monkeypatch.setattr(fastjson, "orjson", None)
    text = fastjson.dumps(SAMPLE)
    assert json.loads(text) == SAMPLE
    assert fastjson.loads(text) == SAMPLE
    assert fastjson.loads(text.encode()) == SAMPLE
    assert "Салам" in text  # UTF-8 as is, not \\u escapes: shorter requests
    with pytest.raises(ValueError):  # the webhook answers 400 on this
        fastjson.loads("{not json")
