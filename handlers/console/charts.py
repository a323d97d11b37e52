"""The console's charts, drawn by matplotlib (Agg, no display) from handlers/console/stats.py.

`CHARTS` lists them in dashboard order. Each one loads its figures (`load`) and draws them on
one or more axes (`draw`); `render_png` makes the dashboard's image, `render_stats_png` the
phone-sized sheet /stats sends (the charts in `STATS_CHARTS`, one per panel).

Drawing uses matplotlib's object API (`Figure`, not pyplot), which keeps no global state, so
images can be drawn in a worker thread while the event loop goes on.
"""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import LANGUAGE_NAMES, Translator
from content.library import current
from domain.figures import FEW, MIN_GROUP, DateRange, csv_bytes
from handlers.ask.hours import working_hours
from handlers.console import stats

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLORS = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#c62828", "#5d4037"]
LEVEL_COLORS = {"red": "#c62828", "amber": "#f9a825", "green": "#2e7d32"}
DPI = 100
NAN = float("nan")


class Labels:
    """Plain-text labels in the reader's language (matplotlib draws text, not HTML)."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self.locale = t.locale

    def __call__(self, key: str, **args: Any) -> str:
        return html.unescape(self.t(key, **args))

    def category(self, group: str, key: str) -> str:
        if key == stats.UNKNOWN:
            return self("console-unknown")
        if key == FEW:
            return self("console-few", minimum=MIN_GROUP)
        if group == "language":
            return LANGUAGE_NAMES.get(key, key)
        return self(f"console-{group}-{key}")

    def service(self, key: str) -> str:
        info = current().services.get(key)
        if info is None:
            return key
        return info.name.get(self.locale) or info.name.get("ru") or key

    def warning(self, question_id: str) -> str:
        question = current().questionnaire.get(question_id)
        if question is None:
            return question_id
        text = question.topic.get(self.locale) or question.topic.get("ru") or question_id
        return text if len(text) <= 42 else text[:41] + "…"


def _week(day: Any) -> str:
    return f"{day:%d.%m}"


def _no_data(ax: Axes, labels: Labels) -> None:
    ax.text(0.5, 0.5, labels("console-no-data"), ha="center", va="center", color="#5b6776")
    ax.set_xticks([])
    ax.set_yticks([])


def _counts(ax: Axes, axis: str = "y") -> None:
    """Counts are whole numbers: no 2.5 people on an axis."""
    locator = _matplotlib().ticker.MaxNLocator(integer=True)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_locator(locator)


def _week_axis(ax: Axes, weeks: Sequence[Any], labels: Labels) -> None:
    step = max(1, len(weeks) // 8)
    ax.set_xticks(range(0, len(weeks), step))
    ax.set_xticklabels([_week(w) for w in weeks][::step], rotation=0, fontsize=8)
    ax.set_xlabel(labels("console-axis-week"))


# ---------------------------------------------------------------- drawing, one per chart


def draw_people(axes: Sequence[Axes], data: stats.PeopleFigures, labels: Labels) -> None:
    groups = (
        ("situation", data.by_situation, "console-axis-situation"),
        ("destination", data.by_destination, "console-axis-destination"),
        ("language", data.by_language, "console-axis-language"),
    )
    for ax, (group, counts, title) in zip(axes, groups, strict=True):
        ax.set_title(labels(title), fontsize=10)
        if not counts:
            _no_data(ax, labels)
            continue
        names = [labels.category(group, k) for k in counts]
        _ranked_bars(ax, names, list(counts.values()), COLORS[0], labels("console-axis-people"))


def _ranked_bars(ax: Axes, names: list[str], values: list[int], color: str, xlabel: str) -> None:
    """Horizontal bars, the first item on top (barh draws from the bottom)."""
    ax.barh(names[::-1], values[::-1], color=color)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel(xlabel)
    _counts(ax, "x")


def draw_people_weekly(axes: Sequence[Axes], data: stats.PeopleFigures, labels: Labels) -> None:
    ax = axes[0]
    weeks = [w for w, _ in data.new_per_week]
    ax.bar(range(len(weeks)), [n for _, n in data.new_per_week], color=COLORS[0])
    _week_axis(ax, weeks, labels)
    ax.set_ylabel(labels("console-axis-people"))
    _counts(ax)


def draw_bookings(axes: Sequence[Axes], data: stats.BookingFigures, labels: Labels) -> None:
    ax = axes[0]
    weeks = [w.week for w in data.weeks]
    positions = range(len(weeks))
    bottom = [0] * len(weeks)
    for i, service in enumerate(data.services):
        values = [w.booked.get(service, 0) for w in data.weeks]
        ax.bar(
            positions,
            values,
            bottom=bottom,
            label=labels.service(service),
            color=COLORS[i % len(COLORS)],
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _week_axis(ax, weeks, labels)
    ax.set_ylabel(labels("console-axis-bookings"))
    _counts(ax)
    # Rates only for weeks whose sessions were marked (no line through empty weeks).
    marked = [w.attended + w.no_show > 0 for w in data.weeks]
    rates = ax.twinx()
    rates.plot(
        positions,
        [w.attendance_rate if m else NAN for w, m in zip(data.weeks, marked, strict=True)],
        color=LEVEL_COLORS["green"],
        marker="o",
        label=labels("console-rate-attendance"),
    )
    rates.plot(
        positions,
        [w.no_show_rate if m else NAN for w, m in zip(data.weeks, marked, strict=True)],
        color=LEVEL_COLORS["red"],
        marker="x",
        label=labels("console-rate-no-show"),
    )
    rates.set_ylim(0, 100)
    rates.set_ylabel("%")
    handles = ax.get_legend_handles_labels()
    more = rates.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize=7, loc="upper left")


def draw_certification(
    axes: Sequence[Axes], data: stats.CertificationFigures, labels: Labels
) -> None:
    ax = axes[0]
    months = list(range(1, 13))
    ax.bar(months, data.per_month, color=COLORS[4], label=labels("console-certified-month"))
    through = data.through_month
    ax.plot(
        months[:through],
        data.cumulative()[:through],
        color=COLORS[0],
        marker="o",
        label=labels("console-certified-so-far", certified=data.certified),
    )
    ax.axhline(
        data.target,
        color=LEVEL_COLORS["red"],
        linestyle="--",
        label=labels("console-target", target=data.target),
    )
    ax.set_xticks(months)
    ax.set_xticklabels([f"{m:02d}" for m in months], fontsize=8)
    ax.set_xlabel(labels("console-axis-month", year=str(data.year)))
    ax.set_ylabel(labels("console-axis-people"))
    _counts(ax)
    ax.legend(fontsize=7, loc="upper left")


def draw_job_offer_results(
    axes: Sequence[Axes], data: stats.JobOfferFigures, labels: Labels
) -> None:
    ax = axes[0]
    names = [labels(f"console-level-{lv}") for lv in stats.LEVELS]
    values = [data.levels.get(lv, 0) for lv in stats.LEVELS]
    ax.bar(names, values, color=[LEVEL_COLORS[lv] for lv in stats.LEVELS])
    ax.set_ylabel(labels("console-axis-checks"))
    _counts(ax)


def draw_job_offer_warnings(
    axes: Sequence[Axes], data: stats.JobOfferFigures, labels: Labels
) -> None:
    ax = axes[0]
    if not data.top_warnings:
        _no_data(ax, labels)
        return
    names = [labels.warning(q) for q, _ in data.top_warnings]
    values = [n for _, n in data.top_warnings]
    _ranked_bars(ax, names, values, LEVEL_COLORS["red"], labels("console-axis-checks"))


def draw_cases(axes: Sequence[Axes], data: stats.CaseFigures, labels: Labels) -> None:
    ax = axes[0]
    weeks = [w for w, _ in data.new_per_week]
    ax.bar(
        range(len(weeks)),
        [n for _, n in data.new_per_week],
        color=COLORS[3],
        label=labels("console-cases-new"),
    )
    _week_axis(ax, weeks, labels)
    ax.set_ylabel(labels("console-axis-cases"))
    _counts(ax)
    # Room above the bars for the summary box.
    ax.set_ylim(0, max([n for _, n in data.new_per_week] + [1]) * 1.7)
    median = (
        labels("console-cases-median", hours=str(data.median_first_answer_hours))
        if data.median_first_answer_hours is not None
        else labels("console-cases-median-none")
    )
    summary = "\n".join(
        (
            labels("console-cases-open", count=data.open_now),
            labels("console-cases-waiting", count=data.waiting_now),
            median,
        )
    )
    ax.text(
        0.99,
        0.97,
        summary,
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8,
        bbox={"facecolor": "white", "edgecolor": "#d9dee5"},
    )


def draw_broadcasts(axes: Sequence[Axes], data: stats.BroadcastFigures, labels: Labels) -> None:
    ax = axes[0]
    weeks = [w.week for w in data.weeks]
    width = 0.28
    series = (
        ("console-broadcast-delivered", [w.delivered for w in data.weeks], COLORS[2]),
        ("console-broadcast-blocked", [w.blocked for w in data.weeks], LEVEL_COLORS["red"]),
        ("console-broadcast-news-off", [w.news_off for w in data.weeks], COLORS[1]),
    )
    for i, (key, values, color) in enumerate(series):
        ax.bar([p + (i - 1) * width for p in range(len(weeks))], values, width, color=color,
               label=labels(key))  # fmt: skip
    _week_axis(ax, weeks, labels)
    ax.set_ylabel(labels("console-axis-messages"))
    _counts(ax)
    ax.legend(fontsize=7, loc="upper left")


# ---------------------------------------------------------------- the list


Loader = Callable[[AsyncSession, DateRange, Settings], Awaitable[Any]]


@dataclass(frozen=True)
class Chart:
    name: str  # in URLs: /charts/<name>.png and .csv
    title_key: str
    load: Loader
    draw: Callable[[Sequence[Axes], Any, Labels], None]
    panels: int = 1
    width: float = 7.0
    height: float = 3.6


async def _people(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    return await stats.people(session, period)


async def _bookings(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    return await stats.bookings(session, period)


async def _certification(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    return await stats.certification(session, period, settings.certification_target)


async def _job_offers(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    return await stats.job_offers(session, period)


async def _cases(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    hours = working_hours(settings)  # the Center's hours (services.yaml center_hours)
    return await stats.cases(session, period, hours)


async def _broadcasts(session: AsyncSession, period: DateRange, settings: Settings) -> Any:
    return await stats.broadcasts(session, period)


CHARTS: tuple[Chart, ...] = (
    Chart("people", "console-chart-people", _people, draw_people, panels=3, width=11.0),
    Chart("people-weekly", "console-chart-people-weekly", _people, draw_people_weekly),
    Chart("bookings", "console-chart-bookings", _bookings, draw_bookings),
    Chart("certification", "console-chart-certification", _certification, draw_certification),
    Chart("job-offers", "console-chart-job-offers", _job_offers, draw_job_offer_results),
    Chart("job-offer-warnings", "console-chart-job-offer-warnings", _job_offers,
          draw_job_offer_warnings),
    Chart("cases", "console-chart-cases", _cases, draw_cases),
    Chart("broadcasts", "console-chart-broadcasts", _broadcasts, draw_broadcasts),
)  # fmt: skip
BY_NAME = {chart.name: chart for chart in CHARTS}
# The phone sheet of /stats: the figures coordinators ask about most, one panel each.
STATS_CHARTS = ("people-weekly", "bookings", "certification", "job-offers")


@functools.cache
def _matplotlib() -> ModuleType:
    """matplotlib (with numpy and its fonts), imported once, at the first chart drawn, not when
    the bot starts: it added ~0.4 s and ~40 MiB to every start-up for a page staff open now and
    then. Agg is chosen before anything else of matplotlib is imported: no display, ever."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.figure
    import matplotlib.ticker

    return matplotlib


