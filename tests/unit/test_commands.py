"""The command menu lists only commands the bot handles, each described in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.commands import commands_for
from bot.i18n import Catalog

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"


def handled_commands() -> set[str]:
    found: set[str] = {"start"}
    for path in HANDLERS.rglob("*.py"):
        for args in re.findall(r"Command\(([^)]*)\)", path.read_text(encoding="utf-8")):
            found |= set(re.findall(r'"([a-z_]+)"', args))
    return found


@pytest.mark.parametrize("locale", ["ky", "ru", "en"])
def test_every_menu_command_is_handled_and_described(locale: str) -> None:
    t = Catalog.load().translator(locale)
    menu = commands_for(t, {"admin"})
    names = [c.command for c in menu]
    assert len(names) == len(set(names)) <= 100
    assert set(names) <= handled_commands()
    for command in menu:
        assert 1 <= len(command.description) <= 256
        assert not command.description.startswith("cmd-"), command.command


def test_people_see_their_commands_staff_see_more() -> None:
    t = Catalog.load().translator("en")
    plain = {c.command for c in commands_for(t, set())}
    staff = {c.command for c in commands_for(t, {"staff"})}
    coordinator = {c.command for c in commands_for(t, {"coordinator"})}
    assert "grant" not in staff and "cases" not in plain
    assert {"cases", "broadcast"} <= staff and "bookings" not in staff
    assert {"cases", "bookings"} <= coordinator and "broadcast" not in coordinator
    assert handled_commands() - {c.command for c in commands_for(t, {"admin"})} == set()
