"""Pure helpers for the console's figures: weeks, date ranges, working time, medians, and
keeping small groups out of charts."""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.cases import WorkingHours

# A category with fewer people than this is shown only inside "fewer than N each", so no bar
# can point at one or two persons.
MIN_GROUP = 3
FEW = "_few"  # the key of that merged category
MAX_RANGE_DAYS = 731
DEFAULT_WEEKS = 12


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of every week touching [first, last], in order."""
    monday = week_start(first)
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class DateRange:
    """Local calendar days [first, last] in the Center's zone."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:  # UTC instant, inclusive
        return datetime.combine(self.first, time(), tzinfo=self.tz).astimezone(ZoneInfo("UTC"))

    @property
    def end(self) -> datetime:  # UTC instant, exclusive
        after = self.last + timedelta(days=1)
        return datetime.combine(after, time(), tzinfo=self.tz).astimezone(ZoneInfo("UTC"))

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def weeks(self) -> list[date]:
        return weeks_between(self.first, self.last)


def parse_range(first: str | None, last: str | None, today: date, tz: ZoneInfo) -> DateRange:
    """The range asked for (ISO dates), or the last 12 weeks up to today. Swapped ends are
    put in order; a range longer than two years is cut to its last two years."""
    try:
        end = date.fromisoformat(last) if last else today
    except ValueError:
        end = today
    default_first = week_start(end) - timedelta(weeks=DEFAULT_WEEKS - 1)
    try:
        begin = date.fromisoformat(first) if first else default_first
    except ValueError:
        begin = default_first
    begin, end = sorted((begin, end))
    if (end - begin).days > MAX_RANGE_DAYS:
        begin = end - timedelta(days=MAX_RANGE_DAYS)
    return DateRange(begin, end, tz)


def suppress_small(counts: Mapping[str, int], minimum: int = MIN_GROUP) -> dict[str, int]:
    """Categories below `minimum` merged into FEW (dropped when that is still below it)."""
    kept = {k: v for k, v in counts.items() if v >= minimum}
    few = sum(v for v in counts.values() if 0 < v < minimum)
    if few >= minimum:
        kept[FEW] = few
    return kept


def working_time_between(start: datetime, end: datetime, hours: WorkingHours) -> timedelta:
    """How much of [start, end) falls in the consultants' working hours."""
    if end <= start:
        return timedelta()
    local_start, local_end = start.astimezone(hours.tz), end.astimezone(hours.tz)
    total = timedelta()
    day = local_start.date()
    while day <= local_end.date():
        if day.isoweekday() in hours.days:
            opens = datetime.combine(day, time(hours.start_hour), tzinfo=hours.tz)
            closes = (
                datetime.combine(day + timedelta(days=1), time(), tzinfo=hours.tz)
                if hours.end_hour == 24
                else datetime.combine(day, time(hours.end_hour), tzinfo=hours.tz)
            )
            overlap = min(closes, local_end) - max(opens, local_start)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total


def median_hours(durations: Iterable[timedelta]) -> float | None:
    values = [d.total_seconds() / 3600 for d in durations]
    return round(statistics.median(values), 1) if values else None


def rate(part: int, whole: int) -> float:
    """A share in percent, one decimal (0 when there is nothing to share)."""
    return round(100 * part / whole, 1) if whole else 0.0


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark, so spreadsheet programs read the Cyrillic
    right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


__all__ = [
    "DEFAULT_WEEKS",
    "FEW",
    "MIN_GROUP",
    "DateRange",
    "csv_bytes",
    "median_hours",
    "parse_range",
    "rate",
    "suppress_small",
    "week_start",
    "weeks_between",
    "working_time_between",
]
