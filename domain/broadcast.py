"""Staff broadcasts as plain rules: states, audience segments, message checks, pacing estimates.

Nothing here touches aiogram or the database, so the rules that decide who may do what to a
broadcast, whether its texts may go out, and how fast it is fed to the sender are tested alone.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from domain.reminders import QuietHours, local_to_utc, user_zone_name, zone

# Telegram's limits in UTF-16 code units, measured on the text after HTML parsing.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
LOCALES = ("ky", "ru", "en")
# Mode "one": a single text (in whatever language staff wrote it) goes to everybody.
ONE_TEXT_KEY = "all"
# Scheduling: at least a minute ahead (so "now" is not typed as a time), at most a month.
MIN_SCHEDULE_LEAD = timedelta(minutes=1)
MAX_SCHEDULE_AHEAD = timedelta(days=31)


# ---------------------------------------------------------------- states


class Status(StrEnum):
    DRAFT = "draft"  # being composed; only state in which texts and audience change
    APPROVAL = "approval"  # over the threshold: waits for a second staff member
    SCHEDULED = "scheduled"  # approved (or small enough), waits for send_at
    RUNNING = "running"  # being fed to the outbox
    PAUSED = "paused"  # not fed; its queued rows are held back
    DONE = "done"  # everyone was fed and every row is settled
    CANCELLED = "cancelled"


class Action(StrEnum):
    SUBMIT = "submit"  # author: send now / at a time
    APPROVE = "approve"
    REJECT = "reject"  # approver: back to draft
    WITHDRAW = "withdraw"  # author: back to draft to change something
    START = "start"  # worker: send_at reached
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    FINISH = "finish"  # worker


# (from, action) -> to. SUBMIT and APPROVE have more than one target (see `after_submit`).
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, ...]] = {
    (Status.DRAFT, Action.SUBMIT): (Status.APPROVAL, Status.SCHEDULED, Status.RUNNING),
    (Status.APPROVAL, Action.APPROVE): (Status.SCHEDULED, Status.RUNNING),
    (Status.APPROVAL, Action.REJECT): (Status.DRAFT,),
    (Status.APPROVAL, Action.WITHDRAW): (Status.DRAFT,),
    (Status.SCHEDULED, Action.WITHDRAW): (Status.DRAFT,),
    (Status.SCHEDULED, Action.START): (Status.RUNNING,),
    (Status.SCHEDULED, Action.CANCEL): (Status.CANCELLED,),
    (Status.APPROVAL, Action.CANCEL): (Status.CANCELLED,),
    (Status.RUNNING, Action.PAUSE): (Status.PAUSED,),
    (Status.PAUSED, Action.RESUME): (Status.RUNNING,),
    (Status.RUNNING, Action.CANCEL): (Status.CANCELLED,),
    (Status.PAUSED, Action.CANCEL): (Status.CANCELLED,),
    (Status.RUNNING, Action.FINISH): (Status.DONE,),
}

FINAL = frozenset({Status.DONE, Status.CANCELLED})
# States whose delivery rows may exist in the outbox.
DELIVERING = frozenset({Status.RUNNING, Status.PAUSED})


def can(status: str, action: Action) -> bool:
    return (Status(status), action) in TRANSITIONS


def after_submit(needs_approval: bool, send_at: datetime | None, now: datetime) -> Status:
    if needs_approval:
        return Status.APPROVAL
    return after_approval(send_at, now)


def after_approval(send_at: datetime | None, now: datetime) -> Status:
    return Status.SCHEDULED if send_at is not None and send_at > now else Status.RUNNING


def needs_approval(recipients: int, threshold: int) -> bool:
    """Above `threshold` recipients, a second staff member must approve."""
    return recipients > threshold


# ---------------------------------------------------------------- audience


@dataclass(frozen=True)
class Segment:
    """Who receives a broadcast, besides the fixed rules (consented, not blocked, news on) and
    the targeted languages. Empty fields mean "anyone"; set fields combine with AND."""

    destination: str | None = None
    situation: str | None = None
    service: str | None = None  # booked this service (a booking that held a place)
    active_since: date | None = None  # used the bot on or after this day (Center's time)

    @property
    def is_everyone(self) -> bool:
        return not (self.destination or self.situation or self.service or self.active_since)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.destination:
            out["destination"] = self.destination
        if self.situation:
            out["situation"] = self.situation
        if self.service:
            out["service"] = self.service
        if self.active_since:
            out["active_since"] = self.active_since.isoformat()
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Segment:
        data = data or {}
        since = data.get("active_since")
        return cls(
            destination=data.get("destination") or None,
            situation=data.get("situation") or None,
            service=data.get("service") or None,
            active_since=date.fromisoformat(since) if since else None,
        )

    def with_(self, **changes: Any) -> Segment:
        return replace(self, **changes)


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """Midnight of `day` in the Center's zone, as an aware datetime (for "active since")."""
    return datetime.combine(day, time(0), tzinfo=tz)


