"""Which event loop a Jol process runs on: uvloop when it is installed, else asyncio's own.

Every update costs Jol a handful of socket round trips (the webhook request, PostgreSQL's
BEGIN, statements and COMMIT, a Bot API call), and uvloop's loop and transports are written in
C where asyncio's are Python: in `bench/updates.py` (100 people × 15 steps) it took 4–5 % of
the bot's CPU per update and 10–20 ms off the people's p99. It is the loop aiohttp, asyncpg
and uvicorn are tuned for. `EVENT_LOOP=asyncio` runs on asyncio's own loop instead (to rule
the loop out when hunting a bug; `bench/probe.py` needs it, since it times asyncio's handles).
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

EVENT_LOOPS = ("auto", "uvloop", "asyncio")


def uvloop_available() -> bool:
    return importlib.util.find_spec("uvloop") is not None


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The factory of the loop `choice` names (None: asyncio's own). "auto" is uvloop when it
    is installed; "uvloop" when it is not is a setting error (bot/config.py says so first)."""
    if choice == "asyncio" or (choice == "auto" and not uvloop_available()):
        return None
    import uvloop

    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def run(main: Coroutine[Any, Any, T], choice: str = "auto") -> T:
    """`asyncio.run(main)` on the chosen loop."""
    with asyncio.Runner(loop_factory=loop_factory(choice)) as runner:
        return runner.run(main)


def loop_name() -> str:
    """The running loop's kind, for the start-up log line."""
    loop = asyncio.get_running_loop()
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"


__all__ = ["EVENT_LOOPS", "loop_factory", "loop_name", "run", "uvloop_available"]
