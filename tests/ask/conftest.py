"""Ask the Center tests: settings where consultants are always at work (so texts do not depend
on the clock), unless a test asks otherwise with `@pytest.mark.ask_settings(...)`."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.conftest import make_settings

ALWAYS_OPEN = {"ask_work_days": "1-7", "ask_work_start_hour": 0, "ask_work_end_hour": 24}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "ask_settings(**overrides): settings for this Ask the Center test"
    )


@pytest.fixture
def settings(db_url: str, request: pytest.FixtureRequest) -> Settings:
    overrides: dict[str, object] = dict(ALWAYS_OPEN)
    marker = request.node.get_closest_marker("ask_settings")
    if marker is not None:
        overrides.update(marker.kwargs)
    return make_settings(db_url, **overrides)
