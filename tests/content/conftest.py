"""Fixtures for the content tests: the shipped store and a small valid data set to break."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content import ContentStore, load_content
from content.model import DESTINATIONS

LANGS = ("ky", "ru", "en")


@pytest.fixture(scope="session")
def store() -> ContentStore:
    return load_content()


def _texts(text: str) -> dict[str, str]:
    return {loc: f"{text} ({loc})" for loc in LANGS}


def _section(sid: str) -> dict[str, Any]:
    return {
        "id": sid,
        "title": _texts("Title"),
        "body": {loc: f"<b>Body</b> {loc}\n\nSecond paragraph &amp; more." for loc in LANGS},
        "keywords": {loc: ["word"] for loc in LANGS},
        "sources": [{"title": "24.kg 309863"}, {"title": "MFA", "url": "https://mfa.gov.kg"}],
        "as_of": "2026-05",
        "review_by": "2027-05-28",
    }


def minimal_data() -> dict[str, Any]:
    """Smallest complete content: one section per destination, every emergency card."""
    guides = {
        f"{dest}.yaml": {
            "dest": dest,
            "title": _texts(dest),
            "intro": _texts("Intro"),
            "sections": [_section("first"), _section("second")],
        }
        for dest in DESTINATIONS
    }
    card = {k: v for k, v in _section("x").items() if k not in ("id", "keywords")}
    cards = {name: copy.deepcopy(card) for name in ("russia", "turkey", "korea", "europe")}
    cards["general"] = copy.deepcopy(card)
    return {"guides": guides, "emergency": {"cards": cards}}


Writer = Callable[[dict[str, Any]], Path]


@pytest.fixture
def write_data(tmp_path: Path) -> Writer:
    """Write a data set (as returned by minimal_data) as YAML files; returns the folder."""

    def write(data: dict[str, Any]) -> Path:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        for name, guide in data["guides"].items():
            (folder / name).write_text(yaml.safe_dump(guide, allow_unicode=True), "utf-8")
        (folder / "emergency.yaml").write_text(
            yaml.safe_dump(data["emergency"], allow_unicode=True), "utf-8"
        )
        return folder

    return write
