"""Prometheus metrics (prometheus_client), one registry per runtime.

Per process (each instance is scraped on its own `/metrics`): updates handled by type and
outcome, handler latency, webhook answers, outbox worker results, ERROR log lines by logger.
From the database at scrape time (the same figures on every instance; aggregate with max(),
not sum()): outbox depth and lag, progress of running broadcasts.

Hooks: `UpdateMetrics` goes into `create_dispatcher(observers=[...])`; `ErrorLogCounter` is a
logging handler; `Metrics.render()` is served on /metrics by the webhook server
(bot/web/server.py) and by the health side server of polling and sender processes
(bot/web/health.py).

Each `Metrics` has its own `CollectorRegistry`, not the library's global one: tests run several
runtimes in one process, and each must count only its own updates.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import prometheus_client
from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middleware_types import NextHandler, UpdateData
from db.models import Broadcast, OutboxMessage, OutboxStatus
from db.types import utcnow

log = logging.getLogger("jol.metrics")

# Handler latency: most updates take milliseconds; a slow DB or Telegram shows in the tail.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
DB_SCRAPE_TIMEOUT = 3.0
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)

# Counted where text enters (bot/middlewares/clean_text.py), in every mode, so it is a process
# global that each `Metrics` registers in its own registry (a collector may sit in several).
hostile_characters = Counter(
    "jol_hostile_characters_total",
    "NUL characters and lone surrogates in incoming updates, replaced with U+FFFD.",
    registry=None,
)


@dataclass
class DatabaseFigures:
    """What the last scrape read from the database (None: not read yet, or no database)."""

    up: bool | None = None
    outbox: dict[str, float] = field(default_factory=dict)  # status -> rows
    due: float | None = None
    lag: float | None = None
    broadcasts: list[tuple[str, str, float]] = field(default_factory=list)  # id, state, rows


class ScrapeTimeCollector(Collector):
    """The figures produced at scrape time: the sender's own tally and the database's."""

    def __init__(self) -> None:
        self.outbox_stats: Mapping[str, int] | None = None
        self.database = DatabaseFigures()

    def collect(self) -> Iterator[Metric]:
        events = CounterMetricFamily(
            "jol_outbox_worker_events_total",
            "This process's outbox sender: rows claimed and delivery results.",
            labels=["event"],
        )
        for event, count in sorted((self.outbox_stats or {}).items()):
            events.add_metric([event], float(count))
        yield events

        db = self.database
        depth = GaugeMetricFamily(
            "jol_outbox_messages",
            "Outbox rows waiting or being sent, by status (database).",
            labels=["status"],
        )
        for status, rows in db.outbox.items():
            depth.add_metric([status], rows)
        yield depth
        due = GaugeMetricFamily("jol_outbox_due_messages", "Pending outbox rows already due.")
        if db.due is not None:
            due.add_metric([], db.due)
        yield due
        lag = GaugeMetricFamily(
            "jol_outbox_lag_seconds", "Age of the oldest due pending outbox row (0 when none)."
        )
        if db.lag is not None:
            lag.add_metric([], db.lag)
        yield lag
        broadcast = GaugeMetricFamily(
            "jol_broadcast_messages",
            "Running or paused broadcasts: recipients by delivery state (total = audience).",
            labels=["broadcast", "state"],
        )
        for broadcast_id, state, rows in db.broadcasts:
            broadcast.add_metric([broadcast_id, state], rows)
        yield broadcast
        up = GaugeMetricFamily("jol_metrics_database_up", "1 if the database answered the scrape.")
        if db.up is not None:
            up.add_metric([], 1.0 if db.up else 0.0)
        yield up


class Metrics:
    """Every metric of one runtime, in its own registry, and what refreshes on scrape."""

    def __init__(self) -> None:
        # No `*_created` series beside each counter: nothing reads them, and they would double
        # the lines of every labelled counter. (A library-wide switch; it only drops those.)
        prometheus_client.disable_created_metrics()
        self.registry = CollectorRegistry()
        # Label names in alphabetical order: the exposition keeps the order given here.
        self.updates = Counter(
            "jol_updates_total",
            "Updates seen by the dispatcher, by type and outcome "
            "(ok, unhandled, error, duplicate).",
            ["outcome", "type"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "jol_update_handling_seconds",
            "Time from the dispatcher taking an update to its transaction ending, by type.",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "jol_update_errors_total",
            "Handler failures by update type and exception class.",
            ["error", "type"],
            registry=self.registry,
        )
        self.webhook = Counter(
            "jol_webhook_requests_total",
            "Webhook requests by result: ok, duplicate, retry (500: Telegram redelivers), "
            "gave_up (failed WEBHOOK_MAX_DELIVERIES times), ignored (malformed: negative or "
            "too large update_id, unknown type), draining, unauthorized, bad_request.",
            ["result"],
            registry=self.registry,
        )
        self.log_errors = Counter(
            "jol_log_errors_total",
            "ERROR log lines by logger (background jobs, sender, ...).",
            ["logger"],
            registry=self.registry,
        )
        self.scraped = ScrapeTimeCollector()
        self.registry.register(self.scraped)
        self.registry.register(hostile_characters)
        self._refreshers: list[Callable[[], Awaitable[None]]] = []

    async def render(self) -> str:
        """The text exposition (format 0.0.4), after refreshing the scrape-time figures."""
        for refresh in self._refreshers:
            try:
                await refresh()
            except Exception:
                log.exception("metrics collector failed")
        return generate_latest(self.registry).decode()

    def sample(self, name: str, **labels: str) -> float:
        """One sample's current value as /metrics would show it (0 when absent)."""
        return self.registry.get_sample_value(name, labels) or 0.0

    def watch_outbox_worker(self, stats: Mapping[str, int]) -> None:
        """Expose the sender's own tally (`OutboxWorker.stats`) without touching the worker."""
        self.scraped.outbox_stats = stats

    def watch_database(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        async def refresh() -> None:
            try:
                async with asyncio.timeout(DB_SCRAPE_TIMEOUT), sessionmaker() as session:
                    figures = await _read_outbox(session)
                    figures.broadcasts = await _read_broadcasts(session)
            except Exception:
                self.scraped.database = DatabaseFigures(up=False)
                raise
            figures.up = True
            self.scraped.database = figures  # swapped whole: a scrape never sees half of it

        self._refreshers.append(refresh)


async def _read_outbox(session: AsyncSession) -> DatabaseFigures:
    rows = await session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_(WAITING))
        .group_by(OutboxMessage.status)
    )
    counts = {status: float(n) for status, n in rows.all()}
    now = utcnow()
    due, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.due_at)).where(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now
            )
        )
    ).one()
    lag = 0.0
    if oldest is not None:
        # SQLite hands back naive values from an aggregate (no type decorator applies).
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=now.tzinfo)
        lag = max(0.0, (now - oldest).total_seconds())
    return DatabaseFigures(
        outbox={str(s): counts.get(s, 0.0) for s in WAITING}, due=float(due), lag=lag
    )


