"""Which shipped reminders are planned for whom: Russia's deadlines vs Turkey and Korea.

Every instant is fixed (no test depends on the hour it runs at): the domain planner takes
`now` explicitly, and so does the database planner.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from content.library import ContentLibrary
from domain.reminders import PlannedEvent, Profile, QuietHours, plan_events, zone
from handlers.reminders.jobs import plan_pending
from handlers.reminders.planning import PlanContext
from tests.reminders.conftest import make_person, reminders_of

CAMPAIGNS = ContentLibrary.load().campaigns
QUIET = QuietHours(21, 9)
GRACE = timedelta(hours=6)
BISHKEK = zone("Asia/Bishkek")
MOSCOW = zone("Europe/Moscow")
# 09:00 in Bishkek on 1 March 2027: a Monday morning, far from any daylight-saving change.
NOW = datetime(2027, 3, 1, 3, tzinfo=UTC)
TODAY = date(2027, 3, 1)
DEPARTURE = TODAY + timedelta(days=90)
ARRIVAL = TODAY  # arrived this morning


def planning(destination: str) -> Profile:
    return Profile("planning", destination, DEPARTURE, None, None, "Asia/Bishkek")


def abroad(destination: str, timezone: str) -> Profile:
    return Profile("abroad", destination, None, ARRIVAL, None, timezone)


def plan(profile: Profile, now: datetime = NOW) -> list[PlannedEvent]:
    return plan_events(CAMPAIGNS.rules, profile, now, QUIET, GRACE)


def ids(events: list[PlannedEvent]) -> list[str]:
    return [e.rule_id for e in events]


def asks_registration(campaign_id: str) -> bool:
    campaign = CAMPAIGNS.get(campaign_id)
    assert campaign is not None
    return any(question.id == "registered" for question in campaign.survey)


def test_a_russia_departure_gets_the_ban_check_60_days_before() -> None:
    events = plan(planning("russia"))
    assert ids(events) == ["dep-60-ru", "dep-30", "dep-14", "dep-3", "dep-0-ru"]
    ban_check = events[0]
    local = ban_check.due_at.astimezone(BISHKEK)
    assert local.date() == DEPARTURE - timedelta(days=60) == date(2027, 3, 31)
    assert local.time() == time(10)


@pytest.mark.parametrize("destination", ["turkey", "korea"])
def test_turkey_and_korea_departures_get_no_russian_reminders(destination: str) -> None:
    assert ids(plan(planning(destination))) == ["dep-30", "dep-14", "dep-3", "dep-0"]


def test_a_russia_arrival_gets_a_reminder_before_each_deadline() -> None:
    events = plan(abroad("russia", "Europe/Moscow"))
    assert ids(events) == [
        "arr-3-contract", "ru-arr-7", "ru-arr-21", "arr-30", "ru-90d", "ru-med-1y", "ru-med-2y",
    ]  # fmt: skip
    due = {e.rule_id: e.due_at.astimezone(MOSCOW) for e in events}
    # 30 days to register and for the medical exam and fingerprints: both notices before day 30.
    assert due["ru-arr-7"].date() == date(2027, 3, 8)
    assert due["ru-arr-21"].date() == date(2027, 3, 22)
    # 15 days before the 90 days end, and at least a month before the certificate can expire.
    assert due["ru-90d"].date() == ARRIVAL + timedelta(days=75)
    assert due["ru-med-1y"].date() <= ARRIVAL + timedelta(days=365 - 30)
    assert due["ru-med-2y"].date() <= ARRIVAL + timedelta(days=2 * 365 - 30)
    assert all(d.time() == time(11) for d in due.values())


@pytest.mark.parametrize(
    ("destination", "timezone"),
    [("turkey", "Europe/Istanbul"), ("korea", "Asia/Seoul"), ("europe", "Europe/London")],
)
def test_other_arrivals_get_only_the_general_check_ins(destination: str, timezone: str) -> None:
    events = plan(abroad(destination, timezone))
    assert ids(events) == ["arr-3-contract", "arr-30"]
    # "Did you register?" is a Russian deadline: never asked here.
    assert not any(asks_registration(e.rule_id) for e in events)


def test_the_registration_question_comes_in_russia_on_day_21_not_day_3() -> None:
    events = plan(abroad("russia", "Europe/Moscow"))
    asking = [e for e in events if asks_registration(e.rule_id)]
    assert [e.rule_id for e in asking] == ["ru-arr-21"]
    assert asking[0].due_at.astimezone(MOSCOW).date() - ARRIVAL == timedelta(days=21)
    assert not asks_registration("arr-3-contract")


def test_a_late_arrival_date_plans_only_the_russian_deadlines_still_ahead() -> None:
    # Entered 40 days after arrival: the 30-day notices are past and skipped, not sent late.
    later = NOW + timedelta(days=40)
    assert ids(plan(abroad("russia", "Europe/Moscow"), later)) == [
        "ru-90d", "ru-med-1y", "ru-med-2y",
    ]  # fmt: skip


SM = async_sessionmaker[AsyncSession]


async def test_the_planner_stores_russia_reminders_only_for_russia(
    sessionmaker: SM, settings: Settings
) -> None:
    await make_person(sessionmaker, 601, situation="abroad", destination="russia",
                      arrival_date=ARRIVAL, timezone="Europe/Moscow")  # fmt: skip
    await make_person(sessionmaker, 602, situation="abroad", destination="turkey",
                      arrival_date=ARRIVAL, timezone="Europe/Istanbul")  # fmt: skip
    assert await plan_pending(sessionmaker, PlanContext.build(Catalog.load(), settings), now=NOW)

    russia = await reminders_of(sessionmaker, 601)
    assert [r.payload["campaign"] for r in russia] == [
        "arr-3-contract", "ru-arr-7", "ru-arr-21", "arr-30", "ru-90d", "ru-med-1y", "ru-med-2y",
    ]  # fmt: skip
    by_id = {r.payload["campaign"]: r for r in russia}
    assert "30 дней после въезда" in by_id["ru-arr-7"].text
    assert "Вы встали на учёт" in by_id["ru-arr-21"].text  # the question of day 21
    assert "Вы встали на учёт" not in by_id["arr-3-contract"].text
    turkey = await reminders_of(sessionmaker, 602)
    assert [r.payload["campaign"] for r in turkey] == ["arr-3-contract", "arr-30"]
    assert not any("на учёт" in r.text for r in turkey)
