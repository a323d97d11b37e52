"""The Center's bookable services, read from `content/services.yaml`.

Editors change the YAML without touching code. `service_catalog()` re-reads the file when it
changes on disk and keeps serving the last good version if the new one is broken, so a typo
never takes booking down.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from content.loader import _StrictLoader
from content.model import LOCALES
from domain.booking import WEEKDAYS, ServiceRule, WeeklyHours, weekly_from_json, window_length

log = logging.getLogger(__name__)

SERVICES_FILE = Path(__file__).resolve().parent / "services.yaml"
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
class ServiceCatalog:
    services: tuple[ServiceInfo, ...]
    place: Mapping[str, str]

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
    if problems:
        raise ServicesError(problems)
    return ServiceCatalog(services=tuple(found), place=place)


def load_services(path: Path = SERVICES_FILE) -> ServiceCatalog:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ServicesError([f"cannot read: {exc}"]) from exc
    return parse_services(data)


_cache: dict[Path, tuple[float, ServiceCatalog]] = {}


def service_catalog(path: Path = SERVICES_FILE) -> ServiceCatalog:
    """The current catalog; re-read when the file's mtime changes (one stat per call)."""
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        catalog = load_services(path)
    except ServicesError as exc:
        if cached is None:
            raise
        log.error(
            "services.yaml is broken; keeping the last good version",
            extra={"problems": exc.problems},
        )
        _cache[path] = (mtime, cached[1])
        return cached[1]
    _cache[path] = (mtime, catalog)
    return catalog
