"""Who a user is for Jol: their situation, destination, dates and the time zone that follows."""

from __future__ import annotations

import re
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


# Month names people type, matched at the start of a word so that every case ending works:
# Russian (and the Russian-derived Kyrgyz) "март", "марта", "мартта", "марттын"; English
# "March", "Mar". Checked in order, so "март" is found before "май".
_MONTH_PREFIXES: tuple[tuple[str, int], ...] = (
    ("январ", 1), ("янв", 1), ("феврал", 2), ("фев", 2), ("март", 3), ("мар", 3),
    ("апрел", 4), ("апр", 4), ("май", 5), ("мая", 5), ("мае", 5), ("июн", 6), ("июл", 7),
    ("август", 8), ("авг", 8), ("сентябр", 9), ("сен", 9), ("октябр", 10), ("окт", 10),
    ("ноябр", 11), ("ноя", 11), ("декабр", 12), ("дек", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
)  # fmt: skip
# The traditional Kyrgyz month names, in the same calendar order (Бирдин айы = January).
_KYRGYZ_MONTHS: tuple[tuple[str, int], ...] = (
    (r"бирдин\s+ай", 1), (r"жалган\s+куран", 2), (r"чын\s+куран", 3), (r"бугу", 4),
    (r"кулжа", 5), (r"теке", 6), (r"баш\s+оона", 7), (r"аяк\s+оона", 8),
    (r"тогуздун\s+ай", 9), (r"жетинин\s+ай", 10), (r"бештин\s+ай", 11), (r"үчтүн\s+ай", 12),
)  # fmt: skip
_KYRGYZ_MONTH_RE = [(re.compile(rf"\b{name}\w*", re.IGNORECASE), n) for name, n in _KYRGYZ_MONTHS]
# Words around the numbers that say nothing more: "2027-жылы", "2027 г.", "года", "3-күнү",
# "15 числа", "15th of March".
_FILLER_STEMS = ("жыл", "год", "year", "күн", "числ")
_FILLER_WORDS = frozenset({"г", "ж", "of", "the"})
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|-?го|-?е|-?чи|-?и|-?ы)?$")


def _month_of(word: str) -> int | None:
    for prefix, month in _MONTH_PREFIXES:
        if word.startswith(prefix):
            return month
    return None


def _parse_month_name_date(text: str, today: date) -> date | None:
    """'15 март', '1 ноября', 'March 15', '15-март 2027', 'Бугунун 3-күнү': one month name,
    one day, optionally a year. Without a year, the nearest such date to `today`."""
    lowered = text.lower().replace("ё", "е")
    for pattern, month_no in _KYRGYZ_MONTH_RE:
        lowered = pattern.sub(f" m{month_no} ", lowered)
    month: int | None = None
    numbers: list[str] = []
    for word in re.findall(r"[^\W_]+", lowered):
        marker = re.fullmatch(r"m(\d{1,2})", word)
        named = int(marker.group(1)) if marker else _month_of(word)
        if named is not None:
            if month is not None:
                return None
            month = named
        elif word.isdigit() and len(word) == 4:
            numbers.append(word)
        elif ordinal := _ORDINAL.match(word):
            numbers.append(ordinal.group(1))
        elif not (word.startswith(_FILLER_STEMS) or word in _FILLER_WORDS):
            return None
    years = [int(n) for n in numbers if len(n) == 4]
    days = [int(n) for n in numbers if len(n) <= 2]
    if month is None or len(days) != 1 or len(years) > 1:
        return None
    candidates = [years[0]] if years else [today.year - 1, today.year, today.year + 1]
    found: list[date] = []
    for year in candidates:
        try:
            found.append(date(year, month, days[0]))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - today).days)) if found else None


def parse_user_date(text: str, today: date) -> date | None:
    """Read a date typed the way people here write it: 15.03.2027, 15/03/27, 2027-03-15, or
    with the month's name in Kyrgyz, Russian or English: "15 март", "1 ноября 2027",
    "March 15", "15-чын куран" (without a year: the nearest such date to `today`)."""
    if any(ch.isalpha() for ch in text):
        return _parse_month_name_date(text, today)
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
