"""The console's figures as plain data: one function per chart, taking a session and a date
range, returning aggregates only (counts and rates; never a person's row). The charts
(handlers/console/charts.py), their CSV files and /stats are drawn from these.

Each result has `table()`: the same figures as a header and rows, for the CSV download.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Booking,
    Broadcast,
    Case,
    CaseMessage,
    CertificationResult,
    ContractCheckFlag,
    ContractCheckResult,
    User,
)
from domain.booking import Status, year_bounds
from domain.cases import OPEN_STATUSES, Author, CaseStatus, WorkingHours
from domain.contract import Level
from domain.figures import (
    DateRange,
    median_hours,
    rate,
    suppress_small,
    week_start,
    working_time_between,
)

UNKNOWN = "_unknown"  # not given (before consent, or never asked)
Row = tuple[object, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[Row]


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class PeopleFigures:
    """People who started using the bot in the range."""

    by_situation: dict[str, int]
    by_destination: dict[str, int]
    by_language: dict[str, int]
    new_per_week: list[tuple[date, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.new_per_week)

    def table(self) -> Table:
        rows: list[Row] = []
        for group, counts in (
            ("situation", self.by_situation),
            ("destination", self.by_destination),
            ("language", self.by_language),
        ):
            rows += [(group, key, n) for key, n in counts.items()]
        rows += [("new_per_week", week.isoformat(), n) for week, n in self.new_per_week]
        return Table(("group", "value", "people"), rows)


async def people(session: AsyncSession, period: DateRange) -> PeopleFigures:
    joined = and_(User.created_at >= period.start, User.created_at < period.end)

    async def grouped(column: object) -> dict[str, int]:
        rows = await session.execute(
            select(column, func.count()).where(joined).group_by(column)  # type: ignore[call-overload]
        )
        counts: dict[str, int] = {}
        for key, n in rows.all():
            name = str(key) if key else UNKNOWN
            counts[name] = counts.get(name, 0) + int(n)
        return suppress_small(dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))

    moments = await session.scalars(select(User.created_at).where(joined))
    per_week = Tally(week_start(period.local_day(m)) for m in moments)
    return PeopleFigures(
        by_situation=await grouped(User.situation),
        by_destination=await grouped(User.destination),
        by_language=await grouped(User.locale),
        new_per_week=[(w, per_week.get(w, 0)) for w in period.weeks()],
    )


# ---------------------------------------------------------------- bookings

# A booking that held a place in its session (the waiting list and the refused are apart).
BOOKED = (Status.REQUESTED, Status.CONFIRMED, Status.OFFERED, Status.ATTENDED, Status.NO_SHOW)


@dataclass(frozen=True)
class BookingWeek:
    week: date
    booked: dict[str, int]  # by service
    attended: int
    no_show: int

    @property
    def attendance_rate(self) -> float:
        return rate(self.attended, self.attended + self.no_show)

    @property
    def no_show_rate(self) -> float:
        return rate(self.no_show, self.attended + self.no_show)


@dataclass(frozen=True)
class BookingFigures:
    services: list[str]
    weeks: list[BookingWeek]

    def table(self) -> Table:
        header = (
            "week",
            *(f"booked_{s}" for s in self.services),
            "attended",
            "no_show",
            "attendance_rate_percent",
            "no_show_rate_percent",
        )
        rows: list[Row] = [
            (
                w.week.isoformat(),
                *(w.booked.get(s, 0) for s in self.services),
                w.attended,
                w.no_show,
                w.attendance_rate,
                w.no_show_rate,
            )
            for w in self.weeks
        ]
        return Table(header, rows)


async def bookings(session: AsyncSession, period: DateRange) -> BookingFigures:
    rows = await session.execute(
        select(Booking.service, Booking.starts_at, Booking.status).where(
            Booking.starts_at >= period.start,
            Booking.starts_at < period.end,
            Booking.status.in_([s.value for s in BOOKED]),
        )
    )
    booked: dict[date, Tally[str]] = {}
    attended: Tally[date] = Tally()
    no_show: Tally[date] = Tally()
    services: set[str] = set()
    for service, starts_at, status in rows.all():
        week = week_start(period.local_day(starts_at))
        booked.setdefault(week, Tally())[service] += 1
        services.add(service)
        if status == Status.ATTENDED:
            attended[week] += 1
        elif status == Status.NO_SHOW:
            no_show[week] += 1
    weeks = [
        BookingWeek(w, dict(booked.get(w, {})), attended[w], no_show[w]) for w in period.weeks()
    ]
    return BookingFigures(sorted(services), weeks)


# ---------------------------------------------------------------- certification


@dataclass(frozen=True)
class CertificationFigures:
    """People certified (first pass counted once) in the calendar year of the range's end."""

    year: int
    target: int
    per_month: list[int]  # certified in each month, January first
    through_month: int = 12  # the range's last month: the running total stops there

    @property
    def certified(self) -> int:
        return sum(self.per_month)

    def cumulative(self) -> list[int]:
        total, out = 0, []
        for n in self.per_month:
            total += n
            out.append(total)
        return out

    def table(self) -> Table:
        rows: list[Row] = [
            (f"{self.year}-{m:02d}", n, c, self.target)
            for m, (n, c) in enumerate(zip(self.per_month, self.cumulative(), strict=True), 1)
        ]
        return Table(("month", "certified", "certified_so_far", "yearly_target"), rows)


