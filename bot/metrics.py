"""Prometheus metrics in the text exposition format (version 0.0.4), without a dependency.

Per process (each instance is scraped on its own `/metrics`): updates handled by type and
outcome, handler latency, webhook answers, outbox worker results, ERROR log lines by logger.
From the database at scrape time (the same figures on every instance; aggregate with max(),
not sum()): outbox depth and lag, progress of running broadcasts.

Hooks: `UpdateMetrics` goes into `create_dispatcher(observers=[...])`; `ErrorLogCounter` is a
logging handler; `Metrics.render()` is served by `bot/web/server.py`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Broadcast, OutboxMessage, OutboxStatus
from db.types import utcnow

log = logging.getLogger("jol.metrics")

Labels = tuple[tuple[str, str], ...]
# Handler latency: most updates take milliseconds; a slow DB or Telegram shows in the tail.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
DB_SCRAPE_TIMEOUT = 3.0


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: Labels, extra: str = "") -> str:
    parts = [f'{k}="{_escape(v)}"' for k, v in labels]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class Family:
    """One metric name with HELP/TYPE and samples keyed by label values."""

    def __init__(self, name: str, help_text: str, kind: str) -> None:
        self.name = name
        self.help = help_text
        self.kind = kind

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def lines(self) -> list[str]:
        raise NotImplementedError


class CounterMetric(Family):
    def __init__(self, name: str, help_text: str) -> None:
        super().__init__(name, help_text, "counter")
        self.values: dict[Labels, float] = {}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        self.values[key] = self.values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        return self.values.get(tuple(sorted(labels.items())), 0.0)

    def lines(self) -> list[str]:
        return [f"{self.name}{_labels(k)} {_number(v)}" for k, v in sorted(self.values.items())]


class HistogramMetric(Family):
    def __init__(self, name: str, help_text: str, buckets: Iterable[float]) -> None:
        super().__init__(name, help_text, "histogram")
        self.buckets = tuple(sorted(buckets))
        self.series: dict[Labels, list[float]] = {}  # bucket counts..., sum, count

    def observe(self, value: float, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        row = self.series.get(key)
        if row is None:
            row = self.series[key] = [0.0] * (len(self.buckets) + 2)
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                row[i] += 1
        row[-2] += value
        row[-1] += 1

    def lines(self) -> list[str]:
        out: list[str] = []
        for key, row in sorted(self.series.items()):
            for bound, count in zip(self.buckets, row, strict=False):
                le = 'le="' + _number(bound) + '"'
                out.append(f"{self.name}_bucket{_labels(key, le)} {_number(count)}")
            inf = _labels(key, 'le="+Inf"')
            out.append(f"{self.name}_bucket{inf} {_number(row[-1])}")
            out.append(f"{self.name}_sum{_labels(key)} {_number(row[-2])}")
            out.append(f"{self.name}_count{_labels(key)} {_number(row[-1])}")
        return out


class Snapshot(Family):
    """Gauges (or counters kept elsewhere) whose samples are produced at scrape time."""

    def __init__(self, name: str, help_text: str, kind: str = "gauge") -> None:
        super().__init__(name, help_text, kind)
        self.samples: list[tuple[Labels, float]] = []

    def set(self, samples: Iterable[tuple[Mapping[str, str], float]]) -> None:
        self.samples = [(tuple(sorted(lbl.items())), value) for lbl, value in samples]

    def lines(self) -> list[str]:
        return [f"{self.name}{_labels(k)} {_number(v)}" for k, v in self.samples]


Collector = Callable[[], Awaitable[None]]

# Counted where text enters (bot/middlewares/clean_text.py), in every mode, so it is a process
# global that each `Metrics` reports.
hostile_characters = CounterMetric(
    "jol_hostile_characters_total",
    "NUL characters and lone surrogates in incoming updates, replaced with U+FFFD.",
)


class Metrics:
    """Every metric of one process, and the collectors that refresh snapshots on scrape."""

    def __init__(self) -> None:
        self.updates = CounterMetric(
            "jol_updates_total",
            "Updates seen by the dispatcher, by type and outcome "
            "(ok, unhandled, error, duplicate).",
        )
        self.latency = HistogramMetric(
            "jol_update_handling_seconds",
            "Time from the dispatcher taking an update to its transaction ending, by type.",
            LATENCY_BUCKETS,
        )
        self.errors = CounterMetric(
            "jol_update_errors_total", "Handler failures by update type and exception class."
        )
        self.webhook = CounterMetric(
            "jol_webhook_requests_total",
            "Webhook requests by result: ok, duplicate, retry (500: Telegram redelivers), "
            "gave_up (failed WEBHOOK_MAX_DELIVERIES times), ignored (malformed: negative or "
            "too large update_id, unknown type), draining, unauthorized, bad_request.",
        )
        self.log_errors = CounterMetric(
            "jol_log_errors_total", "ERROR log lines by logger (background jobs, sender, ...)."
        )
        self.outbox_events = Snapshot(
            "jol_outbox_worker_events_total",
            "This process's outbox sender: rows claimed and delivery results.",
            kind="counter",
        )
        self.outbox_depth = Snapshot(
            "jol_outbox_messages", "Outbox rows waiting or being sent, by status (database)."
        )
        self.outbox_due = Snapshot("jol_outbox_due_messages", "Pending outbox rows already due.")
        self.outbox_lag = Snapshot(
            "jol_outbox_lag_seconds", "Age of the oldest due pending outbox row (0 when none)."
        )
        self.broadcast = Snapshot(
            "jol_broadcast_messages",
            "Running or paused broadcasts: recipients by delivery state (total = audience).",
        )
        self.db_up = Snapshot("jol_metrics_database_up", "1 if the database answered the scrape.")
        self.hostile_characters = hostile_characters
        self.families: list[Family] = [
            self.updates,
            self.latency,
            self.errors,
            self.webhook,
            self.log_errors,
            self.outbox_events,
            self.outbox_depth,
            self.outbox_due,
            self.outbox_lag,
            self.broadcast,
            self.db_up,
            self.hostile_characters,
        ]
        self.collectors: list[Collector] = []

    async def render(self) -> str:
        for collect in self.collectors:
            try:
                await collect()
            except Exception:
                log.exception("metrics collector failed")
        lines: list[str] = []
        for family in self.families:
            lines.extend(family.header())
            lines.extend(family.lines())
        return "\n".join(lines) + "\n"

    def watch_outbox_worker(self, stats: Mapping[str, int]) -> None:
        """Expose the sender's own tally (`OutboxWorker.stats`) without touching the worker."""

        async def collect() -> None:
            self.outbox_events.set(({"event": k}, float(v)) for k, v in sorted(stats.items()))

        self.collectors.append(collect)

    def watch_database(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def collect() -> None:
            try:
                async with asyncio.timeout(DB_SCRAPE_TIMEOUT):
                    async with sessionmaker() as session:
                        await _collect_outbox(self, session)
                        await _collect_broadcasts(self, session)
            except Exception:
                self.db_up.set([({}, 0.0)])
                raise
            self.db_up.set([({}, 1.0)])

        self.collectors.append(collect)


async def _collect_outbox(metrics: Metrics, session: AsyncSession) -> None:
    waiting = (OutboxStatus.PENDING, OutboxStatus.SENDING)
    rows = await session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_(waiting))
        .group_by(OutboxMessage.status)
    )
    counts = {status: float(n) for status, n in rows.all()}
    metrics.outbox_depth.set(({"status": s}, counts.get(s, 0.0)) for s in waiting)
    now = utcnow()
    due, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.due_at)).where(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now
            )
        )
    ).one()
    metrics.outbox_due.set([({}, float(due))])
    lag = 0.0
    if oldest is not None:
        # SQLite hands back naive values from an aggregate (no type decorator applies).
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=now.tzinfo)
        lag = max(0.0, (now - oldest).total_seconds())
    metrics.outbox_lag.set([({}, lag)])