async def _read_broadcasts(session: AsyncSession) -> list[tuple[str, str, float]]:
    live = (
        await session.execute(
            select(Broadcast.id, Broadcast.status, Broadcast.total).where(
                Broadcast.status.in_(("running", "paused"))
            )
        )
    ).all()
    if not live:
        return []
    refs = {f"broadcast:{b_id}": str(b_id) for b_id, _, _ in live}
    rows = await session.execute(
        select(OutboxMessage.ref, OutboxMessage.status, func.count())
        .where(OutboxMessage.ref.in_(list(refs)))
        .group_by(OutboxMessage.ref, OutboxMessage.status)
    )
    samples = [(refs[str(ref)], str(status), float(n)) for ref, status, n in rows.all()]
    samples += [(str(b_id), f"total_{status}", float(total)) for b_id, status, total in live]
    return samples


class UpdateMetrics(BaseMiddleware):
    """Outermost observer: counts every update by type and outcome and times its handling.

    A webhook delivery (`bot.web.delivery.Delivery` in `data["jol_delivery"]`) that turned out
    to be a duplicate of a handled update counts as "duplicate". Whether a failure is retried
    or given up is decided further out and counted in `jol_webhook_requests_total`.
    """

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        # The labelled series, looked up once per label values: prometheus_client's `labels()`
        # checks the names and takes a lock on every call (there are a few dozen series).
        self._counted: dict[tuple[str, str], Any] = {}
        self._timed: dict[str, Any] = {}

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        assert isinstance(event, Update)
        kind = event.event_type
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "ok"
            return result
        except Exception as exc:
            self.metrics.errors.labels(error=type(exc).__name__, type=kind).inc()
            raise
        finally:
            delivery = data.get("jol_delivery")
            if delivery is not None and getattr(delivery, "duplicate", False):
                outcome = "duplicate"
            counted = self._counted.get((outcome, kind))
            if counted is None:
                counted = self.metrics.updates.labels(outcome=outcome, type=kind)
                self._counted[(outcome, kind)] = counted
            counted.inc()
            timed = self._timed.get(kind)
            if timed is None:
                timed = self._timed[kind] = self.metrics.latency.labels(type=kind)
            timed.observe(time.perf_counter() - started)


class ErrorLogCounter(logging.Handler):
    """Counts ERROR (and worse) log lines by logger: failing background jobs, the sender giving
    up, handler failures — whatever a module logs with `log.exception`."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(level=logging.ERROR)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        self.metrics.log_errors.labels(logger=record.name).inc()


__all__ = ["ErrorLogCounter", "Metrics", "UpdateMetrics", "hostile_characters"]
