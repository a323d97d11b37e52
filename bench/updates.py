"""Update handling benchmark: `python -m bench.updates` (or `python bench/updates.py`).

Simulated people use the real Jol process in webhook mode (`python -m bot run` with
WEBHOOK_URL, on PostgreSQL database `jol_bench_updates`, Redis unless --no-redis): /start and
onboarding (language, consent, situation, destination, a date), then a random walk over the
buttons the bot shows (main menu, guides and their pages, booking steps, settings, SOS),
/menu and the odd search typed as text. Then the same number of people send the same kinds of
updates (texts and button presses, in the same proportion) to a bare aiogram echo bot served
the same way (aiogram's SimpleRequestHandler, synchronous). Prints updates/s and p50/p95/p99
of the webhook request (= handling) latency for both, and the ratio; for Jol also a table per
handler (count, CPU, SQL statements and round trips per update, wall p50/p99, share of the
bot's CPU) from probes inside the bot process (`bench/probe.py`), and for both the start-up
time (process start to the first update answered) and the peak RSS.

Like Telegram: the emulator (its own process) posts each update to this script, which delivers
it to the bot as a webhook POST, several people at once, one update at a time per person.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import importlib.metadata
import json
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/updates.py`
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bench import servers  # noqa: E402
from bench.outbox import TOKEN, control, emulator_process, recreate_database  # noqa: E402
from tests.ports import free_port  # noqa: E402  # the bot's port: below the ephemeral range

DB_URL = os.environ.get("JOL_BENCH_UPDATES_DB_URL", servers.database_url("jol_bench_updates"))
REDIS_URL = os.environ.get("JOL_BENCH_REDIS_URL", servers.REDIS_URL)
SECRET = "bench-secret"
SEARCHES = ["patent", "виза", "миграциялык карта", "contract", "жумуш"]
# Button choices during the walk, by callback-data prefix (what people press most).
WEIGHTS = {"gd": 6, "m": 4, "bk": 3, "book": 3, "hr": 1, "ck": 1, "sos": 1, "set": 1}
# Not pressed: withdrawing consent, erasing one's data, staff-only screens.
AVOID = ("ob:consent:no", "erase", "role", "agimp", "bc:")
# The messages a person reads to find the bot's newest one: nearly always the last or the one
# before it; if neither is the bot's, the whole chat is read.
NEWEST = 2


UNTUNED = (
    "import sys, bot.runtime as rt; rt.tune_for_throughput = lambda root: None; "
    "from bot.__main__ import main; sys.exit(main(['run']))"
)


def _proc_stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command's name (which may hold spaces)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _ticks_to_seconds(*ticks: str) -> float:
    return sum(int(t) for t in ticks) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux): unlike updates/s, barely affected by other
    work on the machine, so it compares runs made at different times."""
    fields = _proc_stat(pid)
    return _ticks_to_seconds(fields[11], fields[12])


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat), idle and waiting
    for disks left out."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = fields[3], fields[4]
    return (sum(fields[:8]) - idle - iowait) / os.sysconf("SC_CLK_TCK")


# The parts of a run that share the machine, in the order printed.
PARTS = ("bot", "Telegram (emulator)", "people (this script)", "PostgreSQL", "Redis")


