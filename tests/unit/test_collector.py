"""After start-up the cyclic collector skips the start-up objects and runs less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.collector import START_UP_THRESHOLDS, THRESHOLDS, freeze_start_up


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


@pytest.mark.usefixtures("collector_restored")
def test_python_m_bot_collects_rarely_while_starting(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.__main__

    monkeypatch.setattr(bot.__main__, "load_settings", _stop_after_the_collector)
    gc.set_threshold(700, 10, 10)
    with pytest.raises(_Stopped):
        bot.__main__.main(["run"])
    assert gc.get_threshold() == START_UP_THRESHOLDS
    assert START_UP_THRESHOLDS[0] > THRESHOLDS[0]


class _Stopped(Exception):
    pass


def _stop_after_the_collector() -> None:
    raise _Stopped