async def _collect_broadcasts(metrics: Metrics, session: AsyncSession) -> None:
    live = (
        await session.execute(
            select(Broadcast.id, Broadcast.status, Broadcast.total).where(
                Broadcast.status.in_(("running", "paused"))
            )
        )
    ).all()
    samples: list[tuple[dict[str, str], float]] = []
    if live:
        refs = {f"broadcast:{b_id}": str(b_id) for b_id, _, _ in live}
        rows = await session.execute(
            select(OutboxMessage.ref, OutboxMessage.status, func.count())
            .where(OutboxMessage.ref.in_(list(refs)))
            .group_by(OutboxMessage.ref, OutboxMessage.status)
        )
        for ref, status, n in rows.all():
            samples.append(({"broadcast": refs[str(ref)], "state": status}, float(n)))
        for b_id, status, total in live:
            samples.append(({"broadcast": str(b_id), "state": f"total_{status}"}, float(total)))
    metrics.broadcast.set(samples)


class UpdateMetrics(BaseMiddleware):
    """Outermost observer: counts every update by type and outcome and times its handling.

    A webhook delivery (`bot.web.delivery.Delivery` in `data["jol_delivery"]`) that turned out
    to be a duplicate of a handled update counts as "duplicate". Whether a failure is retried
    or given up is decided further out and counted in `jol_webhook_requests_total`.
    """

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        kind = event.event_type
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "ok"
            return result
        except Exception as exc:
            self.metrics.errors.inc(type=kind, error=type(exc).__name__)
            raise
        finally:
            delivery = data.get("jol_delivery")
            if delivery is not None and getattr(delivery, "duplicate", False):
                outcome = "duplicate"
            self.metrics.updates.inc(type=kind, outcome=outcome)
            self.metrics.latency.observe(time.perf_counter() - started, type=kind)


class ErrorLogCounter(logging.Handler):
    """Counts ERROR (and worse) log lines by logger: failing background jobs, the sender giving
    up, handler failures — whatever a module logs with `log.exception`."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(level=logging.ERROR)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        self.metrics.log_errors.inc(logger=record.name)


__all__ = ["ErrorLogCounter", "Metrics", "UpdateMetrics"]
