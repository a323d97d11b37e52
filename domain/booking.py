"""Booking rules as plain functions: opening hours, slots, statuses, reminders, codes.

Everything here is pure (no aiogram, no database) so the rules that decide who gets a place and
when a message goes out can be tested on their own, across time zones and DST changes.
Times stored and compared are UTC-aware; opening hours are wall-clock times at the Center.
"""

from __future__ import annotations

import calendar
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

# How far ahead people can book, and how close to the start a slot stops being offered
# (the Center needs a little time to prepare, and people need time to get there).
HORIZON_DAYS = 60
MIN_LEAD = timedelta(hours=1)
# Reminders before the appointment, in order; the key goes into the outbox dedupe key.
REMINDERS: tuple[tuple[str, timedelta], ...] = (
    ("24h", timedelta(hours=24)),
    ("2h", timedelta(hours=2)),
)
# A freed place is not offered to the waiting list when it starts sooner than this: nobody
# could take it in time and it would only block the place for walk-ins.
MIN_OFFER_LEAD = timedelta(hours=2)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Reference codes: no 0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G — read aloud or copied from a small
# screen, none of them can be mistaken for another.
CODE_ALPHABET = "ACEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
# Latin letters people type with a Cyrillic keyboard layout by mistake.
_CYRILLIC_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY")


class Status(StrEnum):
    REQUESTED = "requested"  # holds a place, waits for a coordinator
    CONFIRMED = "confirmed"  # approved by a coordinator
    WAITING = "waiting"  # on the waiting list of a full slot (holds nothing)
    OFFERED = "offered"  # a freed place held for this person until offer_expires_at
    DECLINED = "declined"  # refused by a coordinator (with a reason)
    CANCELLED = "cancelled"  # cancelled by the person
    EXPIRED = "expired"  # waiting-list entry or offer that lapsed
    ATTENDED = "attended"
    NO_SHOW = "no_show"


# Statuses that occupy one of the slot's places. Attended and no-show keep theirs: the slot is
# over, and the count must not "free" a place of a session that already happened.
HOLDS_PLACE = frozenset(
    {Status.REQUESTED, Status.CONFIRMED, Status.OFFERED, Status.ATTENDED, Status.NO_SHOW}
)
# Upcoming entries a person can still cancel or move.
OPEN = frozenset({Status.REQUESTED, Status.CONFIRMED, Status.WAITING, Status.OFFERED})


class Action(StrEnum):
    """What a coordinator may do with a booking."""

    APPROVE = "approve"
    DECLINE = "decline"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    RESCHEDULE = "reschedule"
    RESULT = "result"


def session_started(starts_at: datetime, now: datetime) -> bool:
    """Attendance (a no-show too) and certification results exist only from the session's
    start: before it nobody can have missed it, and nobody can have been examined."""
    return now >= starts_at


def coordinator_actions(
    status: Status, starts_at: datetime, now: datetime, certification: bool
) -> list[Action]:
    """The buttons a coordinator sees on a booking card, in display order."""
    started = session_started(starts_at, now)
    actions: list[Action] = []
    if status is Status.REQUESTED:
        actions.append(Action.APPROVE)
    if status in (Status.REQUESTED, Status.CONFIRMED) and started:
        actions += [Action.ATTENDED, Action.NO_SHOW]
    if status in (Status.REQUESTED, Status.CONFIRMED):
        actions += [Action.RESCHEDULE, Action.DECLINE]
    if certification and status is Status.ATTENDED:
        actions.append(Action.RESULT)
    if status is Status.NO_SHOW:
        actions.append(Action.ATTENDED)  # marked by mistake; the person did come
    return actions


# ---------------------------------------------------------------- opening hours


