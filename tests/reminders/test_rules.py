"""The pure time rules of reminders: local times across DST, quiet hours, skipping the past."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.reminders import (
    EventRule,
    Profile,
    QuietHours,
    backoff_delay,
    due_time,
    expiry,
    fingerprint,
    local_to_utc,
    out_of_quiet_hours,
    plan_events,
    user_zone_name,
    zone,
)

LONDON = zone("Europe/London")
ISTANBUL = zone("Europe/Istanbul")
BISHKEK = zone("Asia/Bishkek")
QUIET = QuietHours(21, 9)
GRACE = timedelta(hours=6)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- local time → UTC across daylight saving --------------------------------------------------


def test_london_same_wall_clock_time_either_side_of_spring_change() -> None:
    # Clocks go forward on Sunday 28 March 2027 (01:00 GMT → 02:00 BST).
    before = due_time(date(2027, 4, 10), -14, time(10), LONDON, QUIET)  # 27 March, GMT
    after = due_time(date(2027, 4, 10), -13, time(10), LONDON, QUIET)  # 28 March, BST
    assert before == utc(2027, 3, 27, 10)
    assert after == utc(2027, 3, 28, 9)
    assert before.astimezone(LONDON).time() == after.astimezone(LONDON).time() == time(10)


def test_london_autumn_change_keeps_local_time() -> None:
    # Clocks go back on Sunday 31 October 2027.
    assert due_time(date(2027, 10, 30), 0, time(11), LONDON, QUIET) == utc(2027, 10, 30, 10)
    assert due_time(date(2027, 10, 31), 0, time(11), LONDON, QUIET) == utc(2027, 10, 31, 11)


def test_nonexistent_local_time_moves_past_the_gap() -> None:
    # 01:30 does not exist in London on 28 March 2027; it becomes 02:30 BST.
    when = local_to_utc(date(2027, 3, 28), time(1, 30), LONDON)
    assert when == utc(2027, 3, 28, 1, 30)
    assert when.astimezone(LONDON).time() == time(2, 30)


def test_repeated_local_time_takes_the_first_occurrence() -> None:
    when = local_to_utc(date(2027, 10, 31), time(1, 30), LONDON)
    assert when == utc(2027, 10, 31, 0, 30)  # 01:30 BST, not 01:30 GMT


@pytest.mark.parametrize("day", [date(2027, 1, 15), date(2027, 7, 15), date(2027, 3, 28)])
def test_istanbul_has_no_daylight_saving(day: date) -> None:
    # Turkey stays on UTC+3 all year (since 2016): 10:00 local is always 07:00 UTC.
    assert due_time(day, 0, time(10), ISTANBUL, QUIET) == datetime.combine(
        day, time(7), tzinfo=UTC
    )


def test_bishkek_offset() -> None:
    assert due_time(date(2027, 6, 1), -3, time(10), BISHKEK, QUIET) == utc(2027, 5, 29, 4)


# --- quiet hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "quiet"),
    [(time(21), True), (time(23, 59), True), (time(0), True), (time(8, 59), True),
     (time(9), False), (time(12), False), (time(20, 59), False)],
)  # fmt: skip
def test_quiet_hours_wrap_midnight(local: time, quiet: bool) -> None:
    assert QUIET.contains(local) is quiet


def test_quiet_hours_without_wrap_and_disabled() -> None:
    early = QuietHours(0, 6)
    assert early.contains(time(3)) and not early.contains(time(6)) and not early.contains(time(23))
    assert not QuietHours(9, 9).contains(time(3))


def test_evening_moves_to_next_morning() -> None:
    late = local_to_utc(date(2027, 5, 3), time(22, 30), ISTANBUL)
    moved = out_of_quiet_hours(late, ISTANBUL, QUIET)
    assert moved.astimezone(ISTANBUL) == datetime(2027, 5, 4, 9, tzinfo=ISTANBUL)


def test_early_morning_moves_to_same_morning() -> None:
    early = local_to_utc(date(2027, 5, 3), time(6), BISHKEK)
    moved = out_of_quiet_hours(early, BISHKEK, QUIET)
    assert moved.astimezone(BISHKEK).replace(tzinfo=None) == datetime(2027, 5, 3, 9)


def test_quiet_shift_across_the_dst_night() -> None:
    # 22:00 GMT on Saturday → 09:00 BST on Sunday 28 March 2027 (08:00 UTC).
    late = local_to_utc(date(2027, 3, 27), time(22), LONDON)
    assert out_of_quiet_hours(late, LONDON, QUIET) == utc(2027, 3, 28, 8)


def test_campaign_time_inside_quiet_hours_is_moved() -> None:
    # A campaign set for 22:00 arrives at 09:00 the next local morning.
    assert due_time(date(2027, 5, 10), 0, time(22), ISTANBUL, QUIET) == utc(2027, 5, 11, 6)


def test_daytime_is_left_alone() -> None:
    noon = utc(2027, 5, 3, 9)  # 12:00 in Istanbul
    assert out_of_quiet_hours(noon, ISTANBUL, QUIET) == noon


def test_expiry_never_reaches_into_quiet_hours() -> None:
    due = local_to_utc(date(2027, 5, 3), time(18), ISTANBUL)
    assert expiry(due, ISTANBUL, QUIET, GRACE).astimezone(ISTANBUL).time() == time(21)
    morning = local_to_utc(date(2027, 5, 3), time(10), ISTANBUL)
    assert expiry(morning, ISTANBUL, QUIET, GRACE) == morning + GRACE


# --- planning a person's events ---------------------------------------------------------------

RULES = [
    EventRule("d30", "planning", "departure_date", -30, time(10)),
    EventRule("d14", "planning", "departure_date", -14, time(10)),
    EventRule("d3", "planning", "departure_date", -3, time(10)),
    EventRule("d0", "planning", "departure_date", 0, time(8)),
    EventRule("d0ru", "planning", "departure_date", 0, time(8), frozenset({"russia"})),
    EventRule("a3", "abroad", "arrival_date", 3, time(11)),
]


def planner(departure: date | None = None, arrival: date | None = None, **kw: str) -> Profile:
    return Profile(
        situation=kw.get("situation", "planning"),
        destination=kw.get("destination", "korea"),
        departure_date=departure,
        arrival_date=arrival,
        return_date=None,
        timezone=kw.get("timezone", "Asia/Bishkek"),
    )


def test_only_future_events_of_the_right_situation_and_destination() -> None:
    now = utc(2027, 5, 1, 3)  # 09:00 in Bishkek
    events = plan_events(RULES, planner(date(2027, 5, 21)), now, QUIET, GRACE)
    assert [e.rule_id for e in events] == ["d14", "d3", "d0"]  # d30 passed; d0ru is Russia only
    assert events[0].due_at == utc(2027, 5, 7, 4)  # 10:00 Bishkek
    assert all(e.anchor == date(2027, 5, 21) for e in events)


def test_past_events_are_skipped_not_sent_in_a_burst() -> None:
    # Departure entered two days before leaving: d30, d14 and d3 are long past.
    now = utc(2027, 5, 19, 6)  # 12:00 Bishkek, 19 May
    events = plan_events(RULES, planner(date(2027, 5, 21)), now, QUIET, GRACE)
    assert [e.rule_id for e in events] == ["d0"]


def test_a_reminder_missed_by_minutes_is_sent_once_now() -> None:
    # d3 was due at 10:00; the date is entered at 10:05: it goes out now, the older ones don't.
    now = utc(2027, 5, 18, 4, 5)
    events = plan_events(RULES, planner(date(2027, 5, 21)), now, QUIET, GRACE)
    assert [e.rule_id for e in events] == ["d3", "d0"]
    assert events[0].due_at == now and events[0].expires_at > now


def test_a_missed_reminder_is_not_sent_at_night() -> None:
    # Due 20:30, planned at 21:10 (quiet hours): it would only go out tomorrow 09:00, past grace.
    rule = [EventRule("eve", "planning", "departure_date", 0, time(20, 30))]
    now = local_to_utc(date(2027, 5, 21), time(21, 10), BISHKEK)
    assert plan_events(rule, planner(date(2027, 5, 21)), now, QUIET, GRACE) == []


def test_abroad_times_follow_the_destination_zone() -> None:
    profile = planner(
        arrival=date(2027, 3, 25),
        situation="abroad",
        destination="europe",
        timezone="Europe/London",
    )
    events = plan_events(RULES, profile, utc(2027, 3, 1), QUIET, GRACE)
    assert [e.rule_id for e in events] == ["a3"]
    assert events[0].due_at == utc(2027, 3, 28, 10)  # 11:00 BST, the day the clocks changed


def test_no_date_no_events() -> None:
    assert plan_events(RULES, planner(None), utc(2027, 5, 1), QUIET, GRACE) == []


def test_default_zone_follows_situation_and_destination() -> None:
    assert user_zone_name(None, "abroad", "turkey") == "Europe/Istanbul"
    assert user_zone_name(None, "planning", "turkey") == "Asia/Bishkek"
    assert user_zone_name("Asia/Seoul", "abroad", "turkey") == "Asia/Seoul"
    assert user_zone_name(None, None, None) == "Asia/Bishkek"
    assert zone("Not/AZone") == BISHKEK


def test_fingerprint_changes_with_what_matters() -> None:
    base = planner(date(2027, 5, 21))
    fp = fingerprint(base, "ru", True)
    assert fp == fingerprint(planner(date(2027, 5, 21)), "ru", True)
    assert fp != fingerprint(planner(date(2027, 5, 22)), "ru", True)
    assert fp != fingerprint(base, "ky", True)
    assert fp != fingerprint(base, "ru", False)
    assert fp != fingerprint(planner(date(2027, 5, 21), timezone="Europe/Moscow"), "ru", True)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [backoff_delay(n, 5, 30) for n in range(0, 6)] == [0, 5, 10, 20, 30, 30]
