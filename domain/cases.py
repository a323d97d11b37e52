"""Ask the Center: the rules of a case (a person's conversation with the Center's consultants).

Plain functions, no aiogram or database types, so the rules can be tested on their own:
which statuses follow which events, the order consultants see cases in, working hours, and when
a person gets a "received" note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class CaseStatus(StrEnum):
    NEW = "new"  # nobody at the Center has touched it yet
    IN_PROGRESS = "in_progress"  # the Center's turn: a consultant is on it
    WAITING = "waiting"  # the person's turn: a consultant answered or asked something
    CLOSED = "closed"


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)


class Topic(StrEnum):
    DOCUMENTS = "documents"
    WAGES = "wages"
    POLICE = "police"
    HEALTH = "health"
    CONTRACT = "contract"  # also "report a suspicious offer"
    RETURN = "return"
    OTHER = "other"


class Author(StrEnum):
    PERSON = "person"
    STAFF = "staff"
    SYSTEM = "system"  # status changes and notes shown in the thread, never sent to the person


class Event(StrEnum):
    PERSON_WROTE = "person_wrote"
    STAFF_REPLIED = "staff_replied"
    ASSIGNED = "assigned"
    MARK_IN_PROGRESS = "mark_in_progress"
    MARK_WAITING = "mark_waiting"
    CLOSE = "close"
    REOPEN = "reopen"


class TransitionError(ValueError):
    """The event makes no sense in the case's status (e.g. replying to a closed case)."""


# (status, event) -> next status. Missing pairs are refused. The rules follow helpdesks
# (Zendesk, Chatwoot): an answer from the Center puts the ball in the person's court, and the
# person writing again puts it back in the Center's.
_TRANSITIONS: dict[tuple[CaseStatus, Event], CaseStatus] = {
    (CaseStatus.NEW, Event.PERSON_WROTE): CaseStatus.NEW,
    (CaseStatus.IN_PROGRESS, Event.PERSON_WROTE): CaseStatus.IN_PROGRESS,
    (CaseStatus.WAITING, Event.PERSON_WROTE): CaseStatus.IN_PROGRESS,
    (CaseStatus.NEW, Event.STAFF_REPLIED): CaseStatus.WAITING,
    (CaseStatus.IN_PROGRESS, Event.STAFF_REPLIED): CaseStatus.WAITING,
    (CaseStatus.WAITING, Event.STAFF_REPLIED): CaseStatus.WAITING,
    # Taking a case does not change whose turn it is, except that a new case is now "in work".
    (CaseStatus.NEW, Event.ASSIGNED): CaseStatus.IN_PROGRESS,
    (CaseStatus.IN_PROGRESS, Event.ASSIGNED): CaseStatus.IN_PROGRESS,
    (CaseStatus.WAITING, Event.ASSIGNED): CaseStatus.WAITING,
    (CaseStatus.NEW, Event.MARK_IN_PROGRESS): CaseStatus.IN_PROGRESS,
    (CaseStatus.WAITING, Event.MARK_IN_PROGRESS): CaseStatus.IN_PROGRESS,
    (CaseStatus.IN_PROGRESS, Event.MARK_IN_PROGRESS): CaseStatus.IN_PROGRESS,
    (CaseStatus.NEW, Event.MARK_WAITING): CaseStatus.WAITING,
    (CaseStatus.IN_PROGRESS, Event.MARK_WAITING): CaseStatus.WAITING,
    (CaseStatus.WAITING, Event.MARK_WAITING): CaseStatus.WAITING,
    (CaseStatus.NEW, Event.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.IN_PROGRESS, Event.CLOSE): CaseStatus.CLOSED,
    (CaseStatus.WAITING, Event.CLOSE): CaseStatus.CLOSED,
    # Only the Center reopens; a person who writes after closing starts a new case.
    (CaseStatus.CLOSED, Event.REOPEN): CaseStatus.IN_PROGRESS,
}


def next_status(status: CaseStatus | str, event: Event) -> CaseStatus:
    current = CaseStatus(status)
    try:
        return _TRANSITIONS[(current, event)]
    except KeyError:
        raise TransitionError(f"{event.value} is not possible in status {current.value}") from None


