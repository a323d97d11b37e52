"""A typed message goes only to the routers that can take it (bot/routing.py:TypedGate).

Two things must hold: a gate never turns away a message that one of its handlers would take
(checked against aiogram's own state and command filters, for every message handler of the
real router tree), and search typed as free text no longer passes through the routers on
its way. What answers a message does not change: the rest of the suite drives every flow.
"""

from __future__ import annotations

import asyncio
import functools
from inspect import unwrap
from typing import Any

import pytest
from aiogram import Bot, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Chat, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.routing import typed_gate_of
from handlers import FEATURES, build_root_router
from tests.broadcast.helpers import onboarded
from tests.foundation.helpers import routers_entered
from tests.harness import Harness

BOT = Bot("123456:TEST-token")


def _paths(
    router: Router, above: tuple[Router, ...] = ()
) -> list[tuple[tuple[Router, ...], HandlerObject]]:
    """Every message handler, with the routers from the root down to its own."""
    path = (*above, router)
    found = [(path, handler) for handler in router.message.handlers]
    for sub in router.sub_routers:
        found += _paths(sub, path)
    return found


@functools.cache
def _tree() -> tuple[list[tuple[tuple[Router, ...], HandlerObject]], list[str | None], list[str]]:
    root = build_root_router(FEATURES)
    paths = _paths(root)
    states: set[str | None] = {None, "Elsewhere:unknown"}
    commands: set[str] = {"start", "menu"}
    for _, handler in paths:
        for condition in (unwrap(f.callback) for f in handler.filters or ()):
            if isinstance(condition, StateFilter):
                for state in condition.states:
                    states |= _names(state)
            elif isinstance(condition, State | StatesGroup | type):
                states |= _names(condition)
            elif isinstance(condition, Command):
                commands |= {c for c in condition.commands if isinstance(c, str)}
    return paths, sorted(states, key=str), sorted(commands)


def _names(state: Any) -> set[str | None]:
    if isinstance(state, State):
        return {state.state}
    if isinstance(state, type) and issubclass(state, StatesGroup):
        return set(state.__all_states_names__)
    if isinstance(state, str) or state is None:
        return {state}
    return set()


async def _known_conditions_pass(
    handler: HandlerObject, message: Message, state: str | None
) -> bool:
    """Whether the handler's state and command conditions, as aiogram checks them, let the
    message through (its other conditions only narrow what it takes further)."""
    for condition in (unwrap(f.callback) for f in handler.filters or ()):
        if isinstance(condition, Command):
            if not await condition(message, BOT):
                return False
        elif isinstance(condition, StateFilter):
            if not await condition(message, raw_state=state):
                return False
        elif isinstance(condition, State) and not condition(message, raw_state=state):
            return False
    return True


def _message(text: str | None, caption: str | None) -> Message:
    return Message(
        message_id=1,
        date=0,  # type: ignore[arg-type]
        chat=Chat(id=7, type="private"),
        text=text,
        caption=caption,
    )


words = st.sampled_from(["", " ", "  ", "\n", "patent", "паспорт", "/", "!", "x"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_gate_turns_away_a_message_one_of_its_handlers_takes(data: Any) -> None:
    paths, states, commands = _tree()
    before = data.draw(words)
    prefix = data.draw(st.sampled_from(["", "/", "!"]))
    command = data.draw(st.sampled_from([*commands, "unknown"]))
    # (No "@mention": the check of one asks Telegram who the bot is.)
    after = data.draw(st.sampled_from(["", " 12.05.2027", " deep-link", "  x"]))
    body = data.draw(st.sampled_from([f"{before}{prefix}{command}{after}", before, command]))
    as_caption = data.draw(st.booleans())
    message = _message(None if as_caption else body, body if as_caption else None)
    state = data.draw(st.sampled_from(states))
    for path, handler in paths:
        if asyncio.run(_known_conditions_pass(handler, message, state)):
            for router in path:
                gate = typed_gate_of(router)
                assert gate is None or gate.admits(message, state), (
                    router.name,
                    handler.callback.__name__,
                    message.text,
                    message.caption,
                    state,
                )


def test_a_command_after_spaces_is_still_a_command() -> None:
    """aiogram's `Command` skips whitespace before the command (it splits the text)."""
    root = build_root_router(FEATURES)
    privacy = next(r for r in root.sub_routers if r.name == "handlers.privacy")
    gate = typed_gate_of(privacy)
    assert gate is not None
    assert gate.admits(_message("  /mydata", None), None)
    assert not gate.admits(_message("mydata", None), None)


@pytest.mark.parametrize("text", ["patent", "паспорт отобрали"])
async def test_search_typed_as_free_text_passes_the_other_routers_by(
    jol: Harness, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    uid = await onboarded(jol, "en")
    entered = routers_entered(monkeypatch, "message")
    await jol.send(uid, text)
    print(f"\nrouters entered by search typed as text: {len(entered)}: {entered}")
    results = await jol.reply(uid, lambda m: len(m.button_texts) > 1)  # results, as before
    assert jol.catalog.translator("en")("btn-home") in results.button_texts
    assert entered[-1] == "handlers.guides.search.free_text"
    # Only the routers with a handler for text in no state or for any text (the main menu's
    # and SOS's reply-keyboard words, booking's stale phone keyboard): ungated, some 40.
    assert len(entered) <= 12, entered
