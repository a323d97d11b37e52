"""A press goes straight to the routers that can take it (bot/routing.py): counted, not timed.

Without the gate a reminders button was tried against ~90 button filters on the way; with it
only against the handlers of the routers whose prefixes it has. What answers a press does not
change: a button no feature knows still ends in the fallback.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiogram import Router
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from hypothesis import given
from hypothesis import strategies as st

from bot.aiogram_compat import router_filters
from bot.routing import (
    ButtonPrefixes,
    TypedGate,
    _could_be,
    _Prefilter,
    _wanted_values,
    gate_of,
    gate_routers,
)
from handlers import FEATURES, build_root_router
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
    # Only the reminders router's own button handlers were tried, and the last one took the
    # press; ungated, every feature before it was tried too.
    # Inside it, the main-menu entry's filter is not run either: its prefix is another.
    assert set(tried) == {"rem"}
    assert len(tried) <= 4

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


async def test_routers_with_a_closed_door_are_not_even_called(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The router above passes a router whose door refuses the press by without calling it (a
    call copied the update's data and made a coroutine, only to be turned away), and calls a
    router whose door lets it in once, without asking the door again."""
    uid = await onboarded(jol, "en")
    await jol.send(uid, "/menu")
    await press(jol, uid, "m:reminders")
    called: list[str] = []
    propagate = Router.propagate_event

    async def recorded(self: Router, *args: Any, **kwargs: Any) -> Any:
        called.append(self.name)
        return await propagate(self, *args, **kwargs)

    monkeypatch.setattr(Router, "propagate_event", recorded)
    refusals: list[str] = []
    for router in _all_routers(jol.dispatcher):
        door = router.__dict__.get("jol_door")
        if door is not None:
            monkeypatch.setattr(door, "refuses", _asked(door.refuses, router.name, refusals))
    await press(jol, uid, "rem:")
    print(f"\nrouters called by a reminders press: {called}; doors asked: {refusals}")
    assert called[-2:] == ["jol", "handlers.reminders"]
    assert "handlers.reminders" not in called[:-1]
    # Each door on the way asked once: the routers before the reminders', then its own.
    assert refusals[-1] == "handlers.reminders" and len(refusals) == len(set(refusals))


def _asked(refuses: Any, name: str, asked: list[str]) -> Any:
    def counted(*args: Any) -> bool:
        asked.append(name)
        return bool(refuses(*args))

    return counted


def _data_classes(router: Router) -> set[type[CallbackData]]:
    found = {
        f.callback.callback_data
        for handler in router.callback_query.handlers
        for f in handler.filters or ()
        if isinstance(f.callback, CallbackQueryFilter)
    }
    for sub in router.sub_routers:
        found |= _data_classes(sub)
    return found


@functools.cache
def _every_data_class() -> list[type[CallbackData]]:
    return sorted(_data_classes(build_root_router(FEATURES)), key=lambda c: c.__prefix__)


@st.composite
def _press_data(draw: st.DrawFn) -> str:
    """Data near the real buttons': a prefix (perhaps cut short or run on), a separator, more."""
    prefix = draw(st.sampled_from([c.__prefix__ for c in _every_data_class()]))
    prefix = draw(st.sampled_from([prefix, prefix[:-1], prefix + "x", ""]))
    separator = draw(st.sampled_from([":", "|", ""]))
    return prefix + separator + draw(st.text(alphabet=":|abc0129-_", max_size=12))


@given(data=_press_data())
def test_a_handler_turned_away_by_its_prefix_could_not_have_taken_the_press(data: str) -> None:
    """bot/routing.py:prefix_first says no before the filters run only where aiogram's own
    unpacking of the handler's `CallbackData` would have failed."""
    for data_class in _every_data_class():
        prefix, head = data_class.__prefix__, data_class.__prefix__ + data_class.__separator__
        if not _could_be(data, prefix, head):
            with pytest.raises((TypeError, ValueError)):
                data_class.unpack(data)
    assert len(_every_data_class()) > 20  # the real tree's button kinds