# ---------------------------------------------------------------- texts


@dataclass(frozen=True)
class Content:
    """What a broadcast says: texts per language (or one for all) and an optional file."""

    mode: str  # "each" (a text per language) or "one"
    texts: Mapping[str, str]
    languages: tuple[str, ...]  # targeted languages, in LOCALES order
    media_kind: str | None = None  # "photo" | "document"

    def text_for(self, locale: str) -> str | None:
        key = ONE_TEXT_KEY if self.mode == "one" else locale
        value = self.texts.get(key)
        return value or None

    @property
    def limit(self) -> int:
        return CAPTION_LIMIT if self.media_kind else TEXT_LIMIT


class Problem(StrEnum):
    NO_LANGUAGE = "no-language"  # every language excluded
    MISSING_TEXT = "missing-text"  # a targeted language has no text
    TOO_LONG = "too-long"  # longer than a caption allows (a file was attached later)
    NO_RECIPIENTS = "no-recipients"


@dataclass(frozen=True)
class Blocker:
    problem: Problem
    locale: str | None = None


def blockers(content: Content, recipients: int) -> list[Blocker]:
    """Why this broadcast may not be sent yet (empty: it may)."""
    found: list[Blocker] = []
    if not content.languages:
        found.append(Blocker(Problem.NO_LANGUAGE))
    keys = [ONE_TEXT_KEY] if content.mode == "one" else list(content.languages)
    for key in keys:
        text = content.texts.get(key)
        locale = None if key == ONE_TEXT_KEY else key
        if not text:
            found.append(Blocker(Problem.MISSING_TEXT, locale))
        elif visible_length(text) > content.limit:
            found.append(Blocker(Problem.TOO_LONG, locale))
    if recipients <= 0:
        found.append(Blocker(Problem.NO_RECIPIENTS))
    return found


def missing_languages(content: Content) -> list[str]:
    if content.mode == "one":
        return [] if content.texts.get(ONE_TEXT_KEY) else list(content.languages)
    return [loc for loc in content.languages if not content.texts.get(loc)]


def ordered_languages(languages: Iterable[str]) -> tuple[str, ...]:
    chosen = set(languages)
    return tuple(loc for loc in LOCALES if loc in chosen)


@dataclass(frozen=True)
class Delivery:
    """One language's message exactly as the outbox stores it (and the preview sends it):
    outbox kind ("text", "photo", "document"), final HTML, and the JSON payload (buttons,
    file id)."""

    kind: str
    text: str
    payload: Mapping[str, Any]


# ---------------------------------------------------------------- Telegram HTML

# Tags and the attributes each may carry (https://core.telegram.org/bots/api#html-style).
_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "blockquote": frozenset({"expandable"}),
    "tg-emoji": frozenset({"emoji-id"}),
}
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_CLOSE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")
_URL = re.compile(r"^(https?://|tg://|mailto:)\S+$", re.IGNORECASE)


