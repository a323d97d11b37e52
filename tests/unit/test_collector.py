"""After start-up the cyclic collector skips the start-up objects and runs less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.collector import THRESHOLDS, freeze_start_up


@pytest.fixture
def collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector_restored")
def test_start_up_objects_are_frozen_and_young_collections_are_rarer() -> None:
    gc.unfreeze()
    kept = object()
    tracked = [kept]  # a container: tracked by the collector, so it can be frozen
    freeze_start_up()
    assert gc.get_freeze_count() > 0
    assert not any(obj is tracked for obj in gc.get_objects())  # frozen: never walked again
    assert gc.get_threshold() == THRESHOLDS
    assert THRESHOLDS[0] > 700  # Python's default, which collected every few hundred objects
