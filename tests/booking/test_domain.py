"""Booking rules without a database: opening hours, slots across exceptions and DST, reminder
and offer times, names, codes, the coordinator's buttons, services.yaml validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from content.library import ContentLibrary
from content.services import ServicesError, parse_services
from domain.booking import (
    CODE_ALPHABET,
    CODE_LENGTH,
    HORIZON_DAYS,
    Action,
    HoursProblem,
    ServiceRule,
    Status,
    Window,
    add_months,
    bookable,
    clean_name,
    clean_phone,
    coordinator_actions,
    month_grid,
    new_code,
    normalize_code,
    offer_deadline,
    parse_windows,
    percent,
    promised_reminders,
    reminder_times,
    session_started,
    slots_between,
    slots_for_day,
    weekly_from_json,
    year_bounds,
)
from handlers.booking.hours import parse_exception
from handlers.booking.review import _cell, parse_day_arg

BISHKEK = ZoneInfo("Asia/Bishkek")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def w(start: str, end: str) -> Window:
    return Window(time.fromisoformat(start), time.fromisoformat(end))


CONSULTATION = ServiceRule(
    "consultation",
    capacity=1,
    duration=timedelta(minutes=30),
    weekly=weekly_from_json({d: ["09:00-12:00", "14:00-17:00"] for d in ("mon", "tue", "wed")}),
)


# ---------------------------------------------------------------- opening hours


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:00-12:00, 14:00-17:00", (w("09:00", "12:00"), w("14:00", "17:00"))),
        ("14-17 9-12", (w("09:00", "12:00"), w("14:00", "17:00"))),
        ("09.30 – 12.00; 13:00—15:30", (w("09:30", "12:00"), w("13:00", "15:30"))),
    ],
)
def test_typed_hours_are_read_the_ways_people_write_them(typed: str, expected: tuple) -> None:
    assert parse_windows(typed) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", HoursProblem.UNREADABLE),
        ("morning", HoursProblem.UNREADABLE),
        ("9:00", HoursProblem.UNREADABLE),
        ("25:00-26:00", HoursProblem.UNREADABLE),
        ("9:61-10:00", HoursProblem.UNREADABLE),
        ("12:00-9:00", HoursProblem.ORDER),
        ("9:00-12:00, 11:00-13:00", HoursProblem.OVERLAP),
        ("9:00-9:20", HoursProblem.TOO_SHORT),
    ],
)
def test_bad_hours_say_what_is_wrong(typed: str, problem: HoursProblem) -> None:
    assert parse_windows(typed, timedelta(minutes=30)) == problem


def test_weekly_hours_refuse_unknown_days() -> None:
    with pytest.raises(ValueError, match="weekday"):
        weekly_from_json({"monday": ["09:00-12:00"]})


# ---------------------------------------------------------------- slots


def test_a_weekday_in_bishkek_has_back_to_back_sessions_stored_in_utc() -> None:
    monday = date(2026, 12, 7)
    slots = slots_for_day(CONSULTATION, monday, BISHKEK)
    assert len(slots) == 12  # 6 in the morning, 6 in the afternoon
    assert slots[0] == utc(2026, 12, 7, 3, 0)  # 09:00 in Bishkek (UTC+6, no DST)
    assert slots[5] == utc(2026, 12, 7, 5, 30)  # 11:30, the last that ends by 12:00
    assert slots[6] == utc(2026, 12, 7, 8, 0)  # 14:00
    assert all(s.tzinfo is UTC for s in slots)


def test_a_session_must_end_within_the_window() -> None:
    lab = ServiceRule("certification", 6, timedelta(hours=4), {1: (w("10:00", "13:00"),)})
    assert slots_for_day(lab, date(2026, 12, 8), BISHKEK) == []


def test_closed_days_and_exceptions() -> None:
    exceptions = {
        date(2026, 12, 7): (),  # a holiday
        date(2026, 12, 8): (w("10:00", "11:00"),),  # a short day
        date(2026, 12, 12): (w("10:00", "11:00"),),  # a Saturday opened specially
    }
    days = slots_between(CONSULTATION, date(2026, 12, 6), date(2026, 12, 13), BISHKEK, exceptions)
    assert sorted(days) == [date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 12)]
    assert days[date(2026, 12, 8)] == [utc(2026, 12, 8, 4, 0), utc(2026, 12, 8, 4, 30)]
    assert len(days[date(2026, 12, 9)]) == 12  # Wednesday, regular hours
    assert len(days[date(2026, 12, 12)]) == 2


def test_a_time_skipped_by_the_spring_dst_change_is_not_offered() -> None:
    night = ServiceRule("x", 1, timedelta(hours=1), {6: (w("01:00", "04:00"),)})
    # 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST; local 02:00 does not exist.
    slots = slots_for_day(night, date(2026, 3, 29), BERLIN)
    assert slots == [utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 1, 0)]  # 01:00 CET, 03:00 CEST
    assert [s.astimezone(BERLIN).hour for s in slots] == [1, 3]


def test_the_repeated_autumn_hour_is_offered_once() -> None:
    night = ServiceRule("x", 1, timedelta(hours=1), {6: (w("01:00", "04:00"),)})
    # 25 October 2026, Berlin: 03:00 CEST goes back to 02:00 CET; 02:00 happens twice.
    slots = slots_for_day(night, date(2026, 10, 25), BERLIN)
    assert slots == [utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 2, 0)]
    assert len(set(slots)) == len(slots)


def test_the_same_wall_clock_hours_shift_in_utc_across_a_dst_change() -> None:
    weekly = ServiceRule(
        "x", 1, timedelta(minutes=30), {d: (w("09:00", "09:30"),) for d in range(7)}
    )
    # America/New_York: EST (UTC-5) until 8 March 2026, then EDT (UTC-4).
    days = slots_between(weekly, date(2026, 3, 7), date(2026, 3, 9), NEW_YORK)
    assert days[date(2026, 3, 7)] == [utc(2026, 3, 7, 14, 0)]
    assert days[date(2026, 3, 9)] == [utc(2026, 3, 9, 13, 0)]


def test_bishkek_days_are_cut_at_local_midnight() -> None:
    # 00:00-01:00 in Bishkek is the previous UTC day: the slot belongs to its local day.
    early = ServiceRule("x", 1, timedelta(hours=1), {0: (w("00:00", "01:00"),)})
    days = slots_between(early, date(2026, 12, 7), date(2026, 12, 7), BISHKEK)
    assert days == {date(2026, 12, 7): [utc(2026, 12, 6, 18, 0)]}


def test_bookable_needs_lead_time_and_stays_within_the_horizon() -> None:
    now = utc(2026, 12, 7, 3, 0)
    assert not bookable(now + timedelta(minutes=59), now)
    assert bookable(now + timedelta(hours=1), now)
    assert bookable(now + timedelta(days=HORIZON_DAYS), now)
    assert not bookable(now + timedelta(days=HORIZON_DAYS + 2), now)
    assert not bookable(now - timedelta(hours=1), now)


# ---------------------------------------------------------------- reminders and offers


def test_reminders_24h_and_2h_before_only_when_still_ahead() -> None:
    start = utc(2026, 12, 10, 4, 0)  # 10:00 in Bishkek
    assert reminder_times(start, start - timedelta(days=3)) == [
        ("24h", utc(2026, 12, 9, 4, 0)),
        ("2h", utc(2026, 12, 10, 2, 0)),
    ]
    assert reminder_times(start, start - timedelta(hours=5)) == [("2h", utc(2026, 12, 10, 2, 0))]
    assert reminder_times(start, start - timedelta(hours=1)) == []


def test_reminders_keep_the_interval_across_dst() -> None:
    # Reminders are instants before the start: 24 real hours, whatever the clocks do.
    start = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN).astimezone(UTC)  # first day of CEST
    (_, day_before), _ = reminder_times(start, start - timedelta(days=5))
    assert start - day_before == timedelta(hours=24)
    assert day_before.astimezone(BERLIN).hour == 8  # the wall clock moved an hour


def test_an_offer_is_held_for_the_hold_but_never_up_to_the_start() -> None:
    start = utc(2026, 12, 10, 4, 0)
    hold = timedelta(hours=3)
    assert offer_deadline(start - timedelta(days=1), start, hold) == start - timedelta(hours=21)
    assert offer_deadline(start - timedelta(hours=3), start, hold) == start - timedelta(hours=1)
    assert offer_deadline(start - timedelta(hours=1, minutes=59), start, hold) is None


# ---------------------------------------------------------------- input and codes


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Айгүл Асанова", "Айгүл Асанова"),
        ("  Aigul   Asanova ", "Aigul Asanova"),
        ("Жылдыз-Бүбү Өмүрбек кызы", "Жылдыз-Бүбү Өмүрбек кызы"),
        ("O'Neil", "O'Neil"),
        ("A", None),
        ("+996 555 123 456", None),
        ("<b>Ann</b>", None),
        ("Anna 2", None),
        ("x" * 61, None),
        ("--", None),
    ],
)
def test_names(typed: str, kept: str | None) -> None:
    assert clean_name(typed) == kept


def test_phones_from_contacts() -> None:
    assert clean_phone("996555123456") == "+996555123456"
    assert clean_phone("+7 (912) 345-67-89") == "+79123456789"
    assert clean_phone("12") is None


def test_codes_use_only_unambiguous_characters() -> None:
    codes = {new_code() for _ in range(500)}
    assert len(codes) > 490
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set(CODE_ALPHABET) & set("0O1IL2Z5S8B6GDQ")
    # A coordinator typing a code on a Cyrillic keyboard still finds it.
    assert normalize_code("к3х-ну7") == "K3XHY7"


# ---------------------------------------------------------------- coordinators


def test_coordinator_buttons_follow_the_status_and_the_clock() -> None:
    start = utc(2026, 12, 10, 4, 0)
    before = start - timedelta(days=1)
    assert coordinator_actions(Status.REQUESTED, start, before, False) == [
        Action.APPROVE,
        Action.RESCHEDULE,
        Action.DECLINE,
    ]
    assert coordinator_actions(Status.CONFIRMED, start, start, False) == [
        Action.ATTENDED,
        Action.NO_SHOW,
        Action.RESCHEDULE,
        Action.DECLINE,
    ]
    assert coordinator_actions(Status.ATTENDED, start, start, True) == [Action.RESULT]
    assert coordinator_actions(Status.ATTENDED, start, start, False) == []
    assert coordinator_actions(Status.CANCELLED, start, start, True) == []
    assert coordinator_actions(Status.NO_SHOW, start, start, False) == [Action.ATTENDED]


def test_attendance_and_results_only_from_the_start() -> None:
    """A 10:00 session (04:00 UTC, Bishkek) cannot be a no-show at 09:02, nor have a result."""
    start = utc(2026, 12, 10, 4, 0)
    at_0902 = utc(2026, 12, 10, 3, 2)
    assert not session_started(start, at_0902)
    assert not session_started(start, start - timedelta(seconds=1))
    assert session_started(start, start) and session_started(start, start + timedelta(hours=3))
    for status in (Status.REQUESTED, Status.CONFIRMED):
        early = coordinator_actions(status, start, at_0902, True)
        assert Action.ATTENDED not in early and Action.NO_SHOW not in early
        started = coordinator_actions(status, start, start, True)
        assert {Action.ATTENDED, Action.NO_SHOW} <= set(started)


def test_only_reminders_still_ahead_are_promised() -> None:
    start = utc(2026, 12, 10, 4, 0)  # 10:00 in Bishkek
    assert promised_reminders(start, start - timedelta(days=2)) == "both"
    assert promised_reminders(start, start - timedelta(hours=24, minutes=1)) == "both"
    assert promised_reminders(start, start - timedelta(hours=24)) == "two-hours"
    assert promised_reminders(start, start - timedelta(hours=5)) == "two-hours"
    assert promised_reminders(start, utc(2026, 12, 10, 3, 0)) == "none"  # booked at 09:00
    assert promised_reminders(start, start - timedelta(hours=2)) == "none"
    # The promise never differs from what is scheduled.
    for minutes in range(0, 3 * 24 * 60, 17):
        now = start - timedelta(minutes=minutes)
        kinds = [kind for kind, _ in reminder_times(start, now)]
        expected = {2: "both", 1: "two-hours", 0: "none"}[len(kinds)]
        assert promised_reminders(start, now) == expected


def test_day_arguments() -> None:
    today = date(2026, 12, 7)
    assert parse_day_arg(None, today) == today
    assert parse_day_arg("завтра", today) == date(2026, 12, 8)
    assert parse_day_arg("эртең", today) == date(2026, 12, 8)
    assert parse_day_arg("2026-12-15", today) == date(2026, 12, 15)
    assert parse_day_arg("15.12.2026", today) == date(2026, 12, 15)
    assert parse_day_arg("someday", today) is None


def test_closure_input() -> None:
    today = date(2026, 12, 7)
    assert parse_exception("31.12.2026", today) == (date(2026, 12, 31), ())
    assert parse_exception("31.12.2026 10:00-13:00", today) == (
        date(2026, 12, 31),
        (w("10:00", "13:00"),),
    )
    assert parse_exception("01.12.2026", today) == "range"
    assert parse_exception("32.12.2026", today) == "date"
    assert parse_exception("31.12.2026 13-10", today) == "hours"


def test_csv_cells_cannot_become_formulas() -> None:
    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert _cell("+996555123456") == "'+996555123456"
    assert _cell("Айгүл") == "Айгүл"
    assert _cell(None) == ""


def test_stats_arithmetic() -> None:
    assert percent(37, 200) == 18
    assert percent(0, 0) == 0
    start, end = year_bounds(2026, BISHKEK)
    assert start == utc(2025, 12, 31, 18, 0) and end == utc(2026, 12, 31, 18, 0)


def test_calendar_helpers() -> None:
    grid = month_grid(2026, 2)  # February 2026 starts on a Sunday
    assert grid[0][:6] == [None] * 6 and grid[0][6] == date(2026, 2, 1)
    assert add_months(2026, 12, 1) == (2027, 1)
    assert add_months(2026, 1, -1) == (2025, 12)


# ---------------------------------------------------------------- services.yaml


def test_the_shipped_services_are_valid() -> None:
    catalog = ContentLibrary.load().services
    assert catalog.keys == ("orientation", "consultation", "certification", "reintegration")
    orientation = catalog.get("orientation")
    lab = catalog.get("certification")
    assert orientation is not None and orientation.capacity == 20
    assert lab is not None and lab.certification and lab.capacity == 6
    for info in catalog.services:
        assert set(info.name) == set(info.description) == set(info.bring) == {"ky", "ru", "en"}
        assert info.weekly, f"{info.key} has no default hours: booking would be empty"
    # No street address until one is confirmed: people are told where to ask (issue 15).
    assert catalog.place["en"].startswith("the Center, Bishkek (ask for the exact address")


def test_broken_services_are_refused_with_every_problem() -> None:
    broken = {
        "place": {"ky": "Борбор", "ru": "Центр"},
        "services": [
            {
                "key": "Bad Key",
                "capacity": 0,
                "duration": 7,
                "languages": ["de"],
                "hours": {"mon": ["12:00-09:00"]},
                "name": {"ky": "a", "ru": "b", "en": "c"},
                "description": {"ky": "a", "ru": "b"},
                "bring": {"ky": ["x"], "ru": ["x"], "en": "x"},
            }
        ],
    }
    with pytest.raises(ServicesError) as error:
        parse_services(broken)
    text = "\n".join(error.value.problems)
    for fragment in (
        "key",
        "capacity",
        "duration",
        "languages",
        "hours",
        "description",
        "bring",
        "place",
    ):
        assert fragment in text
