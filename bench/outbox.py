"""Outbox sender benchmark: `python -m bench.outbox` (or `python bench/outbox.py`).

1. Throughput: 100,000 due rows on PostgreSQL, the emulator's flood control off, pacing
   effectively unlimited → messages/s delivered, claim latency p50/p99, peak RSS.
2. Pacing: 2,000 rows against an emulator limiting the bot to 30 messages/s → achieved rate
   over the limit (goal ≥ 0.95) and sends refused for flooding (goal 0).

The emulator runs as its own process (as Telegram would be remote); the sender runs here, the
same `OutboxWorker` the bot uses. Uses its own database (JOL_BENCH_DB_URL, default
`jol_bench` on the tests' server, bench/servers.py), dropped and re-created each run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/outbox.py`
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench import servers  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.workers.outbox import OutboxWorker  # noqa: E402
from db.engine import create_engine, create_sessionmaker  # noqa: E402
from db.migrate import upgrade_to_head  # noqa: E402
from db.queries.outbox_claim import claim_due  # noqa: E402
from db.types import utcnow  # noqa: E402
from tests.dbs import libpq_url  # noqa: E402

TOKEN = "123456:BENCH-token"
DB_URL = os.environ.get("JOL_BENCH_DB_URL", servers.database_url("jol_bench"))


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


async def recreate_database(url: str) -> None:
    server, _, name = libpq_url(url).rpartition("/")
    conn = await asyncpg.connect(server + "/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def emulator_process() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "emulator", "--port", "0", "--port-file", str(port_file),
            "--bot", TOKEN, "--log-level", "WARNING", cwd=ROOT,
        )  # fmt: skip
        try:
            for _ in range(300):
                if port_file.exists() and port_file.read_text().strip():
                    break
                await asyncio.sleep(0.1)
            yield f"http://127.0.0.1:{port_file.read_text().strip()}"
        finally:
            process.terminate()
            await process.wait()


async def control(
    http: aiohttp.ClientSession, base: str, method: str, path: str, **kw: Any
) -> Any:
    async with http.request(method, f"{base}/__control{path}", **kw) as response:
        response.raise_for_status()
        return await response.json()


async def create_people(http: aiohttp.ClientSession, base: str, chats: range) -> None:
    await control(http, base, "POST", "/config", json={"require_start": False})
    ids = list(chats)
    for start in range(0, len(ids), 200):
        await asyncio.gather(
            *(
                control(http, base, "POST", "/users", json={"id": i, "first_name": f"P{i}"})
                for i in ids[start : start + 200]
            )
        )


async def seed(url: str, rows: int, chats: range) -> None:
    """Due rows, oldest first, cycling through the chats (so one batch holds distinct chats)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("TRUNCATE outbox"))
            await conn.execute(
                text(
                    """
                    INSERT INTO outbox (chat_id, kind, text, payload, purpose, status, due_at,
                                        first_due_at, attempts, created_at)
                    SELECT CAST(:first AS bigint) + (n % :chats), 'text', 'Reminder ' || n,
                           '{}', 'bench', 'pending', due, due, 0, now()
                    FROM generate_series(0, :rows - 1) AS n,
                         LATERAL (SELECT now() - interval '1 hour'
                                         + n * interval '1 microsecond' AS due) AS d
                    """
                ),
                {"first": chats.start, "chats": len(chats), "rows": rows},
            )
        async with engine.begin() as conn:  # fresh statistics, as autovacuum would give
            await conn.execute(text("ANALYZE outbox"))
    finally:
        await engine.dispose()


