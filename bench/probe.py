"""Per-handler figures from inside the bot process, for `bench/updates.py` only.

`python -m bench.probe run` is `python -m bot run` with three probes installed first when
JOL_BENCH_PROBE names a file (without it, the same process unprobed, for the headline figures:
the probes' own CPU, a clock read around every event-loop step, is not the bot's); nothing in
the bot's own code knows about them:

- an outermost observer times each update (wall clock, from the dispatcher taking it to its
  transaction's end) and an inner middleware on every event type names the handler that took
  it (`module.function`; "unhandled" when none did);
- the CPU of each update is the thread CPU time of the event-loop steps run in that update's
  task (asyncio runs each step in the task's context, so `Handle._run` can see whose it is);
  CPU spent outside any update (parsing the request, aiohttp, the outbox, the scheduler) is
  reported as one row of its own;
- SQLAlchemy's `before_cursor_execute` counts the SQL statements of each update, and
  `begin`/`commit`/`rollback` its transaction round trips;
- the Bot API session counts each update's calls over HTTP (a button's answer that rides in
  the webhook's response is not one).

At exit the figures go as JSON to the file named by JOL_BENCH_PROBE, with the process's peak
RSS and the time from the interpreter's start to the first update handled.
"""

from __future__ import annotations

import asyncio.events
import atexit
import contextvars
import gc
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class UpdateCost:
    """What one update cost; filled in while it is being handled."""

    handler: str = "unhandled"
    cpu: float = 0.0
    statements: int = 0
    round_trips: int = 0  # statements + BEGIN/COMMIT/ROLLBACK sent on their own
    api_calls: int = 0  # Bot API calls over HTTP


@dataclass
class Totals:
    walls: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    statements: dict[str, int] = field(default_factory=dict)
    round_trips: dict[str, int] = field(default_factory=dict)
    api_calls: dict[str, int] = field(default_factory=dict)
    first_update_at: float | None = None
    not_modified: int = 0  # edits Telegram refused as "message is not modified"

    def add(self, cost: UpdateCost, wall: float) -> None:
        name = cost.handler
        self.walls.setdefault(name, []).append(wall)
        self.cpu[name] = self.cpu.get(name, 0.0) + cost.cpu
        self.statements[name] = self.statements.get(name, 0) + cost.statements
        self.round_trips[name] = self.round_trips.get(name, 0) + cost.round_trips
        self.api_calls[name] = self.api_calls.get(name, 0) + cost.api_calls
        if self.first_update_at is None:
            self.first_update_at = time.time()


CURRENT: contextvars.ContextVar[UpdateCost | None] = contextvars.ContextVar(
    "bench_update_cost", default=None
)
TOTALS = Totals()
_outside_cpu = [0.0]  # loop steps that belong to no update


def _count_loop_cpu() -> None:
    """Charge each event-loop step's CPU to the update whose task it runs for."""
    original = asyncio.events.Handle._run
    clock = time.thread_time

    def _run(self: asyncio.events.Handle) -> None:
        started = clock()
        try:
            original(self)
        finally:
            spent = clock() - started
            cost = self._context.get(CURRENT)  # type: ignore[attr-defined]
            if cost is None:
                _outside_cpu[0] += spent
            else:
                cost.cpu += spent

    asyncio.events.Handle._run = _run  # type: ignore[method-assign]


def _count_statements() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def statement(*_args: Any) -> None:
        cost = CURRENT.get()
        if cost is not None:
            cost.statements += 1
            cost.round_trips += 1

    def transaction(*_args: Any) -> None:
        cost = CURRENT.get()
        if cost is not None:
            cost.round_trips += 1

    event.listen(Engine, "before_cursor_execute", statement)
    for name in ("begin", "commit", "rollback"):
        event.listen(Engine, name, transaction)


def _count_api_calls() -> None:
    from bot.bot_session import JsonAiohttpSession

    original = JsonAiohttpSession.make_request

    async def make_request(self: JsonAiohttpSession, *args: Any, **kwargs: Any) -> Any:
        cost = CURRENT.get()
        if cost is not None:
            cost.api_calls += 1
        return await original(self, *args, **kwargs)

    JsonAiohttpSession.make_request = make_request  # type: ignore[method-assign]


