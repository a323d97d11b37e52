"""A press goes straight to the routers that can take it (bot/routing.py): counted, not timed.

Without the gate a reminders button was tried against ~90 button filters on the way; with it
only against the handlers of the routers whose prefixes it has. What answers a press does not
change: a button no feature knows still ends in the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackQueryFilter

from tests.broadcast.helpers import onboarded
from tests.foundation.helpers import press, routers_entered
from tests.harness import Harness


@contextmanager
def counting_button_filters(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The data of every button filter evaluation, in order."""
    seen: list[str] = []
    original = CallbackQueryFilter.__call__

    async def counted(self: CallbackQueryFilter, query: Any) -> Any:
        seen.append(self.callback_data.__prefix__)
        return await original(self, query)

    monkeypatch.setattr(CallbackQueryFilter, "__call__", counted)
    yield seen
    monkeypatch.setattr(CallbackQueryFilter, "__call__", original)


async def test_a_press_is_tried_only_on_routers_with_its_prefix(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = await onboarded(jol, "en")
    await jol.send(uid, "/menu")
    await press(jol, uid, "m:reminders")
    with counting_button_filters(monkeypatch) as tried:
        await press(jol, uid, "rem:")
    print(f"\nbutton filters tried for one reminders press: {len(tried)}: {tried}")
    # Only the reminders router's own handlers (its main-menu entry, then its buttons) were
    # tried, and the last one took the press; ungated, every feature before it was tried too.
    assert set(tried) <= {"m", "rem"} and tried[-1] == "rem"
    assert len(tried) <= 5

    with counting_button_filters(monkeypatch) as tried:
        await jol.forge_click(uid, callback_data="zz:nobody:knows")
    assert tried == []  # every gated router passed it over
    answer = await jol.emu.wait_for_callback_answer()
    assert answer["text"] == jol.catalog.translator("en")("button-outdated")


async def test_routers_a_press_cannot_reach_are_passed_over_at_the_door(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A router whose gate refuses the press is not entered at all: aiogram would otherwise
    copy the update's data into a call to it and run its root filters, only to refuse."""
    uid = await onboarded(jol, "en")
    await jol.send(uid, "/menu")
    await press(jol, uid, "m:reminders")
    entered = routers_entered(monkeypatch, "callback_query")
    await press(jol, uid, "rem:")
    print(f"\nrouters entered by a reminders press: {entered}")
    # The dispatcher and Jol's root router (no gate: the fallback below takes any button),
    # then the reminders router itself; the dozen feature routers before it are passed over.
    assert entered[-1] == "handlers.reminders"
    assert len(entered) <= 3, entered
