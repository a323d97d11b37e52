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

# (young, middle, old): collections of generation 0, then 1 and 2 every `middle`/`old` of them.
THRESHOLDS = (20_000, 10, 10)


def freeze_start_up() -> None:
    """Call once, when start-up is over and before the first update."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
