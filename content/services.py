"""The Center's bookable services (`content/services.yaml`, part of the content library).

Editors change the YAML without touching code; the library (content/library.py) validates it
with the rest and a broken edit is refused, so a typo never takes booking down. Read the
current catalog as `content.library.current().services`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from content.model import LOCALES
from domain.booking import WEEKDAYS, ServiceRule, WeeklyHours, weekly_from_json, window_length

_KEY_RE = re.compile(r"^[a-z]{2,16}$")  # fits callback data and `book_<key>` deep links


class ServicesError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("services.yaml: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ServiceInfo:
    key: str
    capacity: int
    duration: timedelta
    languages: tuple[str, ...]
    certification: bool
    weekly: WeeklyHours  # defaults; coordinators' hours in the DB take precedence
    name: Mapping[str, str]
    description: Mapping[str, str]
    bring: Mapping[str, tuple[str, ...]]

    def rule(self, weekly: WeeklyHours | None = None) -> ServiceRule:
        chosen = self.weekly if weekly is None else weekly
        return ServiceRule(self.key, self.capacity, self.duration, chosen)

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


@dataclass(frozen=True)
class CenterHours:
    """When the Center is open and its consultants answer (Center time): the one place the bot
    takes them from (booking, the emergency card, Ask's out-of-hours notes)."""

    days: tuple[int, ...]  # ISO weekdays, 1 = Monday
    start: time
    end: time
    # ⚠ What still needs a check against what the Center says (shown by /content_status).
    to_check: tuple[str, ...] = ()

    @property
    def start_hour(self) -> int:
        return self.start.hour

    @property
    def end_hour(self) -> int:
        return 24 if self.end == time(0) else self.end.hour


@dataclass(frozen=True)
class ServiceCatalog:
    services: tuple[ServiceInfo, ...]
    place: Mapping[str, str]
    center_hours: CenterHours

    def get(self, key: str) -> ServiceInfo | None:
        return next((s for s in self.services if s.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.services)


def _texts(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: needs ky, ru and en")
        return {}
    out = {loc: str(raw.get(loc) or "").strip() for loc in LOCALES}
    missing = [loc for loc, text in out.items() if not text]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    return out


def _service(raw: Any, index: int, problems: list[str]) -> ServiceInfo | None:
    where = f"services[{index}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping")
        return None
    key = str(raw.get("key", ""))
    if not _KEY_RE.match(key):
        problems.append(f"{where}: key must be 2-16 lowercase letters")
    where = f"service {key!r}"
    capacity, minutes = raw.get("capacity"), raw.get("duration")
    if not isinstance(capacity, int) or not 1 <= capacity <= 500:
        problems.append(f"{where}: capacity must be a whole number 1-500")
        capacity = 1
    if not isinstance(minutes, int) or not 5 <= minutes <= 720 or minutes % 5:
        problems.append(f"{where}: duration must be minutes, 5-720, a multiple of 5")
        minutes = 30
    languages = tuple(raw.get("languages") or ())
    if not languages or any(lang not in LOCALES for lang in languages):
        problems.append(f"{where}: languages must be a list of ky, ru, en")
    try:
        weekly = weekly_from_json(raw.get("hours") or {})
    except ValueError as exc:
        problems.append(f"{where}: hours: {exc}")
        weekly = {}
    duration = timedelta(minutes=minutes)
    for day, windows in weekly.items():
        for window in windows:
            if window_length(window) < duration:
                problems.append(
                    f"{where}: hours {window} ({WEEKDAYS[day]}) are shorter than one session"
                )
    bring_raw = raw.get("bring") or {}
    bring: dict[str, tuple[str, ...]] = {}
    for loc in LOCALES:
        items = bring_raw.get(loc) if isinstance(bring_raw, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            problems.append(f"{where}: bring.{loc} must be a list of texts")
            items = []
        bring[loc] = tuple(items)
    return ServiceInfo(
        key=key,
        capacity=capacity,
        duration=duration,
        languages=languages,
        certification=bool(raw.get("certification", False)),
        weekly=weekly,
        name=_texts(raw.get("name"), f"{where}: name", problems),
        description=_texts(raw.get("description"), f"{where}: description", problems),
        bring=bring,
    )


_HOURS_RE = re.compile(r"^([01]\d|2[0-3]):00-([01]\d|2[0-4]):00$")


def _center_hours(raw: Any, problems: list[str]) -> CenterHours:
    where = "center_hours"
    fallback = CenterHours((1,), time(9), time(18))
    if not isinstance(raw, dict):
        problems.append(f"{where}: needs days, hours and to_check")
        return fallback
    unknown = set(raw) - {"days", "hours", "to_check"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    days_raw = raw.get("days")
    if (
        not isinstance(days_raw, list)
        or not days_raw
        or any(d not in WEEKDAYS for d in days_raw)
        or len(set(days_raw)) != len(days_raw)
    ):
        problems.append(f"{where}.days: a list of {', '.join(WEEKDAYS)}")
        days_raw = ["mon"]
    match = _HOURS_RE.match(str(raw.get("hours", "")))
    if match is None or int(match[1]) >= int(match[2]):
        problems.append(f'{where}.hours: whole hours "HH:00-HH:00", opening before closing')
        start, end = fallback.start, fallback.end
    else:
        start = time(int(match[1]))
        end = time(0) if match[2] == "24" else time(int(match[2]))
    to_check = raw.get("to_check", [])
    if not isinstance(to_check, list) or not all(isinstance(i, str) and i for i in to_check):
        problems.append(f"{where}.to_check: a list of what needs a check ([] once checked)")
        to_check = []
    days = tuple(sorted(WEEKDAYS.index(d) + 1 for d in days_raw))
    return CenterHours(days, start, end, tuple(to_check))


def _inside_center_hours(info: ServiceInfo, hours: CenterHours, problems: list[str]) -> None:
    """A session the Center is closed for cannot be booked honestly."""
    for day, windows in info.weekly.items():
        for window in windows:
            closes = time.max if hours.end == time(0) else hours.end
            if day + 1 not in hours.days or window.start < hours.start or window.end > closes:
                problems.append(
                    f"service {info.key!r}: hours {window} ({WEEKDAYS[day]}) are outside "
                    "center_hours"
                )


def parse_services(data: Any) -> ServiceCatalog:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise ServicesError(["needs `place` and a `services` list"])
    services = [_service(raw, i, problems) for i, raw in enumerate(data["services"])]
    found = [s for s in services if s is not None]
    keys = [s.key for s in found]
    if len(set(keys)) != len(keys):
        problems.append("service keys must be unique")
    if not found:
        problems.append("no services")
    place = _texts(data.get("place"), "place", problems)
    center_hours = _center_hours(data.get("center_hours"), problems)
    for info in found:
        _inside_center_hours(info, center_hours, problems)
    if problems:
        raise ServicesError(problems)
    return ServiceCatalog(services=tuple(found), place=place, center_hours=center_hours)
