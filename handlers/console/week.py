"""The coordinators' week, as plain data: each service's sessions day by day with capacity,
places taken and waiting list, and the days it is closed or keeps other hours. Read-only:
bookings are changed in the bot, so the console and the bot never disagree about state.

Sessions come from the same rules the bot books by (opening hours set in the bot or the YAML
defaults, closures and short days), plus any session that already has bookings (its hours may
have changed since).
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.library import current as current_library
from db.models import Booking, BookingSlot
from db.queries.booking import exceptions_map, service_rule
from domain.booking import HOLDS_PLACE, Status, free_places, slots_between
from domain.figures import week_start


@dataclass(frozen=True)
class Session:
    starts_at: datetime  # UTC
    local_time: str  # "10:00" in the Center's zone
    capacity: int
    booked: int  # places held (requested, confirmed, offered, attended, no-show)
    waiting: int  # on the waiting list

    @property
    def free(self) -> int:
        return free_places(self.capacity, self.booked)


@dataclass(frozen=True)
class Cell:
    """One service on one day."""

    sessions: list[Session]
    closed: bool = False  # a closure for that day (the service's own or the whole Center's)
    other_hours: bool = False  # a short or changed day


@dataclass(frozen=True)
class WeekFigures:
    monday: date
    services: list[str]
    cells: dict[tuple[str, date], Cell]

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def cell(self, service: str, day: date) -> Cell:
        return self.cells.get((service, day), Cell([]))

    def csv_rows(self) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = [
            (
                "day",
                "service",
                "start",
                "capacity",
                "booked",
                "free",
                "waiting",
                "closed",
                "other_hours",
            )
        ]
        for day in self.days:
            for service in self.services:
                cell = self.cell(service, day)
                if not cell.sessions and (cell.closed or cell.other_hours):
                    rows.append(
                        (
                            day.isoformat(),
                            service,
                            "",
                            "",
                            "",
                            "",
                            "",
                            cell.closed,
                            cell.other_hours,
                        )
                    )
                for s in cell.sessions:
                    rows.append(
                        (
                            day.isoformat(),
                            service,
                            s.local_time,
                            s.capacity,
                            s.booked,
                            s.free,
                            s.waiting,
                            cell.closed,
                            cell.other_hours,
                        )
                    )
        return rows


HOLDING = [s.value for s in HOLDS_PLACE]


async def week(session: AsyncSession, day: date, tz: ZoneInfo) -> WeekFigures:
    monday = week_start(day)
    sunday = monday + timedelta(days=6)
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=7)
    catalog = current_library().services
    # Places and waiting lists of every session of the week that has bookings, in one query.
    counted = await session.execute(
        select(BookingSlot.service, BookingSlot.starts_at, BookingSlot.capacity, Booking.status,
               func.count(Booking.id))
        .join(Booking, Booking.slot_id == BookingSlot.id)
        .where(BookingSlot.starts_at >= start, BookingSlot.starts_at < end)
        .group_by(BookingSlot.service, BookingSlot.starts_at, BookingSlot.capacity,
                  Booking.status)
    )  # fmt: skip
    booked: Tally[tuple[str, datetime]] = Tally()
    waiting: Tally[tuple[str, datetime]] = Tally()
    capacity: dict[tuple[str, datetime], int] = {}
    for service, starts_at, slot_capacity, status, n in counted.all():
        key = (service, starts_at)
        capacity[key] = slot_capacity
        if status in HOLDING:
            booked[key] += n
        elif status == Status.WAITING:
            waiting[key] += n
    cells: dict[tuple[str, date], Cell] = {}
    for info in catalog.services:
        rule = await service_rule(session, info)
        exceptions = await exceptions_map(session, info.key, monday, sunday)
        planned = slots_between(rule, monday, sunday, tz, exceptions)
        starts = {s for slots in planned.values() for s in slots}
        starts |= {when for service, when in capacity if service == info.key}
        by_day: dict[date, list[Session]] = {}
        for when in sorted(starts):
            key = (info.key, when)
            local = when.astimezone(tz)
            by_day.setdefault(local.date(), []).append(
                Session(
                    when,
                    f"{local:%H:%M}",
                    capacity.get(key, info.capacity),
                    booked[key],
                    waiting[key],
                )
            )
        for offset in range(7):
            current = monday + timedelta(days=offset)
            exception = exceptions.get(current)
            cell = Cell(
                by_day.get(current, []),
                closed=exception is not None and not exception,
                other_hours=bool(exception),
            )
            if cell.sessions or cell.closed or cell.other_hours:
                cells[(info.key, current)] = cell
    return WeekFigures(monday, [s.key for s in catalog.services], cells)


__all__ = ["Cell", "Session", "WeekFigures", "week"]
