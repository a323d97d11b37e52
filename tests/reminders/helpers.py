"""Shared planning steps of the reminder tests."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from db.clock import local_today
from domain.reminders import zone
from handlers.reminders.jobs import plan_pending
from handlers.reminders.planning import PlanContext
from tests.reminders.conftest import make_person

CATALOG = Catalog.load()
BISHKEK = zone("Asia/Bishkek")
SM = async_sessionmaker[AsyncSession]


def ctx(settings: Settings) -> PlanContext:
    return PlanContext.build(CATALOG, settings)


def local_noon_today() -> datetime:
    today = local_today(BISHKEK)
    return datetime.combine(today, time(12), tzinfo=BISHKEK).astimezone(UTC)


async def plan_person(
    sessionmaker: SM, settings: Settings, now: datetime, user_id: int, **profile: Any
) -> int:
    """Creates someone with this profile and runs the planner once at `now`: how many people
    it planned."""
    await make_person(sessionmaker, user_id, **profile)
    return await plan_pending(sessionmaker, ctx(settings), now=now)


async def plan_korea_leaver(
    sessionmaker: SM, settings: Settings, user_id: int, **profile: Any
) -> tuple[datetime, int]:
    """Someone leaving for Korea in 40 days, planned once at noon today in Bishkek: returns
    that noon and how many people the planner planned."""
    now = local_noon_today()
    departure = now.astimezone(BISHKEK).date() + timedelta(days=40)
    korea = {"situation": "planning", "destination": "korea", "departure_date": departure}
    return now, await plan_person(sessionmaker, settings, now, user_id, **korea, **profile)
