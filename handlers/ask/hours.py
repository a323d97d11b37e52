"""Telling a person when consultants will answer, in words they can act on.

The hours are the Center's opening hours (`center_hours` in content/services.yaml, the one
place they are kept), read from the content library this update reads."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import Settings
from bot.i18n import Translator
from content.library import current
from content.services import CenterHours
from db.models import User
from domain.cases import WorkingHours


def center_hours() -> CenterHours:
    return current().services.center_hours


def working_hours(settings: Settings) -> WorkingHours:
    hours = center_hours()
    return WorkingHours(
        days=hours.days, start_hour=hours.start_hour, end_hour=hours.end_hour, tz=settings.tz
    )


def days_text(t: Translator, days: tuple[int, ...]) -> str:
    """ "Mon–Fri" for a run of days, "Mon, Wed, Fri" otherwise."""
    names = [t("ask-weekday-short", day=d) for d in days]
    contiguous = len(days) > 2 and days == tuple(range(days[0], days[-1] + 1))
    return f"{names[0]}–{names[-1]}" if contiguous else ", ".join(names)


def schedule_text(t: Translator, settings: Settings | None = None) -> str:
    """ "Mon–Fri, 09:00–18:00": the Center's opening hours (its own time zone)."""
    hours = center_hours()
    return t(
        "ask-hours-schedule",
        days=days_text(t, hours.days),
        start=f"{hours.start_hour:02d}:00",
        end=f"{hours.end_hour:02d}:00",
    )


def _user_zone(user: User | None) -> ZoneInfo | None:
    if user is None or not user.timezone:
        return None
    try:
        return ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def closed_note(
    t: Translator, settings: Settings, user: User | None, now: datetime, *, urgent: bool = False
) -> str | None:
    """None while consultants are at work; otherwise when they start again (Bishkek time, and
    the person's own time when they live elsewhere — Moscow is three hours behind).

    `urgent`: the consultants were alerted at once, so the note must not contradict that: it
    says only that the answer may wait for working hours, and where help is now."""
    hours = working_hours(settings)
    if hours.is_open(now):
        return None
    opening = hours.next_opening(now)
    zone = _user_zone(user)
    local = opening.astimezone(zone) if zone else opening
    differs = zone is not None and local.utcoffset() != opening.utcoffset()
    days_ahead = (opening.date() - now.astimezone(settings.tz).date()).days
    return t(
        "ask-hours-closed-urgent" if urgent else "ask-hours-closed",
        schedule=schedule_text(t, settings),
        when={0: "today", 1: "tomorrow"}.get(days_ahead, "later"),
        weekday=opening.isoweekday(),
        time=opening.strftime("%H:%M"),
        local_time=local.strftime("%H:%M"),
        has_local="yes" if differs else "no",
    )
