"""The dashboard's figures on seeded data, on both databases (handlers/console/stats.py),
without HTTP; and the charts and CSV files drawn from them."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Catalog
from db.clock import Clock
from domain.cases import WorkingHours
from domain.figures import FEW, parse_range
from handlers.console import stats
from handlers.console.charts import CHARTS, Labels, render_csv, render_png
from tests.console.seed import NOW, seed_figures

PNG = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[2]


async def seeded(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    clock.travel(NOW)
    async with sessionmaker() as session, session.begin():
        await seed_figures(session)


async def test_figures_on_seeded_data(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
) -> None:
    await seeded(sessionmaker, clock)
    tz = settings.tz
    period = parse_range("2026-11-09", "2026-11-22", NOW.date(), tz)
    hours = WorkingHours(days=(1, 2, 3, 4, 5), start_hour=9, end_hour=18, tz=tz)
    async with sessionmaker() as session:
        people = await stats.people(session, period)
        bookings = await stats.bookings(session, period)
        certification = await stats.certification(session, period, 200)
        offers = await stats.job_offers(session, period)
        cases = await stats.cases(session, period, hours)
        broadcasts = await stats.broadcasts(session, period)

    # The returned person is a group of one, the two before consent a group of two: neither is
    # a bar of its own; together they make "fewer than 3 each". The one English speaker is
    # left out altogether (still fewer than 3).
    assert people.by_situation == {"planning": 6, "abroad": 4, FEW: 3}
    assert people.by_destination == {"russia": 6, "turkey": 4, FEW: 3}
    assert people.by_language == {"ky": 8, "ru": 4}
    assert people.new_per_week == [(date(2026, 11, 9), 3), (date(2026, 11, 16), 10)]

    assert bookings.services == ["certification", "consultation"]
    [before, week] = bookings.weeks
    assert before.booked == {} and before.attendance_rate == 0.0
    assert week.booked == {"consultation": 3, "certification": 2}
    assert (week.attended, week.no_show) == (2, 1)
    assert (week.attendance_rate, week.no_show_rate) == (66.7, 33.3)

    assert certification.year == 2026
    assert certification.certified == 3
    assert certification.per_month[2] == 1 and certification.per_month[10] == 2
    assert certification.cumulative()[-1] == 3

    assert offers.levels == {"red": 2, "amber": 1, "green": 3}
    assert offers.top_warnings == [("pay_fee", 2), ("passport", 1)]

    assert (cases.open_now, cases.waiting_now) == (1, 1)
    assert cases.answered == 3
    assert cases.median_first_answer_hours == 2.0
    assert cases.new_per_week == [(date(2026, 11, 9), 1), (date(2026, 11, 16), 3)]

    assert [(b.delivered, b.blocked, b.news_off) for b in broadcasts.weeks] == [
        (0, 0, 0),
        (120, 4, 3),
    ]


async def test_small_groups_are_merged_or_left_out(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
) -> None:
    await seeded(sessionmaker, clock)
    # Only the week before: 3 people planning (Russia, Kyrgyz) — and nobody else.
    period = parse_range("2026-11-09", "2026-11-15", NOW.date(), settings.tz)
    async with sessionmaker() as session:
        people = await stats.people(session, period)
    assert people.by_situation == {"planning": 3}
    assert FEW not in people.by_language


async def test_every_chart_draws_a_png_and_a_csv(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
) -> None:
    await seeded(sessionmaker, clock)
    period = parse_range(None, None, NOW.date(), settings.tz)
    assert period.last == NOW.date() and period.first == date(2026, 8, 31)
    labels = Labels(Catalog.load().translator("ky"))
    for chart in CHARTS:
        async with sessionmaker() as session:
            data = await chart.load(session, period, settings)
        png = render_png(chart, data, labels)
        assert png.startswith(PNG), chart.name
        rows = list(csv.reader(io.StringIO(render_csv(data).decode("utf-8-sig"))))
        assert len(rows) >= 2, chart.name
        # Aggregates only: no Telegram id anywhere in a download.
        assert "80000000" not in render_csv(data).decode(), chart.name


def test_date_ranges() -> None:
    tz = ZoneInfo("Asia/Bishkek")
    today = date(2026, 11, 18)
    swapped = parse_range("2026-11-20", "2026-11-01", today, tz)
    assert (swapped.first, swapped.last) == (date(2026, 11, 1), date(2026, 11, 20))
    nonsense = parse_range("yesterday", "<script>", today, tz)
    assert nonsense.last == today and nonsense.first == today - timedelta(days=79)
    huge = parse_range("1990-01-01", "2026-11-18", today, tz)
    assert (huge.last - huge.first).days == 731


def test_the_bot_starts_without_matplotlib() -> None:
    """Charts import matplotlib (and numpy, and fonts) when the first one is drawn: at start-up
    it cost every process ~0.4 s and ~40 MiB (issue 17, start-up)."""
    code = (
        "import sys, bot.runtime, bot.app, handlers, handlers.console.charts; "
        "print(sorted(m for m in ('matplotlib', 'numpy') if m in sys.modules))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert shown.stdout.strip() == "[]"
