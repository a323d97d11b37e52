"""bench/updates.py's split of the machine's CPU by part: each process counted under its own
part, so the README's figures of where a Jol update's cost goes can be trusted."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

from bench.updates import PARTS, Figures, cpu_by_part, machine_busy_seconds

BURN = "import time\nend = time.process_time() + {s}\nwhile time.process_time() < end: pass\n"


def _burn_here(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_each_process_is_counted_under_its_own_part() -> None:
    # A stand-in for the bot (any pid given as the bot's) and one for the emulator (found by
    # its command line, as `python -m emulator` is), each burning CPU of its own.
    bot = subprocess.Popen([sys.executable, "-c", BURN.format(s=0.3) + "time.sleep(30)"])
    emulator = subprocess.Popen(
        [sys.executable, "-c", BURN.format(s=0.3) + "time.sleep(30)", "-m", "emulator"]
    )
    try:
        before, machine_before = cpu_by_part(bot.pid), machine_busy_seconds()
        _burn_here(0.3)
        time.sleep(1.0)  # both children have burnt their share by now (each needs 0.3 s of CPU)
        after, machine_after = cpu_by_part(bot.pid), machine_busy_seconds()
    finally:
        bot.kill()
        emulator.kill()
        bot.wait()
        emulator.wait()
    spent = {part: after[part] - before[part] for part in PARTS}
    assert spent["bot"] > 0.1, spent
    assert spent["Telegram (emulator)"] > 0.1, spent
    assert spent["people (this script)"] > 0.1, spent
    # The machine was busy at least as long as the three of them together.
    assert machine_after - machine_before >= 0.3


def test_cpu_by_tenth_divides_each_tenths_cpu_by_its_updates() -> None:
    # 100 updates sampled every 5: the first tenth cost 4 ms an update, every later one 2 ms.
    samples, cpu = [(0, 0.0)], 0.0
    for done in range(5, 101, 5):
        cpu += 5 * (0.004 if done <= 10 else 0.002)
        samples.append((done, cpu))
    figures = Figures("jol", 100, 1.0, [0.01] * 100, Counter(), {"bot": cpu}, 1.0, samples)
    line = figures.cpu_by_tenth()
    assert line.split(": ")[1].split() == ["4.00"] + ["2.00"] * 9, line


def test_cpu_by_tenth_says_so_when_the_run_was_not_sampled() -> None:
    figures = Figures("jol", 100, 1.0, [0.01] * 100, Counter(), {"bot": 0.2}, 1.0, [])
    assert "too few samples" in figures.cpu_by_tenth()