async def certification(
    session: AsyncSession, period: DateRange, target: int
) -> CertificationFigures:
    year = period.last.year
    start, end = year_bounds(year, period.tz)
    moments = await session.scalars(
        select(CertificationResult.recorded_at).where(
            CertificationResult.counted.is_(True),
            CertificationResult.recorded_at >= start,
            CertificationResult.recorded_at < end,
        )
    )
    months = Tally(period.local_day(m).month for m in moments)
    return CertificationFigures(
        year, target, [months.get(m, 0) for m in range(1, 13)], period.last.month
    )


# ---------------------------------------------------------------- job-offer checks


@dataclass(frozen=True)
class JobOfferFigures:
    levels: dict[str, int]  # red / amber / green
    top_warnings: list[tuple[str, int]]  # question id, how often it was a red flag

    def table(self) -> Table:
        rows: list[Row] = [("result", level, self.levels.get(level, 0)) for level in LEVELS]
        rows += [("warning_sign", question, n) for question, n in self.top_warnings]
        return Table(("kind", "value", "checks"), rows)


LEVELS = (Level.RED.value, Level.AMBER.value, Level.GREEN.value)
TOP_WARNINGS = 8


async def job_offers(session: AsyncSession, period: DateRange) -> JobOfferFigures:
    in_range = and_(
        ContractCheckResult.day >= period.first, ContractCheckResult.day <= period.last
    )
    level_rows = await session.execute(
        select(ContractCheckResult.level, func.count())
        .where(in_range)
        .group_by(ContractCheckResult.level)
    )
    levels = {str(level): int(n) for level, n in level_rows.all()}
    flag_rows = await session.execute(
        select(ContractCheckFlag.question_id, func.count())
        .join(ContractCheckResult, ContractCheckResult.id == ContractCheckFlag.result_id)
        .where(in_range, ContractCheckFlag.level == Level.RED.value)
        .group_by(ContractCheckFlag.question_id)
    )
    ranked = sorted(((str(q), int(n)) for q, n in flag_rows.all()), key=lambda r: (-r[1], r[0]))
    return JobOfferFigures({lv: levels.get(lv, 0) for lv in LEVELS}, ranked[:TOP_WARNINGS])


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class CaseFigures:
    open_now: int  # new or in progress: the Center's turn
    waiting_now: int  # the person's turn
    new_per_week: list[tuple[date, int]]
    answered: int  # cases of the range with a first answer
    median_first_answer_hours: float | None  # in working hours

    def table(self) -> Table:
        rows: list[Row] = [
            ("open_now", "", self.open_now),
            ("waiting_now", "", self.waiting_now),
            ("answered_in_range", "", self.answered),
            ("median_first_answer_working_hours", "", self.median_first_answer_hours or ""),
        ]
        rows += [("new_per_week", w.isoformat(), n) for w, n in self.new_per_week]
        return Table(("figure", "week", "value"), rows)


async def cases(session: AsyncSession, period: DateRange, hours: WorkingHours) -> CaseFigures:
    status_rows = await session.execute(
        select(Case.status, func.count())
        .where(Case.status.in_([s.value for s in OPEN_STATUSES]))
        .group_by(Case.status)
    )
    by_status = {str(s): int(n) for s, n in status_rows.all()}
    first_staff = (
        select(
            Case.created_at,
            func.min(CaseMessage.created_at),
        )
        .outerjoin(
            CaseMessage,
            and_(CaseMessage.case_id == Case.id, CaseMessage.author == Author.STAFF.value),
        )
        .where(Case.created_at >= period.start, Case.created_at < period.end)
        .group_by(Case.id, Case.created_at)
    )
    created: Tally[date] = Tally()
    waits = []
    for opened, answered in (await session.execute(first_staff)).all():
        created[week_start(period.local_day(opened))] += 1
        if answered is not None:
            waits.append(working_time_between(opened, answered, hours))
    return CaseFigures(
        open_now=by_status.get(CaseStatus.NEW, 0) + by_status.get(CaseStatus.IN_PROGRESS, 0),
        waiting_now=by_status.get(CaseStatus.WAITING, 0),
        new_per_week=[(w, created.get(w, 0)) for w in period.weeks()],
        answered=len(waits),
        median_first_answer_hours=median_hours(waits),
    )


# ---------------------------------------------------------------- broadcasts


@dataclass(frozen=True)
class BroadcastWeek:
    week: date
    delivered: int = 0
    blocked: int = 0
    news_off: int = 0


@dataclass(frozen=True)
class BroadcastFigures:
    weeks: list[BroadcastWeek] = field(default_factory=list)

    def table(self) -> Table:
        rows: list[Row] = [
            (w.week.isoformat(), w.delivered, w.blocked, w.news_off) for w in self.weeks
        ]
        return Table(("week", "delivered", "blocked", "turned_news_off"), rows)


async def broadcasts(session: AsyncSession, period: DateRange) -> BroadcastFigures:
    rows = await session.execute(
        select(Broadcast.started_at, Broadcast.sent, Broadcast.blocked, Broadcast.news_off).where(
            Broadcast.started_at >= period.start, Broadcast.started_at < period.end
        )
    )
    totals: dict[date, list[int]] = {}
    for started, sent, blocked, news_off in rows.all():
        if started is None:  # excluded by the query; for the type checker
            continue
        week = totals.setdefault(week_start(period.local_day(started)), [0, 0, 0])
        week[0] += sent
        week[1] += blocked
        week[2] += news_off
    return BroadcastFigures([BroadcastWeek(w, *totals.get(w, [0, 0, 0])) for w in period.weeks()])


__all__ = [
    "BookingFigures",
    "BroadcastFigures",
    "CaseFigures",
    "CertificationFigures",
    "JobOfferFigures",
    "PeopleFigures",
    "Table",
    "bookings",
    "broadcasts",
    "cases",
    "certification",
    "job_offers",
    "people",
]
