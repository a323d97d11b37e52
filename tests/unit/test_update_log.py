"""The update's log line: its time text made once a second, its pseudonyms kept per person,
both equal to what they replace (bot/logs.py, bot/middlewares/logging.py)."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import TIME_FORMAT, JsonFormatter
from bot.middlewares import logging as update_log
from bot.middlewares.logging import UpdateLogMiddleware, pseudonym


def _record(created: float) -> logging.LogRecord:
    record = logging.LogRecord("jol.updates", logging.INFO, "x", 0, "update", None, None)
    record.created = created
    return record


def test_each_line_has_the_time_of_its_own_second() -> None:
    formatter = JsonFormatter()
    # Within a second, across a second, a minute and a day, and back in time (a clock set back).
    times = [1_780_000_000.1, 1_780_000_000.9, 1_780_000_001.0, 1_780_000_059.99]
    times += [1_780_000_060.0, 1_780_012_345.5, 1_780_099_200.0, 1_780_000_000.5]
    for created in times:
        record = _record(created)
        line = json.loads(formatter.format(record))
        assert line["ts"] == formatter.formatTime(record, TIME_FORMAT), created


def test_a_persons_pseudonym_is_kept_and_the_kept_ones_stay_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(update_log, "PSEUDONYMS_KEPT", 3)
    made: list[int] = []

    def counted(user_id: int, key: bytes) -> str:
        made.append(user_id)
        return pseudonym(user_id, key)

    monkeypatch.setattr(update_log, "pseudonym", counted)
    middleware = UpdateLogMiddleware(key=b"42:TOKEN")
    # A person's updates in a row make their pseudonym once.
    for _ in range(3):
        assert middleware.pseudonym(7_000_000_001) == pseudonym(7_000_000_001, b"42:TOKEN")
    assert made == [7_000_000_001]
    people = [7_000_000_001 + i for i in range(5)] * 2
    for person in people:
        assert middleware.pseudonym(person) == pseudonym(person, b"42:TOKEN")
        assert len(middleware._pseudonyms) <= 3
    assert middleware.pseudonym(people[0]) != middleware.pseudonym(people[1])


def test_records_skip_looking_up_where_they_were_made() -> None:
    """No line shows the file or line a record was made at, so the stack is not walked for
    them (bot/logs.py, the logging HOWTO's "Optimization")."""
    from bot.logs import setup_logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        setup_logging("INFO")
        record = logging.getLogger("jol.updates").makeRecord(
            "jol.updates", logging.INFO, "(unknown file)", 0, "update", None, None
        )
        assert logging._srcfile is None
        assert json.loads(JsonFormatter().format(record))["event"] == "update"
    finally:
        root.handlers[:], root.level = handlers, level
