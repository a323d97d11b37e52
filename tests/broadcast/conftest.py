"""Broadcast tests: quick ticks and short per-chat spacing, so a broadcast runs in seconds."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from tests.conftest import make_settings

FAST = {
    "send_rate_per_second": 200,
    "send_min_interval_per_chat": 0.2,
    "outbox_backoff_seconds": 0.05,
    "outbox_backoff_max_seconds": 0.2,
    "outbox_max_attempts": 3,
    "outbox_lease_seconds": 10,
    "broadcast_tick_seconds": 0.2,
    "broadcast_progress_seconds": 0.3,
    "broadcast_window_seconds": 0.5,
    "broadcast_approval_threshold": 50,
}


@pytest.fixture
def setting_overrides() -> dict[str, Any]:
    """What a test module changes in FAST: a module overrides this fixture, not `settings`."""
    return {}


@pytest.fixture
def settings(db_url: str, setting_overrides: dict[str, Any]) -> Settings:
    return make_settings(db_url, **{**FAST, **setting_overrides})


@pytest.fixture(autouse=True)
def no_handler_failures(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every update in these tests must be handled without an exception (the errors router
    would otherwise hide it behind a polite message)."""
    yield
    failures = [
        getattr(r, "trace", r.getMessage())
        for r in caplog.get_records("call")
        if r.name == "jol.errors" and r.levelno >= logging.ERROR
    ]
    assert not failures, "\n\n".join(failures)