def cpu_by_part(bot_pid: int) -> dict[str, float]:
    """CPU seconds so far of every process a run makes busy, by part. PostgreSQL's are its
    live processes' and, for the connections closed meanwhile, what their parent has reaped."""
    parts = dict.fromkeys(PARTS, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            fields = _proc_stat(pid)
            command = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
            name = (entry / "comm").read_text().strip()
        except OSError:  # ended while we looked
            continue
        own = _ticks_to_seconds(fields[11], fields[12])  # user + system, as cpu_seconds
        if pid == bot_pid:
            parts["bot"] += own
        elif pid == os.getpid():
            parts["people (this script)"] += own
        elif " -m emulator " in f" {command} ":
            parts["Telegram (emulator)"] += own
        elif name == "postgres":
            reaped = _ticks_to_seconds(fields[13], fields[14])  # the postmaster's children
            parts["PostgreSQL"] += own + reaped
        elif name.startswith("redis-server"):
            parts["Redis"] += own
    return parts


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def handler_table(probe: dict[str, Any], total_cpu: float) -> str:
    """Where the time goes, per handler: figures per update (CPU, SQL statements, database round
    trips, Bot API calls over HTTP, wall p50/p99), share of the bot's whole CPU."""
    rows = sorted(probe["handlers"].items(), key=lambda item: -item[1]["cpu"])
    lines = [
        f"{'handler':<44} {'count':>6} {'CPU ms':>7} {'SQL':>5} {'trips':>5} {'API':>4} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'share':>6}",
    ]
    for name, row in rows:
        n = row["count"]
        lines.append(
            f"{name[:44]:<44} {n:>6} {1000 * row['cpu'] / n:>7.2f} {row['statements'] / n:>5.1f} "
            f"{row['round_trips'] / n:>5.1f} {row.get('api_calls', 0) / n:>4.1f} "
            f"{pct(row['walls'], 0.5):>7.1f} "
            f"{pct(row['walls'], 0.99):>7.1f} {100 * row['cpu'] / total_cpu:>5.1f}%"
        )
    # Parsing requests, aiohttp, the outbox and the scheduler: the process's CPU in the run
    # (from /proc) less what the updates' own loop steps used.
    outside = total_cpu - sum(row["cpu"] for _name, row in rows)
    lines.append(
        f"{'(outside handlers: requests, sends, jobs)':<44} {'':>6} {'':>7} {'':>5} {'':>5} "
        f"{'':>4} {'':>7} {'':>7} {100 * outside / total_cpu:>5.1f}%"
    )
    lines.append(f"edits refused as 'message is not modified': {probe.get('not_modified', 0)}")
    collector = probe.get("gc", {})
    lines.append(
        f"cyclic GC over the whole process: {collector.get('collections', 0)} collections, "
        f"{collector.get('cpu', 0.0):.2f} s CPU"
    )
    return "\n".join(lines)


@dataclass
class Telegram:
    """Takes updates from the emulator and delivers them to the bot, timing each request."""

    bot_url: str
    http: aiohttp.ClientSession
    api: str  # the emulator's Bot API for this bot: where a webhook reply's call goes
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    waiting: dict[int, asyncio.Future[None]] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def accept(self, request: web.Request) -> web.Response:
        update = await request.json()
        task = asyncio.create_task(self.deliver(update))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return web.Response()

    async def deliver(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        while True:
            started = time.perf_counter()
            async with self.http.post(self.bot_url, json=update, headers=headers) as response:
                body = await response.read()
            self.statuses[response.status] += 1
            if response.status == 200:
                self.latencies.append(time.perf_counter() - started)
                if response.content_type == "application/json" and body:
                    call = json.loads(body)  # aiogram's own handler answers {} for "nothing"
                    if isinstance(call, dict) and "method" in call:
                        await self.call_reply(call)
                break
            await asyncio.sleep(0.1)
        future = self.waiting.pop(int(update["update_id"]), None)
        if future is not None and not future.done():
            future.set_result(None)

    async def call_reply(self, call: dict[str, Any]) -> None:
        """Make the call the bot put in its webhook response, as Telegram does."""
        method = call.pop("method")
        async with self.http.post(f"{self.api}/{method}", json=call) as response:
            await response.read()

    def expect(self, update_id: int) -> asyncio.Future[None]:
        future = self.waiting[update_id] = asyncio.get_running_loop().create_future()
        return future


@dataclass
class Person:
    uid: int
    emu: str
    http: aiohttp.ClientSession
    tg: Telegram
    rng: random.Random
    kinds: list[str] = field(default_factory=list)  # "text" / "click", for the echo run

    async def act(self, path: str, body: dict[str, Any], kind: str) -> None:
        action = await control(
            self.http, self.emu, "POST", path, json={"user_id": self.uid, **body}
        )
        update_id = int(action["update_id"])
        # The update may already be delivered (answered) before we ask; then it is not waited.
        future = self.tg.expect(update_id)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(future, 30)
        self.kinds.append(kind)

    async def text(self, value: str) -> None:
        await self.act("/send_text", {"text": value}, "text")

    async def click(self, data: str) -> None:
        await self.act("/press_button", {"callback_data": data}, "click")

    async def buttons(self) -> list[str]:
        """The buttons under the bot's newest message, as a person sees them. Only the newest
        few messages are read: the whole chat, dumped and parsed on every step, cost the
        emulator and the people more than the bot's own reply as the chats grew."""
        for limit in (NEWEST, None):
            query = {"include_deleted": "0", **({"limit": str(limit)} if limit else {})}
            chat = await control(self.http, self.emu, "GET", f"/chats/{self.uid}", params=query)
            for message in reversed(chat.get("messages", [])):
                if not message.get("from_bot"):
                    continue
                rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
                return [b["callback_data"] for row in rows for b in row if "callback_data" in b]
        return []

    async def jol_session(self, steps: int) -> None:
        await self.text("/start")
        await self.pick(lambda d: d.startswith("lang:"))
        await self.pick(lambda d: d == "ob:consent:yes")
        await self.pick(lambda d: d.startswith("ob:situation:"))
        await self.pick(lambda d: d.startswith("ob:destination:"))
        if self.rng.random() < 0.5:
            await self.text(f"{self.rng.randint(1, 28):02d}.{self.rng.randint(1, 12):02d}.2027")
        else:
            await self.pick(lambda d: d.startswith("ob:skip"))
        for _ in range(steps):
            roll = self.rng.random()
            if roll < 0.08:
                await self.text("/menu")
            elif roll < 0.12:
                await self.text(self.rng.choice(SEARCHES))
            elif not await self.walk():
                await self.text("/menu")

    async def pick(self, wanted: Any) -> None:
        choices = [d for d in await self.buttons() if wanted(d)]
        if choices:
            await self.click(self.rng.choice(choices))
        else:
            await self.text("/menu")

    async def walk(self) -> bool:
        options = [d for d in await self.buttons() if not any(a in d for a in AVOID)]
        if not options:
            return False
        weights = [WEIGHTS.get(d.split(":", 1)[0], 1) for d in options]
        await self.click(self.rng.choices(options, weights)[0])
        return True

    async def replay(self, kinds: list[str]) -> None:
        for kind in kinds:
            options = await self.buttons() if kind == "click" else []
            if options:
                await self.click(self.rng.choice(options))
            else:
                await self.text(self.rng.choice(["hello", "/start", "patent"]))


async def run_people(
    emu: str, tg: Telegram, people: int, concurrency: int, plan: Any, seed: int
) -> tuple[float, list[list[str]]]:
    async with aiohttp.ClientSession() as http:
        await control(http, emu, "POST", "/config", json={"callback_answer_timeout": 600})
        sem = asyncio.Semaphore(concurrency)
        kinds: list[list[str]] = []

        async def one(index: int) -> None:
            async with sem:
                uid = 8_000_000_000 + index
                language = ["ky", "ru", "en"][index % 3]
                await control(
                    http,
                    emu,
                    "POST",
                    "/users",
                    json={"id": uid, "first_name": "A", "language_code": language},
                )
                person = Person(uid, emu, http, tg, random.Random(seed + index))
                await plan(person, index)
                kinds.append(person.kinds)

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(people)))
        return time.perf_counter() - started, kinds


