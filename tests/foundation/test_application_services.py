"""Booking's and Ask's application services return outcomes and know nothing of aiogram: the
handlers map outcomes to screens, jobs call the same functions (issue 16, item 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["handlers/booking/services.py", "handlers/ask/services.py"]


@pytest.mark.parametrize("module", SERVICES)
def test_services_import_no_aiogram(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.split(".")[0] == "aiogram"]


def test_the_waiting_list_job_calls_the_booking_service() -> None:
    source = (ROOT / "handlers/booking/worker.py").read_text()
    assert "app.settle_slot(" in source and "q.settle(" not in source