class HtmlError(ValueError):
    """Text staff wrote that Telegram would refuse. `kind` picks the explanation shown;
    `detail` is the offending tag or fragment."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def check_html(source: str) -> str:
    """Validate Telegram HTML; return the visible text. Raise HtmlError when invalid.

    Stricter than Telegram in small ways (attribute values must be quoted, a bare `&` is an
    error), so whatever passes here is accepted by Telegram and by the emulator alike.
    """
    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            m = _ENTITY.match(source, i)
            if m is None:
                raise HtmlError("ampersand", source[i : i + 12])
            out.append(html.unescape(m.group(0)))
            i = m.end()
        elif ch == "<":
            close = _CLOSE.match(source, i)
            if close is not None:
                name = close.group(1).lower()
                if not stack:
                    raise HtmlError("unexpected-close", name)
                if stack[-1] != name:
                    raise HtmlError("mismatched", f"{stack[-1]}/{name}")
                stack.pop()
                i = close.end()
                continue
            opened = _OPEN.match(source, i)
            if opened is None:
                raise HtmlError("bare-lt", source[i : i + 12])
            name = opened.group(1).lower()
            if name not in _TAGS or opened.group(3):
                raise HtmlError("tag", name)
            _check_attributes(name, opened.group(2) or "")
            stack.append(name)
            i = opened.end()
        else:
            j = i + 1
            while j < n and source[j] not in "<&":
                j += 1
            out.append(source[i:j])
            i = j
    if stack:
        raise HtmlError("unclosed", stack[-1])
    return "".join(out)


def _check_attributes(tag: str, raw: str) -> None:
    allowed = _TAGS[tag]
    attrs: dict[str, str | None] = {}
    pos = 0
    raw = raw.rstrip()
    while pos < len(raw):
        m = _ATTR.match(raw, pos)
        if m is None or m.end() == pos:
            raise HtmlError("attribute", tag)
        name = m.group(1).lower()
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if name not in allowed:
            raise HtmlError("attribute", f"{tag} {name}")
        attrs[name] = value
        pos = m.end()
    if tag == "a":
        href = attrs.get("href")
        if not href or not _URL.match(html.unescape(href)):
            raise HtmlError("link", href or "")
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlError("attribute", "span")
    if tag == "tg-emoji" and not (attrs.get("emoji-id") or "").isdigit():
        raise HtmlError("attribute", "tg-emoji")
    if tag == "blockquote" and attrs.get("expandable") not in (None,):
        raise HtmlError("attribute", "blockquote")
    if tag == "code" and "class" in attrs and not (attrs["class"] or "").startswith("language-"):
        raise HtmlError("attribute", "code")


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def visible_length(source: str) -> int:
    """Length Telegram counts against its limits (after parsing and trimming)."""
    try:
        return utf16_len(check_html(source).strip())
    except HtmlError:
        return utf16_len(source)


def prepare_text(source: str, *, formatted: bool, limit: int) -> str:
    """Turn what staff typed into the HTML that is stored and sent.

    `formatted`: the text came with Telegram's own formatting (bold etc. chosen in the app) and
    was already converted to safe HTML. Otherwise it is read as HTML staff typed by hand, except
    that a text with no tag at all is taken literally (so "Q&A" or "5 > 3" just work).
    """
    text = source.strip()
    if not formatted and "<" not in text:
        text = html.escape(html.unescape(text), quote=False)
    visible = check_html(text).strip()
    if not visible:
        raise HtmlError("empty")
    if utf16_len(visible) > limit:
        raise HtmlError("too-long", str(utf16_len(visible)))
    return text


# ---------------------------------------------------------------- scheduling

_DATE_TIME = re.compile(
    r"^\s*(?:(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2,4}))?\s+)?(\d{1,2})[:.](\d{2})\s*$"
)


def parse_local_time(text: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """Read "18:30" (today, or tomorrow if that has passed) or "25.12 18:30" / "25.12.2026
    18:30" in the Center's zone; return it in UTC-aware form, or None if unreadable."""
    m = _DATE_TIME.match(text)
    if m is None:
        return None
    day_s, month_s, year_s, hour_s, minute_s = m.groups()
    hour, minute = int(hour_s), int(minute_s)
    if hour > 23 or minute > 59:
        return None
    local_now = now.astimezone(tz)
    try:
        if day_s is None:
            day = local_now.date()
            candidate = datetime.combine(day, time(hour, minute), tzinfo=tz)
            if candidate <= local_now:
                candidate = datetime.combine(day + timedelta(days=1), time(hour, minute), tz)
            return candidate
        year = int(year_s) if year_s else local_now.year
        if year < 100:
            year += 2000
        candidate = datetime(year, int(month_s), int(day_s), hour, minute, tzinfo=tz)
        if not year_s and candidate <= local_now:
            candidate = candidate.replace(year=year + 1)
        return candidate
    except ValueError:
        return None


def schedule_problem(send_at: datetime, now: datetime) -> str | None:
    if send_at < now + MIN_SCHEDULE_LEAD:
        return "past"
    if send_at > now + MAX_SCHEDULE_AHEAD:
        return "too-far"
    return None