@contextlib.asynccontextmanager
async def telegram_side(emu: str) -> AsyncIterator[tuple[Telegram, str, int]]:
    """Our webhook endpoint for the emulator, and the port the bot will listen on."""
    bot_port = free_port()
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
    tg = Telegram(f"http://127.0.0.1:{bot_port}/hook", http, f"{emu}/bot{TOKEN}")
    app = web.Application()
    app.add_routes([web.post("/hook", tg.accept)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    public = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield tg, public, bot_port
    finally:
        await runner.cleanup()
        await http.close()


async def start_process(
    args: list[str], env: dict[str, str], log: Path
) -> asyncio.subprocess.Process:
    handle = log.open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=handle, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    handle.close()
    return process


async def wait_webhook(http: aiohttp.ClientSession, emu: str, process: Any, log: Path) -> None:
    for _ in range(600):
        if process.returncode is not None:
            raise SystemExit(f"bot exited:\n{log.read_text()[-3000:]}")  # noqa: ASYNC240
        profile = await control(http, emu, "GET", "/bot")
        if (profile.get("webhook") or {}).get("url"):
            return
        await asyncio.sleep(0.1)
    raise SystemExit("bot did not set its webhook")


@dataclass
class Figures:
    name: str
    updates: int
    seconds: float
    latencies: list[float]
    mix: Counter[str]
    # CPU seconds of each part during the run (PARTS), and the machine's busy seconds.
    parts: dict[str, float]
    machine: float
    # (updates handled so far, the bot's CPU seconds so far), sampled through the run.
    cpu_samples: list[tuple[int, float]] = field(default_factory=list)

    @property
    def cpu(self) -> float:
        """Seconds of the bot process's CPU during the run."""
        return self.parts["bot"]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def line(self) -> str:
        lat = self.latencies
        return (
            f"{self.name:<10} {self.updates:>6} updates in {self.seconds:6.1f} s = "
            f"{self.rate:7.1f} updates/s; latency p50 {pct(lat, 0.5):6.1f} ms, "
            f"p95 {pct(lat, 0.95):6.1f} ms, p99 {pct(lat, 0.99):6.1f} ms; "
            f"bot CPU {1000 * self.cpu / self.updates:5.2f} ms/update"
        )

    def machine_line(self) -> str:
        """Where the machine's CPU went per update: the two cores are shared by the bot, the
        emulator playing Telegram, the people, PostgreSQL and Redis, so a part of the run other
        than the bot can limit its throughput too."""
        per = ", ".join(
            f"{name} {1000 * seconds / self.updates:.2f}" for name, seconds in self.parts.items()
        )
        cores = os.cpu_count() or 1
        return (
            f"           CPU per update across the machine (ms): {per}; all processes "
            f"{1000 * self.machine / self.updates:.2f}, the machine busy "
            f"{100 * self.machine / (self.seconds * cores):.0f} % of its {cores} cores"
        )

    def p99_by_tenth(self) -> str:
        """The p99 of each tenth of the run, in the order handled: a first tenth far above the
        rest is one-off work (models and statements built, connections opened) holding up the
        people who came first, which the whole run's p99 alone does not tell apart."""
        lat, tenth = self.latencies, max(1, len(self.latencies) // 10)
        # The last tenth takes the remainder too, so no latency is left out.
        bounds = [(i * tenth, (i + 1) * tenth if i < 9 else None) for i in range(10)]
        tenths = [lat[start:end] for start, end in bounds if lat[start:end]]
        return "           p99 by tenth of the run (ms): " + " ".join(
            f"{pct(part, 0.99):.0f}" for part in tenths
        )

    def cpu_by_tenth(self) -> str:
        """The bot's CPU per update in each tenth of the run: what the first updates pay once
        (messages parsed, statements prepared and compiled, connections opened) against the
        steady state the later tenths show."""
        samples, tenth = self.cpu_samples, max(1, self.updates // 10)
        if len(samples) < 2:
            return "           bot CPU by tenth of the run: too few samples"
        figures = []
        for i in range(10):
            start = next((s for s in samples if s[0] >= i * tenth), samples[-1])
            end = next((s for s in samples if s[0] >= (i + 1) * tenth), samples[-1])
            if end[0] > start[0]:
                figures.append(f"{1000 * (end[1] - start[1]) / (end[0] - start[0]):.2f}")
        return "           bot CPU by tenth of the run (ms/update): " + " ".join(figures)


async def first_update(emu: str, tg: Telegram) -> None:
    """One person sends /help as soon as the webhook is set (measures start-up)."""
    async with aiohttp.ClientSession() as http:
        uid = 7_999_999_999
        user = {"id": uid, "first_name": "A", "language_code": "en"}
        await control(http, emu, "POST", "/users", json=user)
        await Person(uid, emu, http, tg, random.Random(0)).text("/help")


async def measure(
    name: str, bot_args: list[str], bot_env: dict[str, str], people: int, concurrency: int,
    plan: Any, seed: int, folder: Path,
) -> tuple[Figures, list[list[str]]]:  # fmt: skip
    async with emulator_process() as emu, telegram_side(emu) as (tg, public, port):
        env = {
            "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": emu, "WEBHOOK_URL": public,
            "WEBHOOK_SECRET": SECRET, "WEBHOOK_PORT": str(port), **bot_env,
        }  # fmt: skip
        log = folder / f"{name}.log"
        spawned = time.perf_counter()
        process = await start_process(bot_args, env, log)
        print(f"  {name}: bot process {process.pid} (log {log})", flush=True)
        try:
            async with aiohttp.ClientSession() as http:
                await wait_webhook(http, emu, process, log)
            await first_update(emu, tg)
            startup = time.perf_counter() - spawned
            # CPU, unlike the wall clock, barely depends on what else the machine runs.
            startup_cpu = cpu_seconds(process.pid)
            tg.latencies.clear()
            await asyncio.sleep(1.0)  # the bot's start-up jobs settle
            parts_before, machine_before = cpu_by_part(process.pid), machine_busy_seconds()
            samples: list[tuple[int, float]] = []

            async def sample_cpu() -> None:
                while True:
                    samples.append((len(tg.latencies), cpu_seconds(process.pid)))
                    await asyncio.sleep(0.1)

            sampler = asyncio.create_task(sample_cpu())
            try:
                seconds, kinds = await run_people(emu, tg, people, concurrency, plan, seed)
            finally:
                sampler.cancel()
            samples.append((len(tg.latencies), cpu_seconds(process.pid)))
            machine = machine_busy_seconds() - machine_before
            parts = {
                name: spent - parts_before[name]
                for name, spent in cpu_by_part(process.pid).items()
            }
            rss = peak_rss_mib(process.pid)
        finally:
            process.terminate()
            await process.wait()
        print(
            f"  {name}: start-up (process start to the first update answered, modules "
            f"compiled beforehand as in the image) {startup:.2f} s "
            f"({startup_cpu:.2f} s of the bot's CPU); peak RSS {rss:.0f} MiB"
        )
        mix = Counter(k for person in kinds for k in person)
        bad = {s: n for s, n in tg.statuses.items() if s != 200}
        if bad:
            print(f"  {name}: non-200 answers {bad} (see {log})")
        figures = Figures(
            name, len(tg.latencies), seconds, tg.latencies, mix, parts, machine, samples
        )
        return figures, kinds


# The packages the bot process imports from this checkout (bench.probe is its entry point).
APP_PACKAGES = ("bot", "handlers", "content", "db", "domain", "bench")


def compile_app() -> None:
    """Compile this checkout's modules first, as the image does when it is built (Dockerfile).
    Where Python may not write its bytecode cache (PYTHONDONTWRITEBYTECODE, set on these
    machines; the image's code is root's), every start compiled them again: 0.5-0.7 s of the
    start-up this bench measures against issue 17's 3 s, which a deployed bot does not pay."""
    for package in APP_PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


# The libraries whose releases move these figures most (constraints.txt pins them): printed so
# that runs on different checkouts or machines can be told apart.
MEASURED_LIBRARIES = ("aiogram", "aiohttp", "asyncpg", "SQLAlchemy", "pydantic", "redis", "uvloop")


def versions_line() -> str:
    listed = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in MEASURED_LIBRARIES)
    return f"Python {platform.python_version()}; {listed}"


async def bench(args: argparse.Namespace) -> None:
    folder = Path(args.logs)
    print(versions_line(), flush=True)
    compile_app()
    await recreate_database(DB_URL)
    jol_env = {"DATABASE_URL": DB_URL, "LOG_LEVEL": "INFO", "MIGRATE_ON_START": "false"}
    if not args.no_redis:
        jol_env["REDIS_URL"] = REDIS_URL

    async def jol_plan(person: Person, index: int) -> None:
        await person.jol_session(args.steps)

    probe_file = folder / "jol-probe.json"
    probe_file.unlink(missing_ok=True)
    jol_args = ["-m", "bench.probe", "run"]  # `python -m bot run`, probed only when asked
    if args.cprofile:
        jol_env["JOL_BENCH_CPROFILE"] = str(folder / "jol.prof")
    if args.asyncio_loop:
        jol_env["EVENT_LOOP"] = "asyncio"
    if args.gc_thresholds:
        jol_env["JOL_BENCH_GC_THRESHOLDS"] = args.gc_thresholds
    if (
        args.untuned
    ):  # the same process without bot.aiogram_compat.tune_for_throughput, for comparison
        jol_args = ["-c", UNTUNED]

    async def jol_run() -> tuple[Figures, list[list[str]]]:
        # Unprobed, like the echo bot: the probes read the thread's CPU clock around every
        # event-loop step, which is CPU the bot itself does not spend.
        figures, kinds = await measure(
            "jol", jol_args, jol_env, args.people, args.concurrency, jol_plan, args.seed, folder,
        )  # fmt: skip
        print(figures.line())
        print(figures.machine_line())
        print(figures.p99_by_tenth())
        print(figures.cpu_by_tenth())
        print(f"           mix: {dict(figures.mix)}")
        return figures, kinds

    jol, kinds = await jol_run()

    async def probed_table() -> None:
        """The same people again, probed: where the time goes, per handler."""
        await recreate_database(DB_URL)  # new people again, as in the headline run
        probed, _ = await measure(
            "jol-probed", jol_args, {**jol_env, "JOL_BENCH_PROBE": str(probe_file)},
            args.people, args.concurrency, jol_plan, args.seed, folder,
        )  # fmt: skip
        print(probed.line())
        overhead = (probed.cpu / probed.updates) / (jol.cpu / jol.updates)
        print(
            f"           the probes' own cost: CPU per update {overhead:.2f}× the unprobed run"
            " (probed on asyncio's own loop: the probes time its handles)"
        )
        if probe_file.exists():
            print(handler_table(json.loads(probe_file.read_text()), probed.cpu))

    if args.jol_only:
        if not args.no_table:
            await probed_table()
        return

    async def echo_run(kinds: list[list[str]]) -> Figures:
        async def echo_plan(person: Person, index: int) -> None:
            await person.replay(kinds[index % len(kinds)])

        echo, _ = await measure(
            "echo", ["-m", "bench.updates", "--serve-echo"], {}, args.people, args.concurrency,
            echo_plan, args.seed, folder,
        )  # fmt: skip
        print(echo.line())
        print(echo.machine_line())
        print(echo.p99_by_tenth())
        print(echo.cpu_by_tenth())
        print(f"           mix: {dict(echo.mix)}")
        return echo

    ratios: list[float] = []
    for pair in range(1, args.pairs + 1):
        if pair == 1:
            echo = await echo_run(kinds)
        else:
            print(f"pair {pair} of {args.pairs}")
            # The even pairs run the echo bot first (the same people, replaying the kinds of
            # the previous Jol run): a machine slowing down or speeding up through the pairs
            # then favours each bot as often as the other.
            echo_first = pair % 2 == 0
            if echo_first:
                echo = await echo_run(kinds)
            await recreate_database(DB_URL)  # new people again
            jol, kinds = await jol_run()
            if not echo_first:
                echo = await echo_run(kinds)
        p50 = statistics.median(jol.latencies) / statistics.median(echo.latencies)
        cpu = (jol.cpu / jol.updates) / (echo.cpu / echo.updates)
        ratios.append(jol.rate / echo.rate)
        print(
            f"jol/echo: throughput {jol.rate / echo.rate:.2f}×, p50 latency {p50:.1f}×, "
            f"CPU per update {cpu:.1f}×"
        )
    if len(ratios) > 1:
        # The machine's speed drifts by a fifth within the hour, and a pair's two runs can
        # fall on either side of a drift: the median of pairs run one after another says more.
        listed = " / ".join(f"{r:.2f}" for r in ratios)
        print(f"jol/echo throughput over {len(ratios)} pairs: {listed}; median "
              f"{statistics.median(ratios):.2f}×")  # fmt: skip
    if not args.no_table:
        await probed_table()


def serve_echo() -> None:
    """The baseline: a bare aiogram bot, webhook handled synchronously (no gc/pydantic tuning)."""
    from aiogram import Bot, Dispatcher, F
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=t) for t in "abc"]]
    )
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?", reply_markup=keyboard)

    @dispatcher.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if query.message is not None:
            await query.message.edit_text(f"{query.data} {time.time()}", reply_markup=keyboard)  # type: ignore[union-attr]

    async def on_startup(bot: Bot) -> None:
        await bot.set_webhook(os.environ["WEBHOOK_URL"], secret_token=SECRET)

    dispatcher.startup.register(on_startup)
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    app = web.Application()
    SimpleRequestHandler(
        dispatcher, bot, secret_token=SECRET, handle_in_background=False
    ).register(app, path="/hook")
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="127.0.0.1", port=int(os.environ["WEBHOOK_PORT"]), print=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--steps", type=int, default=20, help="button presses after onboarding")
    parser.add_argument("--concurrency", type=int, default=16, help="people active at once")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="the person's lock in the update's transaction, not Redis",
    )
    parser.add_argument("--logs", default=str(ROOT / "data" / "bench"))
    parser.add_argument("--untuned", action="store_true", help="Jol without start-up fixes")
    parser.add_argument("--jol-only", action="store_true", help="skip the echo bot")
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="N pairs of a Jol and an echo run; the even pairs run the echo bot first",
    )
    parser.add_argument(
        "--no-table", action="store_true", help="skip the probed run (the per-handler table)"
    )
    parser.add_argument("--cprofile", action="store_true", help="cProfile Jol (data/bench)")
    parser.add_argument("--gc-thresholds", help="young,middle,old after start-up (a trial)")
    parser.add_argument(
        "--asyncio-loop", action="store_true", help="Jol on asyncio's own loop, not uvloop"
    )
    parser.add_argument("--serve-echo", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        serve_echo()
        return
    Path(args.logs).mkdir(parents=True, exist_ok=True)
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
