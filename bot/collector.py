"""The cyclic garbage collector after start-up.

Start-up objects (routers, models, the catalog, content) live as long as the process: frozen,
the collector never walks them again. During updates Python's default young-generation
threshold (700 allocations) starts a collection every few hundred objects, and an update makes
thousands (pydantic models for the update, the answers and keyboards, ORM rows), nearly all
freed by reference counting alone. A larger young generation collects the few cycles as
surely, several times less often (bench/updates.py prints the collector's runs and CPU).
"""

from __future__ import annotations

import gc

# While starting: imports and building the routers, models and catalog allocate hundreds of
# thousands of objects that all stay; collecting them over and over found nothing and cost
# ~0.45 s of the ~2.5 s start-up CPU (bench/updates.py). `freeze_start_up` collects once.
START_UP_THRESHOLDS = (200_000, 50, 1_000)
# (young, middle, old): collections of generation 0, then 1 and 2 every `middle`/`old` of them.
THRESHOLDS = (20_000, 10, 10)


def relax_during_start_up() -> None:
    """Call first thing in a process that runs the bot (`python -m bot`)."""
    gc.set_threshold(*START_UP_THRESHOLDS)


def freeze_start_up() -> None:
    """Call once, when start-up is over and before the first update."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
