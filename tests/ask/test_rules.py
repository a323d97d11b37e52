"""Case rules without Telegram or a database: statuses, queue order, hours, ready answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import SUPPORTED_LOCALES
from content import canned
from content.library import ContentLibrary
from domain.cases import (
    CaseStatus,
    Event,
    QueueItem,
    TransitionError,
    WorkingHours,
    next_status,
    parse_days,
    parse_topic,
    queue_key,
    should_acknowledge,
)
from handlers.ask.callbacks import AskCb, AskStepCb, CaseCb, MyCaseCb

BISHKEK = ZoneInfo("Asia/Bishkek")


@pytest.mark.parametrize(
    ("status", "event", "expected"),
    [
        ("new", Event.PERSON_WROTE, "new"),
        ("waiting", Event.PERSON_WROTE, "in_progress"),
        ("new", Event.STAFF_REPLIED, "waiting"),
        ("in_progress", Event.STAFF_REPLIED, "waiting"),
        ("new", Event.ASSIGNED, "in_progress"),
        ("waiting", Event.ASSIGNED, "waiting"),
        ("in_progress", Event.MARK_WAITING, "waiting"),
        ("waiting", Event.MARK_IN_PROGRESS, "in_progress"),
        ("waiting", Event.CLOSE, "closed"),
        ("closed", Event.REOPEN, "in_progress"),
    ],
)
def test_transitions(status: str, event: Event, expected: str) -> None:
    assert next_status(status, event) is CaseStatus(expected)


@pytest.mark.parametrize(
    "event", [Event.PERSON_WROTE, Event.STAFF_REPLIED, Event.ASSIGNED, Event.CLOSE]
)
def test_a_closed_case_takes_nothing_but_reopen(event: Event) -> None:
    with pytest.raises(TransitionError):
        next_status("closed", event)


def test_reopen_only_from_closed() -> None:
    with pytest.raises(TransitionError):
        next_status("new", Event.REOPEN)


def test_queue_puts_the_centers_turn_and_urgency_first() -> None:
    t0 = datetime(2026, 11, 30, 9, tzinfo=UTC)
    items = {
        "old waiting for person": QueueItem(CaseStatus.WAITING, True, t0),
        "new calm": QueueItem(CaseStatus.NEW, False, t0 + timedelta(minutes=1)),
        "newer urgent": QueueItem(CaseStatus.NEW, True, t0 + timedelta(minutes=5)),
        "older calm": QueueItem(CaseStatus.IN_PROGRESS, False, t0),
    }
    ordered = sorted(items, key=lambda name: queue_key(items[name]))
    assert ordered == ["newer urgent", "older calm", "new calm", "old waiting for person"]


def test_working_hours_and_next_opening_over_a_weekend() -> None:
    hours = WorkingHours(days=(1, 2, 3, 4, 5), start_hour=9, end_hour=18, tz=BISHKEK)
    friday_evening = datetime(2026, 12, 4, 19, 30, tzinfo=BISHKEK)
    assert not hours.is_open(friday_evening)
    assert hours.next_opening(friday_evening) == datetime(2026, 12, 7, 9, tzinfo=BISHKEK)
    monday_morning = datetime(2026, 12, 7, 8, 59, tzinfo=BISHKEK)
    assert hours.next_opening(monday_morning) == datetime(2026, 12, 7, 9, tzinfo=BISHKEK)
    assert hours.is_open(datetime(2026, 12, 7, 9, tzinfo=BISHKEK))
    assert not hours.is_open(datetime(2026, 12, 7, 18, tzinfo=BISHKEK))
    # A Moscow evening (UTC+3) is already night in Bishkek (UTC+6).
    assert not hours.is_open(datetime(2026, 12, 7, 16, tzinfo=ZoneInfo("Europe/Moscow")))


def test_parse_days() -> None:
    assert parse_days("1-5") == (1, 2, 3, 4, 5)
    assert parse_days("6, 1-2") == (1, 2, 6)
    for bad in ("", "0-3", "8", "mon"):
        with pytest.raises(ValueError):
            parse_days(bad)


def test_parse_topic() -> None:
    assert parse_topic("contract") is not None
    assert parse_topic("") is None and parse_topic("passport") is None


def test_added_messages_are_acknowledged_at_most_once_a_minute() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    assert should_acknowledge(None, None, now)
    assert not should_acknowledge(now - timedelta(seconds=10), None, now)
    assert should_acknowledge(now - timedelta(seconds=61), None, now)
    # Not even after an answer: at most once a minute, whatever happened in between.
    assert not should_acknowledge(now - timedelta(seconds=10), now - timedelta(seconds=5), now)


def test_ready_answers_have_every_language_and_no_phone_numbers() -> None:
    answers = ContentLibrary.load().canned
    assert len(answers) >= 5
    for answer in answers:
        for locale in SUPPORTED_LOCALES:
            assert answer.title[locale] and answer.text[locale]
            # Contacts come only from the checked emergency card, never from ready answers.
            assert not any(ch.isdigit() for ch in answer.text[locale]), answer.id


def test_ready_answers_are_validated() -> None:
    good = {"ky": "a", "ru": "b", "en": "c"}
    with pytest.raises(canned.CannedError, match="lacks en"):
        canned.parse_canned([{"id": "x", "title": good, "text": {"ky": "a", "ru": "b"}}])
    with pytest.raises(canned.CannedError, match="twice"):
        canned.parse_canned([{"id": "x", "title": good, "text": good}] * 2)
    with pytest.raises(canned.CannedError, match="id must be"):
        canned.parse_canned([{"id": "bad id!", "title": good, "text": good}])


def test_callback_data_fits_at_the_largest_ids() -> None:
    huge = 2**52
    for data in (
        CaseCb(action="assignto", case_id=huge, arg=str(huge), page=999),
        CaseCb(action="cpick", case_id=huge, arg="x" * canned.ID_MAX),
        MyCaseCb(action="closeyes", case_id=huge),
        AskCb(topic="documents", source="reminder"),
        AskStepCb(step="consent", value="yes"),
    ):
        assert len(data.pack().encode()) <= 64


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ky", "Дш–Жм, 09:00–18:00"),
        ("ru", "в понедельник после 09:00 (06:00 по вашему времени)"),
        ("en", "on Monday after 09:00 (06:00 your time)"),
    ],
)
def test_out_of_hours_note_names_the_next_working_day(lang: str, expected: str) -> None:
    from bot.config import load_settings
    from bot.i18n import Catalog
    from db.models import User
    from handlers.ask.hours import closed_note

    # The shipped center_hours (content/services.yaml): Mon–Fri, 09:00–18:00.
    settings = load_settings()
    t = Catalog.load().translator(lang)
    friday_evening = datetime(2026, 12, 4, 20, tzinfo=BISHKEK)
    person = User(id=1, timezone="Europe/Moscow")
    note = closed_note(t, settings, person, friday_evening)
    assert note is not None and expected in note
    assert closed_note(t, settings, person, datetime(2026, 12, 7, 10, tzinfo=BISHKEK)) is None
