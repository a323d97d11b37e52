"""The process's event loop (bot/event_loop.py): uvloop by default, asyncio's on request.

The real processes (`tests/e2e/test_process.py`, `tests/production/test_cluster.py`) check that
`python -m bot` logs "loop": "uvloop" as it starts, in polling and in webhook mode."""

from __future__ import annotations

import asyncio

import pytest

from bot import event_loop
from bot.config import ConfigError, load_settings


async def _loop_kind() -> tuple[str, str]:
    return event_loop.loop_name(), type(asyncio.get_running_loop()).__module__


def test_auto_is_uvloop_since_it_is_a_dependency() -> None:
    assert event_loop.uvloop_available()
    assert event_loop.run(_loop_kind(), "auto") == ("uvloop", "uvloop")
    assert load_settings(_env_file=None).event_loop == "auto"


def test_asyncio_runs_on_asyncios_own_loop() -> None:
    name, module = event_loop.run(_loop_kind(), "asyncio")
    assert name == "asyncio" and module.startswith("asyncio")


def test_uvloop_named_but_missing_is_a_setting_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.config.uvloop_available", lambda: False)
    monkeypatch.setenv("EVENT_LOOP", "uvloop")
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    assert "EVENT_LOOP" in caught.value.message and "not installed" in caught.value.message
    monkeypatch.setattr("bot.event_loop.uvloop_available", lambda: False)
    assert event_loop.loop_factory("auto") is None  # auto falls back to asyncio's loop