def is_open(status: CaseStatus | str) -> bool:
    return CaseStatus(status) is not CaseStatus.CLOSED


def needs_center(status: CaseStatus | str) -> bool:
    """True when it is the Center's turn to act."""
    return CaseStatus(status) in (CaseStatus.NEW, CaseStatus.IN_PROGRESS)


def last_activity(*moments: datetime | None) -> datetime:
    """The latest of the moments that are set (the case's creation is always one of them)."""
    return max(m for m in moments if m is not None)


def auto_close_due(
    status: CaseStatus | str, quiet_since: datetime, now: datetime, days: int
) -> bool:
    """A case waiting for the person closes by itself after `days` without a word from either
    side. Left open, it would keep taking everything the person types as part of that old
    question, long after they have moved on. `days` 0: never."""
    return (
        days > 0
        and CaseStatus(status) is CaseStatus.WAITING
        and now - quiet_since >= timedelta(days=days)
    )


def parse_topic(value: str | None) -> Topic | None:
    """A topic from callback data or a deep link; None for "" or anything unknown."""
    try:
        return Topic(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- the consultants' queue


@dataclass(frozen=True)
class QueueItem:
    status: CaseStatus
    urgent: bool
    waiting_since: datetime  # when the ball came to the Center (or the case was opened)


def queue_key(item: QueueItem) -> tuple[int, int, datetime]:
    """Order for /cases: the Center's turn first, urgent first, then the longest waiting.

    Cases waiting for the person come after, so a full list never hides a new urgent one.
    """
    return (0 if needs_center(item.status) else 1, 0 if item.urgent else 1, item.waiting_since)


def age_label(since: datetime, now: datetime) -> tuple[int, str]:
    """(amount, unit) for "waiting 3 h": minutes under an hour, hours under two days, else days.
    Units are locale keys' selectors: "m", "h", "d"."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 3600:
        return seconds // 60, "m"
    if seconds < 48 * 3600:
        return seconds // 3600, "h"
    return seconds // 86400, "d"


# ---------------------------------------------------------------- working hours


@dataclass(frozen=True)
class WorkingHours:
    """When consultants answer, in the Center's zone. Days are ISO weekdays (1 = Monday)."""

    days: tuple[int, ...]
    start_hour: int
    end_hour: int
    tz: ZoneInfo

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        return (
            local.isoweekday() in self.days
            and time(self.start_hour) <= local.time()
            and local.hour < self.end_hour
        )

    def next_opening(self, now: datetime) -> datetime:
        """The next moment consultants start work, in the Center's zone (now if open)."""
        if self.is_open(now):
            return now.astimezone(self.tz)
        local = now.astimezone(self.tz)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            if day.isoweekday() not in self.days:
                continue
            opening = datetime.combine(day, time(self.start_hour), tzinfo=self.tz)
            if opening > local:
                return opening
        raise ValueError("working hours have no working day")  # prevented by Settings


def parse_days(value: str) -> tuple[int, ...]:
    """ "1-5" or "1,2,3,4,5,6" (ISO weekdays) → a sorted tuple; ValueError when unreadable."""
    days: set[int] = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = (int(x) for x in part.split("-", 1))
            days.update(range(first, last + 1))
        else:
            days.add(int(part))
    if not days or not all(1 <= d <= 7 for d in days):
        raise ValueError("days must be ISO weekdays 1-7, e.g. 1-5")
    return tuple(sorted(days))


# ---------------------------------------------------------------- talking to the person

# A person often sends a question as several messages or an album; one "added to question #1"
# note per minute is enough and keeps the chat readable on a small screen.
ACK_QUIET = timedelta(seconds=60)


def should_acknowledge(
    last_ack_at: datetime | None, last_staff_at: datetime | None, now: datetime
) -> bool:
    """Each message added to an open question is acknowledged, at most once a minute (a burst
    of messages gets one "added to question #1", not one each)."""
    del last_staff_at  # kept in the signature for callers; an answer does not reset the minute
    return last_ack_at is None or now - last_ack_at >= ACK_QUIET
