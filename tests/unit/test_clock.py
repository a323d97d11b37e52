"""The one clock (db/clock.py): system time by default, moved only by tests."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.clock import Clock, local_now, parse_instant
from db.types import utcnow

BISHKEK_0830 = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)


def test_travel_ticks_on_freeze_stands_still_advance_moves(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.travel(BISHKEK_0830)
    assert clock.shifted
    assert timedelta(0) <= utcnow() - BISHKEK_0830 < timedelta(minutes=1)
    clock.freeze(BISHKEK_0830)
    assert utcnow() == BISHKEK_0830 and utcnow() == BISHKEK_0830
    clock.advance(timedelta(hours=1))
    assert utcnow() == BISHKEK_0830 + timedelta(hours=1)
    assert local_now(ZoneInfo("Asia/Bishkek")).hour == 9
    monkeypatch.delenv("JOL_FAKE_NOW", raising=False)  # reset: to the system clock
    clock.reset()
    assert not clock.shifted
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_naive_instants_are_refused(clock: Clock) -> None:
    with pytest.raises(ValueError, match="naive"):
        clock.freeze(datetime(2026, 3, 10, 8, 30))
    with pytest.raises(ValueError, match="UTC offset"):
        parse_instant("2026-03-10T08:30:00")
    assert parse_instant("2026-03-10T08:30:00+06:00") == BISHKEK_0830
    assert parse_instant("2026-03-10T02:30:00Z") == BISHKEK_0830


def test_a_process_starts_at_jol_fake_now() -> None:
    code = "from db.types import utcnow; print(utcnow().isoformat())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"JOL_FAKE_NOW": "2026-03-10T08:30:00+06:00", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    started = datetime.fromisoformat(out.stdout.strip())
    assert timedelta(0) <= started - BISHKEK_0830 < timedelta(minutes=1)
