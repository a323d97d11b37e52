"""Taking a job off the schedule waits out a run of it already under way: a test that runs a job
by hand must know the scheduler's own run cannot still read or write behind it (CI once saw the
start-up run of the quiet-case closer close the test's case first)."""

from __future__ import annotations

import asyncio

from apscheduler.triggers.interval import IntervalTrigger

from db.types import utcnow
from tests.harness import Harness


async def test_stop_job_waits_for_the_run_under_way_and_leaves_other_jobs(jol: Harness) -> None:
    assert jol.background is not None
    background = jol.background
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def slow_run() -> None:
        started.set()
        await release.wait()
        finished.append("slow")

    background.add_job("test-slow", slow_run, IntervalTrigger(hours=1), next_run_time=utcnow())
    await asyncio.wait_for(started.wait(), timeout=10)

    stopping = asyncio.create_task(background.stop_job("test-slow"))
    await asyncio.sleep(0.05)
    assert not stopping.done(), "stop_job returned while the run was still going"
    assert background.scheduler.get_job("test-slow") is None

    release.set()
    await asyncio.wait_for(stopping, timeout=10)
    assert finished == ["slow"]
    # Other jobs keep their schedule, and stopping a job twice is harmless.
    assert background.scheduler.get_job("outbox-wake") is not None
    await background.stop_job("test-slow")