def _new_figure(**options: Any) -> Figure:
    return cast("Figure", _matplotlib().figure.Figure(**options))


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def render_png(chart: Chart, data: Any, labels: Labels) -> bytes:
    """One chart as a PNG (call in a worker thread: drawing takes a while)."""
    figure = _new_figure(figsize=(chart.width, chart.height), layout="constrained")
    axes = figure.subplots(1, chart.panels, squeeze=False)[0]
    chart.draw(list(axes), data, labels)
    if chart.panels == 1:
        axes[0].set_title(labels(chart.title_key), fontsize=11)
    else:
        figure.suptitle(labels(chart.title_key), fontsize=11)
    return _png(figure)


def render_stats_png(panels: Sequence[tuple[Chart, Any]], labels: Labels, title: str) -> bytes:
    """Several one-panel charts stacked on one tall image, readable on a phone."""
    figure = _new_figure(figsize=(7.0, 3.4 * len(panels)), layout="constrained")
    figure.suptitle(title, fontsize=12)
    axes = figure.subplots(len(panels), 1, squeeze=False)
    for (chart, data), row in zip(panels, axes, strict=True):
        chart.draw([row[0]], data, labels)
        row[0].set_title(labels(chart.title_key), fontsize=11)
    return _png(figure)


def render_csv(data: Any) -> bytes:
    table: stats.Table = data.table()
    return csv_bytes([table.header, *table.rows])


__all__ = [
    "BY_NAME",
    "CHARTS",
    "STATS_CHARTS",
    "Chart",
    "Labels",
    "render_csv",
    "render_png",
    "render_stats_png",
]
