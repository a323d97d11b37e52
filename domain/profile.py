"""Who a user is for Jol: their situation, destination, dates and the time zone that follows."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Situation(StrEnum):
    PLANNING = "planning"  # preparing to leave
    ABROAD = "abroad"  # working abroad now
    RETURNED = "returned"  # back home


class Destination(StrEnum):
    RUSSIA = "russia"
    TURKEY = "turkey"
    KOREA = "korea"
    EUROPE = "europe"  # Europe and the UK
    OTHER = "other"  # other country or undecided


HOME_TIMEZONE = "Asia/Bishkek"

# The most common zone for each destination; Russia spans eleven zones, so users abroad can pick
# their city in settings (TIMEZONE_CHOICES).
DESTINATION_TIMEZONE: dict[Destination, str] = {
    Destination.RUSSIA: "Europe/Moscow",
    Destination.TURKEY: "Europe/Istanbul",
    Destination.KOREA: "Asia/Seoul",
    Destination.EUROPE: "Europe/London",
    Destination.OTHER: HOME_TIMEZONE,
}

# Offered in settings: where Kyrgyz workers mostly are. Keys are short ids for callback data.
TIMEZONE_CHOICES: dict[str, str] = {
    "bishkek": "Asia/Bishkek",
    "moscow": "Europe/Moscow",
    "yekaterinburg": "Asia/Yekaterinburg",
    "novosibirsk": "Asia/Novosibirsk",
    "krasnoyarsk": "Asia/Krasnoyarsk",
    "irkutsk": "Asia/Irkutsk",
    "vladivostok": "Asia/Vladivostok",
    "samara": "Europe/Samara",
    "istanbul": "Europe/Istanbul",
    "seoul": "Asia/Seoul",
    "london": "Europe/London",
    "berlin": "Europe/Berlin",
    "warsaw": "Europe/Warsaw",
    "almaty": "Asia/Almaty",
}


def default_timezone(situation: Situation | None, destination: Destination | None) -> str:
    """People at home live on Bishkek time; people abroad on their destination's main zone."""
    if situation is Situation.ABROAD and destination is not None:
        return DESTINATION_TIMEZONE[destination]
    return HOME_TIMEZONE


def date_question(situation: Situation) -> str:
    """Which date onboarding asks for: it anchors that situation's reminders."""
    return {
        Situation.PLANNING: "departure",
        Situation.ABROAD: "arrival",
        Situation.RETURNED: "return",
    }[situation]


class DateProblem(StrEnum):
    UNREADABLE = "unreadable"
    TOO_FAR_PAST = "too-far-past"
    TOO_FAR_FUTURE = "too-far-future"
    MUST_BE_FUTURE = "must-be-future"
    MUST_BE_PAST = "must-be-past"


def parse_user_date(text: str, today: date) -> date | None:
    """Read a date typed the way people here write it: 15.03.2027, 15/03/27, 2027-03-15."""
    cleaned = text.strip().replace("/", ".").replace("-", ".").replace(" ", ".")
    parts = [p for p in cleaned.split(".") if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:  # ISO order: year first
        year, month, day = a, b, c
    else:
        day, month, year = a, b, c
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def check_anchor_date(kind: str, value: date, today: date) -> DateProblem | None:
    """Departure is in the future (or today); arrival and return are in the past (or today)."""
    if kind == "departure":
        if value < today:
            return DateProblem.MUST_BE_FUTURE
        if (value - today).days > 3 * 365:
            return DateProblem.TOO_FAR_FUTURE
    else:
        if value > today:
            return DateProblem.MUST_BE_PAST
        if (today - value).days > 30 * 365:
            return DateProblem.TOO_FAR_PAST
    return None