def _count_not_modified() -> None:
    from aiogram.client.session.base import BaseSession
    from aiogram.exceptions import TelegramBadRequest

    original = BaseSession.check_response

    def check_response(self: BaseSession, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except TelegramBadRequest as error:
            if "not modified" in error.message:
                TOTALS.not_modified += 1
            raise

    BaseSession.check_response = check_response  # type: ignore[method-assign]


def _handler_name(callback: Callable[..., Any]) -> str:
    module = getattr(callback, "__module__", "") or ""
    return f"{module.removeprefix('handlers.')}.{getattr(callback, '__name__', '?')}"


def _install_middlewares() -> None:
    from aiogram import BaseMiddleware
    from aiogram.types import TelegramObject

    import bot.runtime
    from bot import factory

    Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

    class TimeUpdate(BaseMiddleware):
        async def __call__(
            self, handler: Handler, event: TelegramObject, data: dict[str, Any]
        ) -> Any:
            cost = UpdateCost()
            token = CURRENT.set(cost)
            started = time.perf_counter()
            try:
                return await handler(event, data)
            finally:
                TOTALS.add(cost, time.perf_counter() - started)
                CURRENT.reset(token)

    class NameHandler(BaseMiddleware):
        async def __call__(
            self, handler: Handler, event: TelegramObject, data: dict[str, Any]
        ) -> Any:
            cost = CURRENT.get()
            chosen = data.get("handler")
            if cost is not None and chosen is not None:
                cost.handler = _handler_name(chosen.callback)
            return await handler(event, data)

    original = factory.create_dispatcher

    def create_dispatcher(
        *args: Any, observers: Sequence[BaseMiddleware] = (), **kwargs: Any
    ) -> Any:
        dispatcher = original(*args, observers=[TimeUpdate(), *observers], **kwargs)
        namer = NameHandler()
        for observer in dispatcher.observers.values():
            if observer.event_name not in ("update", "error"):
                observer.middleware(namer)
        return dispatcher

    bot.runtime.create_dispatcher = create_dispatcher  # type: ignore[assignment]


def _peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _process_started_at() -> float:
    """Wall-clock time the process started (Linux), so start-up includes the imports."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    boot = next(
        float(line.split()[1])
        for line in Path("/proc/stat").read_text().splitlines()
        if line.startswith("btime")
    )
    return boot + ticks / os.sysconf("SC_CLK_TCK")


# The cyclic collector's runs and CPU (process time) over the whole process: [started, n, cpu].
_gc: list[float] = [0.0, 0, 0.0]


def _count_collections() -> None:
    def on_collect(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            _gc[0] = time.process_time()
        else:
            _gc[1] += 1
            _gc[2] += time.process_time() - _gc[0]

    gc.callbacks.append(on_collect)


def _dump(path: str, started_at: float) -> None:
    report = {
        "handlers": {
            name: {
                "count": len(walls),
                "walls": walls,
                "cpu": TOTALS.cpu[name],
                "statements": TOTALS.statements[name],
                "round_trips": TOTALS.round_trips[name],
                "api_calls": TOTALS.api_calls[name],
            }
            for name, walls in TOTALS.walls.items()
        },
        "outside_cpu": _outside_cpu[0],
        "not_modified": TOTALS.not_modified,
        "peak_rss_mib": _peak_rss_mib(),
        "started_at": started_at,
        "first_update_at": TOTALS.first_update_at,
        "gc": {"collections": _gc[1], "cpu": _gc[2]},
    }
    Path(path).write_text(json.dumps(report))


def main() -> int:
    started_at = _process_started_at()
    import bot  # noqa: F401  first, as in `python -m bot`: it defers aiogram's model builds

    out = os.environ.get("JOL_BENCH_PROBE")
    if out:  # without it, the same process unprobed: the probes cost CPU of their own
        # The CPU probe times asyncio's `Handle._run`; uvloop's loop runs its handles in C.
        os.environ["EVENT_LOOP"] = "asyncio"
        _count_loop_cpu()
        _count_statements()
        _count_api_calls()
        _count_not_modified()
        _count_collections()
    thresholds = os.environ.get("JOL_BENCH_GC_THRESHOLDS")  # `--gc-thresholds`: an A/B trial
    if thresholds:
        from bot import collector

        young, middle, old = (int(part) for part in thresholds.split(","))
        collector.THRESHOLDS = (young, middle, old)
    if os.environ.get("JOL_BENCH_GC_START_UP_DEFAULT"):  # an A/B trial of start-up's thresholds
        from bot import collector

        collector.START_UP_THRESHOLDS = gc.get_threshold()
    if out:
        _install_middlewares()
        atexit.register(_dump, out, started_at)
    profile_to = os.environ.get("JOL_BENCH_CPROFILE")  # `--cprofile`: where the time goes
    if profile_to:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
        profiler.enable()
        atexit.register(lambda: (profiler.disable(), profiler.dump_stats(profile_to)))
    from bot.__main__ import main as bot_main

    return bot_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