def parse_day(text: str) -> date | None:
    """A day typed as 01.03.2026, 1.3.26 or 2026-03-01."""
    cleaned = text.strip().replace("/", ".").replace("-", ".")
    parts = [p for p in cleaned.split(".") if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    a, b, c = (int(p) for p in parts)
    year, month, day = (a, b, c) if len(parts[0]) == 4 else (c + 2000 if c < 100 else c, b, a)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------- feeding and progress


def window_size(rate_per_second: float, window_seconds: float, floor: int = 20) -> int:
    """How many delivery rows may wait in the outbox (pending or being sent) for broadcasts.

    Enough to keep the sender busy between two feeder runs, and no more: an urgent notice
    queued behind a broadcast waits at most about `window_seconds`.
    """
    return max(floor, math.ceil(rate_per_second * window_seconds))


@dataclass(frozen=True)
class Counts:
    """Delivery figures of one broadcast, from its outbox rows and its audience."""

    sent: int = 0
    failed: int = 0  # Telegram refused for good (chat not found, bad message, retries out)
    blocked: int = 0  # the person blocked the bot (403): marked, skipped from now on
    withdrawn: int = 0  # queued, then taken back (cancelled, or the person turned news off)
    queued: int = 0  # in the outbox: pending, being sent or held by a pause
    unfed: int = 0  # still to be put in the outbox
    retried: int = 0  # sent after an attempt that may have reached them (see worker docs)

    @property
    def remaining(self) -> int:
        return self.queued + self.unfed

    @property
    def settled(self) -> int:
        return self.sent + self.failed + self.blocked + self.withdrawn


@dataclass
class RateMeter:
    """Achieved sending rate from (time, sent) samples over the last `span` seconds."""

    span: float = 30.0
    samples: list[tuple[float, int]] = field(default_factory=list)

    def add(self, at: float, sent: int) -> None:
        self.samples.append((at, sent))
        self.samples = [(t, s) for t, s in self.samples if t >= at - self.span]

    def rate(self) -> float | None:
        if len(self.samples) < 2:
            return None
        (t0, s0), (t1, s1) = self.samples[0], self.samples[-1]
        if t1 - t0 < 1.0 or s1 <= s0:
            return None
        return (s1 - s0) / (t1 - t0)


def eta_seconds(remaining: int, achieved: float | None, configured: float) -> int:
    """Time left: at the achieved rate once known, else at the configured one."""
    if remaining <= 0:
        return 0
    rate = achieved if achieved and achieved > 0 else configured
    return math.ceil(remaining / max(rate, 0.01))


def eta_parts(seconds: int) -> tuple[int, int]:
    """(hours, minutes) rounded up to the minute, for "about 1 h 5 min"."""
    minutes = max(1, math.ceil(seconds / 60)) if seconds > 0 else 0
    return divmod(minutes, 60)


# ---------------------------------------------------------------- quiet hours


@dataclass(frozen=True)
class NightCheck:
    """Whether a broadcast sent at `at` would reach people at night, and the morning to offer."""

    in_quiet: int  # recipients for whom `at` falls in quiet hours (their local time)
    total: int
    center_quiet: bool  # `at` is in quiet hours in the Center's own zone
    morning: datetime  # the next end of quiet hours in the Center's zone (UTC)

    @property
    def warn(self) -> bool:
        """Warn when it is night at the Center or for most recipients."""
        return self.center_quiet or (self.total > 0 and self.in_quiet * 2 > self.total)


def night_check(
    at: datetime,
    places: Sequence[tuple[str | None, str | None, str | None, int]],
    center: ZoneInfo,
    quiet: QuietHours,
) -> NightCheck:
    in_quiet = 0
    total = 0
    for stored, situation, destination, count in places:
        local = at.astimezone(zone(user_zone_name(stored, situation, destination)))
        total += count
        if quiet.contains(local.time()):
            in_quiet += count
    return NightCheck(
        in_quiet=in_quiet,
        total=total,
        center_quiet=quiet.contains(at.astimezone(center).time()),
        morning=next_morning(at, center, quiet),
    )


def next_morning(at: datetime, center: ZoneInfo, quiet: QuietHours) -> datetime:
    """The first end of quiet hours (09:00 by default) in the Center's zone after `at`."""
    local = at.astimezone(center)
    candidate = local_to_utc(local.date(), time(quiet.end), center)
    if candidate <= at:
        candidate = local_to_utc(local.date() + timedelta(days=1), time(quiet.end), center)
    return candidate