@dataclass(frozen=True, order=True)
class Window:
    """Opening hours within one day, [start, end), in the Center's wall-clock time."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


# weekday (0 = Monday) → windows; a missing or empty day is closed.
WeeklyHours = Mapping[int, tuple[Window, ...]]


class HoursProblem(StrEnum):
    UNREADABLE = "unreadable"
    ORDER = "order"  # end is not after start
    OVERLAP = "overlap"
    TOO_SHORT = "too-short"  # shorter than one session of the service


_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")
_DASHES = re.compile(r"\s*[-–—]\s*")


def parse_time(text: str) -> time | None:
    """'9', '9:30', '09.30' → time; hours 0–23 only (24:00 would be the next day)."""
    match = _TIME_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_windows(
    text: str, min_length: timedelta = timedelta(0)
) -> tuple[Window, ...] | HoursProblem:
    """Read opening hours typed by a coordinator: '9:00-12:00, 14:00-17:00' (also '9-12 14-17',
    en/em dashes, ';' as separators). Returns sorted windows or what is wrong with them."""
    cleaned = _DASHES.sub("-", text.strip())
    parts = [p for p in re.split(r"[,;\s]+", cleaned) if p]
    if not parts:
        return HoursProblem.UNREADABLE
    windows: list[Window] = []
    for part in parts:
        start_text, dash, end_text = part.partition("-")
        start, end = parse_time(start_text), parse_time(end_text)
        if not dash or start is None or end is None:
            return HoursProblem.UNREADABLE
        if end <= start:
            return HoursProblem.ORDER
        window = Window(start, end)
        if window_length(window) < min_length:
            return HoursProblem.TOO_SHORT
        windows.append(window)
    windows.sort()
    for before, after in pairwise(windows):
        if after.start < before.end:
            return HoursProblem.OVERLAP
    return tuple(windows)


def window_length(window: Window) -> timedelta:
    base = date(2000, 1, 3)
    return datetime.combine(base, window.end) - datetime.combine(base, window.start)


def windows_to_json(windows: Iterable[Window]) -> list[str]:
    return [f"{w.start:%H:%M}-{w.end:%H:%M}" for w in windows]


def windows_from_json(items: Iterable[str]) -> tuple[Window, ...]:
    """Stored or YAML windows ('09:00-12:00'); invalid stored data is a bug, so it raises."""
    listed = list(items)
    parsed = parse_windows(", ".join(listed)) if listed else ()
    if isinstance(parsed, HoursProblem):
        raise ValueError(f"invalid opening hours {listed!r}: {parsed}")
    return parsed


def weekly_from_json(data: Mapping[str, Iterable[str]]) -> dict[int, tuple[Window, ...]]:
    """{'mon': ['09:00-12:00'], ...} → {0: (Window,...), ...}; unknown day names raise."""
    out: dict[int, tuple[Window, ...]] = {}
    for name, items in data.items():
        if name not in WEEKDAYS:
            raise ValueError(f"unknown weekday {name!r}; use {', '.join(WEEKDAYS)}")
        out[WEEKDAYS.index(name)] = windows_from_json(items)
    return out


def weekly_to_json(weekly: WeeklyHours) -> dict[str, list[str]]:
    return {WEEKDAYS[day]: windows_to_json(weekly[day]) for day in sorted(weekly)}


# ---------------------------------------------------------------- slots


@dataclass(frozen=True)
class ServiceRule:
    """What slot generation needs to know about a service."""

    key: str
    capacity: int
    duration: timedelta
    weekly: WeeklyHours = field(default_factory=dict)


def hours_for_day(
    day: date, weekly: WeeklyHours, exceptions: Mapping[date, tuple[Window, ...]]
) -> tuple[Window, ...]:
    """An exception replaces the whole day (empty = closed); otherwise the weekly hours."""
    if day in exceptions:
        return exceptions[day]
    return weekly.get(day.weekday(), ())


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall-clock time, or None when that time does not exist that day
    (skipped by a DST change). An ambiguous time (clocks going back) takes the first one."""
    local = datetime.combine(day, at, tzinfo=tz)
    utc = local.astimezone(UTC)
    back = utc.astimezone(tz)
    if (back.date(), back.time()) != (day, at):
        return None
    return utc


def slots_for_day(
    rule: ServiceRule,
    day: date,
    tz: ZoneInfo,
    exceptions: Mapping[date, tuple[Window, ...]] | None = None,
) -> list[datetime]:
    """Start times (UTC) of the day's sessions: back to back from each window's start, each
    finishing by the window's end. Wall-clock times that a DST change skips are left out."""
    starts: list[datetime] = []
    for window in hours_for_day(day, rule.weekly, exceptions or {}):
        cursor = datetime.combine(day, window.start)
        end = datetime.combine(day, window.end)
        while cursor + rule.duration <= end:
            utc = local_to_utc(day, cursor.time(), tz)
            if utc is not None and utc not in starts:
                starts.append(utc)
            cursor += rule.duration
    return sorted(starts)


