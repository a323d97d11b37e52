"""Ask the Center tests: the Center open all week, all day (so texts do not depend on the
clock), unless a test asks otherwise with `@pytest.mark.center_hours(days=[...], hours=...)`;
`@pytest.mark.ask_settings(**overrides)` changes the settings.
The hours are content (`center_hours` in content/services.yaml): the test's runtime serves a
library with these hours."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import yaml

from bot.config import Settings
from content.library import ContentLibrary, serving
from tests.conftest import make_settings
from tests.harness import Harness

ALWAYS_OPEN: dict[str, Any] = {
    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "hours": "00:00-24:00",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "center_hours(days=[...], hours='HH:00-HH:00'): the Center's hours here"
    )
    config.addinivalue_line(
        "markers", "ask_settings(**overrides): settings for this Ask the Center test"
    )


@pytest.fixture
def settings(db_url: str, request: pytest.FixtureRequest) -> Settings:
    marker = request.node.get_closest_marker("ask_settings")
    return make_settings(db_url, **(marker.kwargs if marker else {}))


def library_with_hours(**center_hours: Any) -> ContentLibrary:
    docs = ContentLibrary.load().documents
    services = yaml.safe_load(docs["services.yaml"])
    services["center_hours"] = {**services["center_hours"], **center_hours}
    # Sessions only on the days the Center is open (the library refuses others).
    for service in services["services"]:
        hours = service["hours"]
        service["hours"] = {day: hours[day] for day in hours if day in center_hours["days"]}
    docs["services.yaml"] = yaml.safe_dump(services, allow_unicode=True, sort_keys=False)
    return ContentLibrary.from_documents(docs)


@pytest.fixture
def ask_library(request: pytest.FixtureRequest) -> Iterator[ContentLibrary]:
    marker = request.node.get_closest_marker("center_hours")
    library = library_with_hours(**(marker.kwargs if marker else ALWAYS_OPEN))
    with serving(library):
        yield library


@pytest.fixture
async def jol(jol: Harness, ask_library: ContentLibrary) -> AsyncIterator[Harness]:
    assert jol.runtime is not None
    jol.runtime.content.swap(ask_library)
    yield jol
