"""When a reminder is due, in the person's own time zone: plain rules, no aiogram, no database.

Campaign events are anchored to a date of the person (departure, arrival, return), as in
RapidPro campaigns, but computed in *each person's* IANA zone (RapidPro only knows the
workspace zone) and moved out of quiet hours. An event whose time has passed is skipped, so a
person who enters their dates late, or a bot that was down for a day, never gets a burst of
stale reminders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.profile import Destination, Situation, default_timezone

ANCHOR_FIELDS = ("departure_date", "arrival_date", "return_date")


@dataclass(frozen=True)
class QuietHours:
    """Local hours in which nothing proactive is sent: [start, end) on a 24-hour clock.

    `start > end` wraps midnight (21 → 9, the default); `start == end` means no quiet hours.
    """

    start: int = 21
    end: int = 9

    def contains(self, local: time) -> bool:
        if self.start == self.end:
            return False
        hour = local.hour
        if self.start > self.end:
            return hour >= self.start or hour < self.end
        return self.start <= hour < self.end


def zone(name: str | None, fallback: str = "Asia/Bishkek") -> ZoneInfo:
    """The zone a person lives in; an unknown or empty name falls back rather than failing a
    whole planning run for one bad row."""
    try:
        return ZoneInfo(name or fallback)
    except (ValueError, KeyError):
        return ZoneInfo(fallback)


def user_zone_name(stored: str | None, situation: str | None, destination: str | None) -> str:
    """The stored choice, else the default for the situation and destination."""
    if stored:
        return stored
    sit = next((s for s in Situation if s.value == situation), None)
    dest = next((d for d in Destination if d.value == destination), None)
    return default_timezone(sit, dest)


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """Wall-clock `day at` in `tz` as UTC.

    A time skipped by a spring-forward change (02:30 on the last Sunday of March in London) does
    not exist; it becomes the same distance after the change (03:30), which is what a person
    setting an alarm expects. A time repeated in autumn takes its first occurrence (fold=0).
    """
    # zoneinfo reads a wall time in a gap with the offset from before the change (PEP 495,
    # fold=0), which lands exactly on the equivalent time after it.
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz).astimezone(UTC)


def out_of_quiet_hours(when: datetime, tz: ZoneInfo, quiet: QuietHours) -> datetime:
    """`when` (UTC) if it falls in local daytime, else the next local `quiet.end` o'clock."""
    local = when.astimezone(tz)
    if not quiet.contains(local.time()):
        return when
    day = local.date()
    if quiet.start > quiet.end and local.hour >= quiet.start:
        day += timedelta(days=1)  # evening: wait for tomorrow morning
    return local_to_utc(day, time(quiet.end), tz)


def quiet_starts_after(when: datetime, tz: ZoneInfo, quiet: QuietHours) -> datetime | None:
    """The next start of quiet hours after `when` (UTC), or None when there are none."""
    if quiet.start == quiet.end:
        return None
    local = when.astimezone(tz)
    candidate = local_to_utc(local.date(), time(quiet.start), tz)
    if candidate <= when:
        candidate = local_to_utc(local.date() + timedelta(days=1), time(quiet.start), tz)
    return candidate


def due_time(
    anchor: date, offset_days: int, at: time, tz: ZoneInfo, quiet: QuietHours
) -> datetime:
    """UTC time of an event `offset_days` from `anchor` at local `at`, outside quiet hours."""
    planned = local_to_utc(anchor + timedelta(days=offset_days), at, tz)
    return out_of_quiet_hours(planned, tz, quiet)


def expiry(due: datetime, tz: ZoneInfo, quiet: QuietHours, grace: timedelta) -> datetime:
    """After this a reminder is not worth sending any more: `grace` after it was due, and never
    into the next quiet hours (a sender that was down all day must not send it at night)."""
    limit = due + grace
    quiet_start = quiet_starts_after(due, tz, quiet)
    if quiet_start is not None and quiet_start < limit:
        return quiet_start
    return limit


# --- campaigns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRule:
    """What planning needs to know about one campaign message (the rest is content)."""

    id: str
    situation: str
    anchor: str  # one of ANCHOR_FIELDS
    offset_days: int
    at: time
    destinations: frozenset[str] | None = None  # None: any destination
    except_destinations: frozenset[str] = frozenset()

    def applies_to(self, situation: str | None, destination: str | None) -> bool:
        if situation != self.situation:
            return False
        if self.destinations is not None and destination not in self.destinations:
            return False
        return destination not in self.except_destinations


@dataclass(frozen=True)
class Profile:
    """The parts of a user that decide their reminders."""

    situation: str | None
    destination: str | None
    departure_date: date | None
    arrival_date: date | None
    return_date: date | None
    timezone: str

    def anchor(self, name: str) -> date | None:
        value = getattr(self, name, None)
        return value if isinstance(value, date) else None


@dataclass(frozen=True)
class PlannedEvent:
    rule_id: str
    anchor: date
    due_at: datetime  # UTC
    expires_at: datetime  # UTC


def plan_events(
    rules: Iterable[EventRule],
    profile: Profile,
    now: datetime,
    quiet: QuietHours,
    grace: timedelta,
    paused_until: datetime | None = None,
) -> list[PlannedEvent]:
    """Every event still to come for this person, in time order.

    - An event already past is skipped, except the latest one missed by less than `grace`:
      it is sent now (or at the end of quiet hours). So someone who enters a departure date at
      10:05 still gets that morning's 10:00 note, but never three overdue notes at once.
    - Events inside a pause are skipped, not delayed (they are about dates that pass).
    """
    tz = zone(profile.timezone)
    upcoming: list[PlannedEvent] = []
    late: PlannedEvent | None = None
    start = max(now, paused_until) if paused_until else now
    for rule in rules:
        if not rule.applies_to(profile.situation, profile.destination):
            continue
        anchor = profile.anchor(rule.anchor)
        if anchor is None:
            continue
        due = due_time(anchor, rule.offset_days, rule.at, tz, quiet)
        if due >= start:
            upcoming.append(PlannedEvent(rule.id, anchor, due, expiry(due, tz, quiet, grace)))
        elif paused_until is None and due >= now - grace and (late is None or due > late.due_at):
            late = PlannedEvent(rule.id, anchor, due, due)
    if late is not None:
        send_at = out_of_quiet_hours(now, tz, quiet)
        expires = expiry(send_at, tz, quiet, grace)
        # Out of quiet hours only moves forward; keep it if it is still within its grace.
        if send_at <= late.due_at + grace:
            upcoming.append(PlannedEvent(late.rule_id, late.anchor, send_at, expires))
    upcoming.sort(key=lambda e: (e.due_at, e.rule_id))
    return upcoming


def fingerprint(profile: Profile, locale: str, eligible: bool, extra: Sequence[str] = ()) -> str:
    """Everything planning depends on, as one string: when it changes, the plan is redone."""
    parts = [
        profile.situation or "-",
        profile.destination or "-",
        *(str(profile.anchor(name) or "-") for name in ANCHOR_FIELDS),
        profile.timezone,
        locale,
        "on" if eligible else "off",
        *extra,
    ]
    return "|".join(parts)


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before retry number `attempt` (1-based) after a transient failure."""
    if attempt < 1:
        return 0.0
    return float(min(cap, base * 2 ** (attempt - 1)))
