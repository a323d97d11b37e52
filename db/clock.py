"""The one clock every time-dependent path reads ("now"), so tests can set the hour.

`db.types.utcnow()` reads it; code asks `utcnow()` (UTC) or `local_now(tz)` (a zone's wall
time), never `datetime.now()`. In production it is the system clock. Tests move it with the
`clock` fixture (tests/conftest.py): `clock.travel(instant)` (time goes on from there),
`clock.freeze(instant)` (time stands still) and `clock.advance(delta)`.

Test-only: `JOL_FAKE_NOW=2026-03-01T02:30:00+00:00` makes a process (the test run itself and any
`python -m bot` it starts) begin at that instant and tick on from it. Never set it in production.

Timers (asyncio sleeps, APScheduler's wake-ups) measure durations, not instants, and stay on the
real clock; what they do when they wake reads this one.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, tzinfo

FAKE_NOW_VARIABLE = "JOL_FAKE_NOW"


def _system_now() -> datetime:
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with an offset (`...Z` or `...+06:00`); naive values are refused."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("needs a UTC offset, e.g. 2026-03-01T08:30:00+06:00")
    return value.astimezone(UTC)


class Clock:
    """System time shifted by an offset, or frozen at one instant."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        if self._frozen is not None:
            return self._frozen
        return _system_now() + self._offset

    @property
    def shifted(self) -> bool:
        """True when the clock does not read the system time (a test moved it)."""
        return self._frozen is not None or self._offset != timedelta(0)

    def travel(self, instant: datetime) -> None:
        """From now on the clock reads `instant`, then runs at normal speed."""
        self._frozen = None
        self._offset = _aware(instant) - _system_now()

    def freeze(self, instant: datetime | None = None) -> None:
        """The clock stands at `instant` (default: what it reads now) until moved."""
        self._frozen = _aware(instant) if instant is not None else self.now()

    def advance(self, delta: timedelta) -> None:
        if self._frozen is not None:
            self._frozen += delta
        else:
            self._offset += delta

    def reset(self) -> None:
        """Back to the system clock, or to JOL_FAKE_NOW's start when that is set."""
        self._frozen = None
        self._offset = timedelta(0)
        fake = os.environ.get(FAKE_NOW_VARIABLE, "").strip()
        if fake:
            self.travel(parse_instant(fake))


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime given to the clock")
    return instant.astimezone(UTC)


clock = Clock()
clock.reset()


def utcnow() -> datetime:
    return clock.now()


def local_now(zone: tzinfo) -> datetime:
    """The wall time in `zone` (the Center's `settings.tz` or a person's zone)."""
    return clock.now().astimezone(zone)


def local_today(zone: tzinfo) -> date:
    return local_now(zone).date()
