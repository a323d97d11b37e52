"""Shared steps of the foundation tests: a person onboarded, a button pressed, statements
counted or recorded, rows stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.harness import Harness


@dataclass
class Counter:
    statements: int = 0
    round_trips: int = 0


@contextmanager
def counting(jol: Harness) -> Iterator[Counter]:
    engine = jol.sessionmaker.kw["bind"].sync_engine
    counter = Counter()

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counter.round_trips += 1
        if not statement.lstrip().upper().startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            counter.statements += 1

    def on_begin(connection: Any) -> None:
        if engine.dialect.name != "sqlite":  # there BEGIN went through the cursor (above)
            counter.round_trips += 1

    def on_end(_connection: Any) -> None:
        counter.round_trips += 1

    ping = engine.dialect.do_ping

    def counted_ping(dbapi_connection: Any) -> bool:
        counter.round_trips += 1
        return bool(ping(dbapi_connection))

    listeners = [
        ("before_cursor_execute", on_execute),
        ("begin", on_begin),
        ("commit", on_end),
        ("rollback", on_end),
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    engine.dialect.do_ping = counted_ping  # type: ignore[method-assign]
    try:
        yield counter
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
        del engine.dialect.do_ping


@contextmanager
def statements_sent(sessionmaker: async_sessionmaker[AsyncSession]) -> Iterator[list[str]]:
    """The SQL of every statement sent meanwhile, in order (SQLite's BEGIN IMMEDIATE, which
    goes through the cursor there, left out)."""
    engine = sessionmaker.kw["bind"].sync_engine
    sent: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.upper().startswith("BEGIN"):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


async def store(sessionmaker: async_sessionmaker[AsyncSession], *rows: Any) -> None:
    """Rows as the test's starting point, in a transaction of their own."""
    async with sessionmaker() as session, session.begin():
        session.add_all(rows)


async def press(jol: Harness, user: int, prefix: str) -> None:
    """Press the first button whose callback data starts with `prefix` on the latest message
    that has one."""
    for message in reversed(await jol.chat(user)):
        for data in message.callback_data:
            if data.startswith(prefix):
                await jol.click(user, callback_data=data, message_id=message.message_id)
                return
    offered = [m.callback_data for m in await jol.chat(user)][-3:]
    raise AssertionError(f"no button {prefix!r} on the latest messages: {offered}")


async def onboard(
    jol: Harness,
    lang: str = "en",
    *,
    first_name: str = "Aida",
    destination: str = "🇷🇺 Russia",
    departure: str | None = "01.06.2027",
) -> int:
    """A person who chose English, agreed and plans to go abroad: to `destination` (the
    button), leaving on `departure` (typed; None: "I don't know yet — skip")."""
    u = await jol.user(lang, first_name)
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, "✅ I agree")
    await jol.click(u, "✈️ I plan to go abroad")
    await jol.click(u, destination)
    if departure is None:
        await jol.click(u, "I don't know yet — skip")
    else:
        await jol.send(u, departure)
    return u


def routers_entered(monkeypatch: pytest.MonkeyPatch, event_name: str) -> list[str]:
    """The names of the routers that an event of `event_name` enters from now on (aiogram runs
    a router's root filters as it enters it), in order, until the test ends."""
    entered: list[str] = []
    original = TelegramEventObserver.check_root_filters

    async def recorded(self: TelegramEventObserver, event: Any, **kwargs: Any) -> Any:
        if self.event_name == event_name:
            entered.append(self.router.name)
        return await original(self, event, **kwargs)

    monkeypatch.setattr(TelegramEventObserver, "check_root_filters", recorded)
    return entered
