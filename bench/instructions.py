"""Instructions per update: `python -m bench.instructions` (or `python bench/instructions.py`).

`bench/updates.py` and `bench/hotpath.py` time the bot's CPU, and on these shared two-core
machines the same code measures up to a fifth faster or slower from one quarter of an hour to
the next: a change worth 2 % cannot be seen, only guessed at from many interleaved runs. This
bench counts the instructions the process executes instead, under valgrind's callgrind, for
the walk of `bench/hotpath.py` (onboarding, then presses as `bench/updates.py`'s people make
them; the production runtime on PostgreSQL and Redis; the Bot API answered in memory), one
update at a time so that the order in which answers arrive never changes what runs. Counting
is switched on only for the measured walk. Runs of the same code agree to within about 0.3 %.

What it cannot see: time that is not instructions of this process. Each round trip to
PostgreSQL, Redis or Telegram costs a system call and a wake-up of another process, which
under load weigh more than their instructions; `bench/updates.py` judges those. This one
judges the code's own work, change by change.

    python -m bench.instructions                      # this checkout
    python -m bench.instructions --against HEAD~3     # and a revision, checked out beside it

Needs valgrind (Debian: `apt-get install valgrind`), PostgreSQL and Redis as the other benches.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The walk, run by the Python under valgrind in the checkout being measured: as a `-c` script,
# so the checkout's own code is imported (its directory comes first on the path) and a revision
# from before this file existed can be measured too.
WALK = """
import asyncio, os, subprocess, sys
import bot  # first, as `python -m bot` does
from bench import hotpath
from bot.event_loop import run

PEOPLE, WARMUP, UPDATES, REDIS = {people}, {warmup}, {updates}, {redis}


def counting(on):
    subprocess.run(
        ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
        check=True, capture_output=True,
    )


def parse_every_message():
    # Since f2266f8 a message is parsed on its first use (bot/i18n.py), once per process: a
    # cost of the process's first minutes, not of an update. Parsed beforehand here, so that
    # the count is the steady state's, as it was before that change.
    from bot.i18n import Catalog
    for bundle in Catalog.load().bundles.values():
        for entries in (bundle._messages, bundle._terms):
            for key in list(getattr(entries, "sources", ())):
                key in entries


async def walk():
    parse_every_message()
    async with hotpath.running(redis=REDIS) as (runtime, api):
        people = hotpath.People(runtime, api, 1)
        uids = [8_000_000_000 + i for i in range(PEOPLE)]
        await hotpath._onboard_all(people, uids)
        for _ in range(WARMUP):
            await people.step(people.rng.choice(uids))
        counting(True)
        for _ in range(UPDATES):
            await people.step(people.rng.choice(uids))
        counting(False)


run(walk(), "auto")
"""


def count(checkout: Path, args: argparse.Namespace) -> float:
    """Millions of instructions per update of the walk, in `checkout`."""
    script = WALK.format(
        people=args.people, warmup=args.warmup, updates=args.updates, redis=not args.no_redis
    )
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={folder}/callgrind.out",
                sys.executable,
                "-c",
                script,
            ],
            cwd=checkout,
            # The same hash seed every run: sets and dicts keyed by strings iterate alike.
            env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(checkout)},
            capture_output=True,
            text=True,
            check=False,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"the walk failed in {checkout}:\n{done.stderr[-3000:]}")
    return int(found.group(1)) / args.updates / 1e6


@contextlib.contextmanager
def checked_out(revision: str) -> Iterator[Path]:
    """`revision` in a worktree of its own, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="jol-instructions-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), revision],
        cwd=ROOT,
        check=True,
    )
    try:
        yield folder
    finally:
        remove = ["git", "worktree", "remove", "--force", str(folder)]
        subprocess.run(remove, cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="a git revision to measure beside this checkout")
    parser.add_argument("--updates", type=int, default=150, help="updates counted per run")
    parser.add_argument("--warmup", type=int, default=100, help="updates before counting")
    parser.add_argument("--people", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each, interleaved")
    parser.add_argument("--no-redis", action="store_true", help="the lock in PostgreSQL")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("bench/instructions.py needs valgrind (Debian: apt-get install valgrind)")
    with contextlib.ExitStack() as stack:
        checkouts = {"this checkout": ROOT}
        if args.against:
            checkouts = {args.against: stack.enter_context(checked_out(args.against)), **checkouts}
        counts: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, folder in checkouts.items():
                counts[name].append(count(folder, args))
    medians = {name: statistics.median(values) for name, values in counts.items()}
    for name, values in counts.items():
        listed = " / ".join(f"{v:.3f}" for v in values)
        print(f"{name}: {medians[name]:.3f} M instructions per update ({listed})")
    if args.against:
        before, after = medians[args.against], medians["this checkout"]
        print(f"this checkout / {args.against}: {after / before:.3f}× ({after - before:+.3f} M)")


if __name__ == "__main__":
    main()