async def test_a_press_unpacks_only_for_the_handler_of_its_action(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blank day of the booking calendar is the last of some fifteen booking buttons of its
    kind: bot/routing.py compares the action part of its data first, so only the handler of
    that action unpacks it (each unpacking is a pydantic validation)."""
    uid = await onboarded(jol, "en")
    await jol.send(uid, "/menu")
    await press(jol, uid, "m:booking")
    await press(jol, uid, "book:")
    with counting_button_filters(monkeypatch) as tried:
        await press(jol, uid, "bk:noop:")
    print(f"\nbutton filters run for a blank day: {tried}")
    assert tried == ["bk"]
    assert (await jol.emu.wait_for_callback_answer())["text"] is None


def _all_routers(router: Router) -> Iterator[Router]:
    yield router
    for sub in router.sub_routers:
        yield from _all_routers(sub)


async def test_a_press_asks_only_the_handlers_its_data_fits(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handlers a press's data cannot fit are passed over without being asked: asking
    one was a copy of the update's data and a coroutine, for each of the booking buttons'
    handlers before the blank day's."""
    uid = await onboarded(jol, "en")
    await jol.send(uid, "/menu")
    await press(jol, uid, "m:booking")
    await press(jol, uid, "book:")
    asked: list[str] = []
    for router in _all_routers(jol.dispatcher):
        for handler in router.callback_query.handlers:
            monkeypatch.setattr(handler, "check", _counting(handler.check, router.name, asked))
    await press(jol, uid, "bk:noop:")
    print(f"\nhandlers asked by a blank day: {asked}")
    assert asked == ["handlers.booking.flow"]


def _counting(call: Any, name: str, calls: list[str]) -> Any:
    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return await call(*args, **kwargs)

    return counted


def _button_handlers(router: Router) -> Iterator[tuple[CallbackQueryFilter, type[CallbackData]]]:
    for handler in router.callback_query.handlers:
        for f in handler.filters or ():
            if isinstance(f.callback, CallbackQueryFilter):
                yield f.callback, f.callback.callback_data
                break
    for sub in router.sub_routers:
        yield from _button_handlers(sub)


@functools.cache
def _every_button_filter() -> list[tuple[CallbackQueryFilter, type[CallbackData]]]:
    return list(_button_handlers(build_root_router(FEATURES)))


def _takes(button: CallbackQueryFilter, data: str) -> bool:
    """aiogram's own answer (CallbackQueryFilter.__call__, without the query around it)."""
    try:
        unpacked = button.callback_data.unpack(data)
    except (TypeError, ValueError):
        return False
    return button.rule is None or bool(button.rule.resolve(unpacked))


def _compared_texts(data_class: type[CallbackData]) -> list[str]:
    """Every text some handler of this kind compares its action with."""
    return sorted(
        {
            text
            for button, kind in _every_button_filter()
            if kind is data_class
            for text in (_wanted_values(button) or (0, frozenset[str]()))[1]
        }
    )


def test_most_button_handlers_are_told_apart_by_their_action_alone() -> None:
    checked = [b for b, c in _every_button_filter() if _wanted_values(b) is not None]
    total = len(_every_button_filter())
    print(f"\nbutton handlers with an action compared first: {len(checked)} of {total}")
    assert len(checked) >= 90


def test_each_handler_still_takes_its_own_actions() -> None:
    """A button of each action a handler compares, its other parts as the kind's defaults:
    let through, and taken by the handler's filter as before."""
    tried = 0
    for button, data_class in _every_button_filter():
        wanted = _wanted_values(button)
        if wanted is None:
            continue
        name = list(data_class.model_fields)[wanted[0] - 1]
        for text in wanted[1]:
            fields = {
                n: f.default for n, f in data_class.model_fields.items() if not f.is_required()
            }
            data = data_class.model_construct(**{**fields, name: text}).pack()
            assert _Prefilter(button).may_take(data), data
            assert _takes(button, data), data
            tried += 1
    assert tried >= 100


@st.composite
def _action_data(draw: st.DrawFn) -> tuple[int, str]:
    """A button filter of the real tree, and data of its kind as real buttons carry it: each
    text part one of the texts that kind's handlers compare (or empty, or another), each
    number a small one; now and then a part too many or too few."""
    filters = _every_button_filter()
    index = draw(st.integers(0, len(filters) - 1))
    data_class = filters[index][1]
    texts = st.sampled_from([*_compared_texts(data_class), "", "x"])
    parts = []
    for field in data_class.model_fields.values():
        if field.annotation is str:
            parts.append(draw(texts))
        elif field.annotation is bool:
            parts.append(draw(st.sampled_from(["0", "1", ""])))
        else:
            parts.append(draw(st.sampled_from(["0", "7", "12", "", "x"])))
    cut = draw(st.sampled_from([0, 0, 0, 0, -1, 1]))
    parts = parts[:cut] if cut < 0 else parts + ["x"] * cut
    return index, data_class.__separator__.join([data_class.__prefix__, *parts])


@given(case=_action_data())
def test_a_handler_turned_away_by_its_action_could_not_have_taken_the_press(
    case: tuple[int, str],
) -> None:
    """A press bot/routing.py turns away before unpacking is one aiogram's own filter would
    have refused; one it lets through is judged by that filter as before."""
    index, data = case
    button, _ = _every_button_filter()[index]
    if not _Prefilter(button).may_take(data):
        assert not _takes(button, data), (data, button.rule)


def test_a_gate_checked_at_the_door_is_not_a_root_filter_too() -> None:
    """A router entered through its door does not run its gate again among its root filters
    (aiogram's filter machinery, once per router a press enters); only a router whose outer
    middleware must run first keeps its gate there."""
    root = build_root_router(FEATURES)
    gate_routers(root)
    doors = 0
    for router in _all_routers(root):
        kept = [f.callback for f in router_filters(router.callback_query)]
        if "jol_door" in router.__dict__:
            doors += 1
            assert not any(isinstance(f, ButtonPrefixes | TypedGate) for f in kept), router.name
        else:
            assert gate_of(router) is None or router.callback_query.outer_middleware
    assert doors > 20


# The aiogram code bot/routing.py follows step for step (`_asking_only_fit_handlers` and
# `_past_closed_doors`), by a digest of its source as aiogram 3.31 has it.
FOLLOWED = {
    "TelegramEventObserver.trigger": "fdd6943a8bb91fb6",
    "Router._propagate_event": "76fc938efce3eacf",
}


def test_the_aiogram_code_the_routing_follows_is_unchanged() -> None:
    """A new aiogram that changes how an observer tries its handlers or a router its
    sub-routers fails here, so the two copies in bot/routing.py are read again beside it."""
    found = {
        "TelegramEventObserver.trigger": TelegramEventObserver.trigger,
        "Router._propagate_event": Router._propagate_event,
    }
    digests = {
        name: hashlib.sha256(inspect.getsource(code).encode()).hexdigest()[:16]
        for name, code in found.items()
    }
    assert digests == FOLLOWED