def slots_between(
    rule: ServiceRule,
    first: date,
    last: date,
    tz: ZoneInfo,
    exceptions: Mapping[date, tuple[Window, ...]] | None = None,
) -> dict[date, list[datetime]]:
    """Slots per local day from `first` to `last` inclusive (days without slots omitted)."""
    out: dict[date, list[datetime]] = {}
    day = first
    while day <= last:
        found = slots_for_day(rule, day, tz, exceptions)
        if found:
            out[day] = found
        day += timedelta(days=1)
    return out


def bookable(starts_at: datetime, now: datetime) -> bool:
    """Open for booking: far enough ahead to get there, and within the booking horizon."""
    return now + MIN_LEAD <= starts_at <= now + timedelta(days=HORIZON_DAYS + 1)


def booking_window(now: datetime, tz: ZoneInfo) -> tuple[date, date]:
    """First and last local day people may book."""
    today = now.astimezone(tz).date()
    return today, today + timedelta(days=HORIZON_DAYS)


def free_places(capacity: int, taken: int) -> int:
    return max(capacity - taken, 0)


# ---------------------------------------------------------------- calendar


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """Weeks of the month Monday-first; days outside the month are None."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[d if d.month == month else None for d in week] for week in weeks]


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_key(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}"


def parse_month_key(key: str) -> tuple[int, int] | None:
    if len(key) != 6 or not key.isdigit():
        return None
    year, month = int(key[:4]), int(key[4:])
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


def day_key(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day_key(key: str) -> date | None:
    try:
        return datetime.strptime(key, "%Y%m%d").date()
    except ValueError:
        return None


# ---------------------------------------------------------------- reminders and offers


def reminder_times(starts_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """(kind, due_at) for each reminder still ahead; a booking made 3 hours before the start
    gets only the 2-hour one, one made 1 hour before gets none."""
    return [(kind, starts_at - before) for kind, before in REMINDERS if starts_at - before > now]


def promised_reminders(starts_at: datetime, now: datetime) -> str:
    """What a confirmation may promise: 'both', 'two-hours' or 'none' — only the reminders
    that `reminder_times` still schedules, so a booking at 09:00 for 10:00 promises nothing."""
    kinds = [kind for kind, _ in reminder_times(starts_at, now)]
    if len(kinds) == len(REMINDERS):
        return "both"
    return "two-hours" if kinds == ["2h"] else "none"


def offer_deadline(now: datetime, starts_at: datetime, hold: timedelta) -> datetime | None:
    """Until when a freed place is held for the first person waiting; None when the slot is
    too close to offer it at all. The hold never runs past MIN_LEAD before the start, so the
    next person (or a new booking) still has a chance."""
    if starts_at - now < MIN_OFFER_LEAD:
        return None
    return min(now + hold, starts_at - MIN_LEAD)


# ---------------------------------------------------------------- people's input


NAME_MIN, NAME_MAX = 2, 60
_NAME_PUNCT = frozenset(" -'’.")


def clean_name(text: str) -> str | None:
    """A person's name as typed: letters of any script with spaces, hyphens, apostrophes and
    dots; at least two letters; no digits (a phone number typed here is a mistake)."""
    name = " ".join(text.split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return None
    if any(not (ch.isalpha() or ch in _NAME_PUNCT) for ch in name):
        return None
    if sum(ch.isalpha() for ch in name) < 2:
        return None
    return name


def clean_phone(text: str) -> str | None:
    """A phone number from a shared contact: digits with one leading '+'."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not 7 <= len(digits) <= 15:
        return None
    return "+" + digits


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as a coordinator may type it: any case, Cyrillic look-alikes, spaces, dashes."""
    return "".join(ch for ch in text.upper().translate(_CYRILLIC_LOOKALIKES) if ch.isalnum())


# ---------------------------------------------------------------- certification


def year_bounds(year: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[1 January, next 1 January) of a calendar year at the Center, in UTC."""
    start = datetime(year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    return start, end


def percent(part: int, whole: int) -> int:
    """Rounded percentage; 0 of 0 is 0 (no results yet), never a division error."""
    return round(100 * part / whole) if whole else 0