async def idle_claims(url: str, batch: int, times: int = 30) -> list[float]:
    """Claim latency with nothing else running (each claim rolled back, so rows stay due)."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    sessionmaker = create_sessionmaker(engine)
    out: list[float] = []
    try:
        for n in range(times):
            started = time.perf_counter()
            async with sessionmaker() as session, session.begin():
                rows = await claim_due(
                    session, now=utcnow(), limit=batch, lease=timedelta(seconds=60),
                    token=f"idle-{n}",
                )  # fmt: skip
                out.append(time.perf_counter() - started)
                assert len(rows) == batch
                await session.rollback()
    finally:
        await engine.dispose()
    return out


async def count_sent(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int(
                await conn.scalar(text("SELECT count(*) FROM outbox WHERE status = 'sent'")) or 0
            )
    finally:
        await engine.dispose()


async def run_worker(settings: Settings, total: int) -> tuple[OutboxWorker, float]:
    """Run the sender-only runtime until `total` rows are sent; returns its worker and the
    elapsed seconds."""
    async with build_runtime(
        settings, migrate=False, dispatcher=False, background=False, sender_only=True
    ) as runtime:
        started = time.perf_counter()
        assert runtime.background is not None
        worker = runtime.background.outbox
        while worker.stats["sent"] + worker.stats["dead"] < total:
            await worker.wake()
            await asyncio.sleep(0.2)
        await runtime.background.stop()
        return worker, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def throughput(rows: int, chats: int) -> None:
    print(f"\n== 1. Throughput: {rows:,} due rows, {chats:,} chats, flood control off ==")
    await recreate_database(DB_URL)
    async with emulator_process() as base, aiohttp.ClientSession() as http:
        people = range(9_000_000_000, 9_000_000_000 + chats)
        await create_people(http, base, people)
        await seed(DB_URL, rows, people)
        settings = load_settings(
            bot_token=TOKEN, telegram_api_base=base, database_url=DB_URL,
            send_rate_per_second=100_000, send_concurrency=64, outbox_batch_size=500,
            outbox_single_sender=True, log_level="WARNING",
        )  # fmt: skip
        idle = [x * 1000 for x in await idle_claims(DB_URL, settings.outbox_batch_size)]
        before = rss_mib()
        worker, elapsed = await run_worker(settings, rows)
        stats = await control(http, base, "GET", "/stats")
    sent = await count_sent(DB_URL)
    claims = [s * 1000 for s in worker.claim_seconds]
    rate = sent / elapsed
    print(f"delivered          {sent:,} rows in {elapsed:.1f} s = {rate:,.0f} messages/s")
    print(f"emulator accepted  {stats['sends_accepted']:,} (refused for flooding: "
          f"{stats['sends_refused_flood']})")  # fmt: skip
    p50, p99 = statistics.median(claims), pct(claims, 0.99)
    print(
        f"claims             {len(claims):,} of up to {settings.outbox_batch_size} rows; "
        f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms (while sending: the event loop is busy)"
    )
    print(f"claim, idle        {settings.outbox_batch_size} of {rows:,} due rows: "
          f"p50 {statistics.median(idle):.1f} ms, p99 {pct(idle, 0.99):.1f} ms")  # fmt: skip
    print(f"peak RSS           {rss_mib():.0f} MiB (before sending {before:.0f} MiB)")
    print(f"worker stats       {dict(worker.stats)}")


async def pacing(rows: int, chats: int, limit: int, rate: float) -> None:
    print(f"\n== 2. Pacing: {rows:,} rows against an emulator limiting at {limit}/s ==")
    await recreate_database(DB_URL)
    async with emulator_process() as base, aiohttp.ClientSession() as http:
        people = range(9_100_000_000, 9_100_000_000 + chats)
        await create_people(http, base, people)
        await seed(DB_URL, rows, people)
        await control(http, base, "POST", "/flood", json={
            "enabled": True, "global_limit": limit, "global_window": 1.0,
            "chat_limit": 1, "chat_window": 1.0,
        })  # fmt: skip
        settings = load_settings(
            bot_token=TOKEN, telegram_api_base=base, database_url=DB_URL,
            send_rate_per_second=rate, send_min_interval_per_chat=1.0, log_level="WARNING",
        )  # fmt: skip
        worker, _ = await run_worker(settings, rows)
        stats = await control(http, base, "GET", "/stats")
        first, last = await send_window(http, base)
    achieved = (rows - 1) / (last - first)
    print(f"pacing set to      {rate}/s ({rate / limit:.3f} of the limit)")
    print(f"achieved           {achieved:.2f} messages/s over {last - first:.1f} s "
          f"= {achieved / limit:.3f} of the limit (goal ≥ 0.95)")  # fmt: skip
    print(f"refused (429)      {stats['sends_refused_flood']} (goal 0); "
          f"accepted {stats['sends_accepted']:,}")  # fmt: skip
    print(f"worker stats       {dict(worker.stats)}")


async def send_window(http: aiohttp.ClientSession, base: str) -> tuple[float, float]:
    """Times of the first and last accepted send, from the emulator's own clock."""
    first = last = None
    after = 0
    while True:
        page = await control(http, base, "GET", "/events/poll", params={"after": after})
        events = page["events"]
        if not events:
            break
        for event in events:
            if event["type"] == "message.created":
                first = event["time"] if first is None else first
                last = event["time"]
        after = events[-1]["seq"]
    assert first is not None and last is not None
    return first, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--paced-rows", type=int, default=2_000)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--rate", type=float, default=30.0, help="pacing for part 2")
    parser.add_argument("--only", choices=["throughput", "pacing"])
    args = parser.parse_args()
    if args.only != "pacing":
        asyncio.run(throughput(args.rows, args.chats))
    if args.only != "throughput":
        asyncio.run(pacing(args.paced_rows, min(args.chats, 500), args.limit, args.rate))


if __name__ == "__main__":
    main()
