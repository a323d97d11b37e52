"""One database transaction per update, the conversation state included: it is read and written
in the update's own transaction (bot/middlewares/db.py), so a failed update rolls it back and no
update needs a second connection."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.context import current_session
from db.fsm_storage import SqlStorage, storage_key_id
from db.models import FsmRecord
from tests.harness import Harness

LANGUAGE_BUTTON = "Русский"


@pytest.mark.no_background  # nothing but the updates may touch the database meanwhile
async def test_each_update_is_one_transaction_state_included(jol: Harness) -> None:
    u = await jol.user("ru", "Aida")
    await jol.start(u)
    await jol.reply(u, lambda m: LANGUAGE_BUTTON in m.button_texts)

    engine = jol.sessionmaker.kw["bind"].sync_engine
    begun: list[Any] = []

    def on_begin(connection: Any) -> None:
        begun.append(connection)

    event.listen(engine, "begin", on_begin)
    try:
        await jol.click(u, LANGUAGE_BUTTON)  # reads and changes the conversation state
        await jol.send(u, "/menu")
    finally:
        event.remove(engine, "begin", on_begin)
    assert len(begun) == 2


async def test_the_state_reads_and_writes_of_one_update_share_one_snapshot(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    storage = SqlStorage(sessionmaker)
    key = StorageKey(bot_id=1, chat_id=7_000_000_001, user_id=7_000_000_001)
    engine = sessionmaker.kw["bind"].sync_engine
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        verb = statement.split()[0].upper()
        if verb != "BEGIN":  # SQLite's BEGIN IMMEDIATE goes through the cursor too
            statements.append(verb)

    async with sessionmaker() as session, session.begin():
        token = current_session.set(session)
        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            assert await storage.get_state(key) is None  # read once...
            assert await storage.get_data(key) == {}  # ...and the data comes with it
            await storage.set_state(key, "Flow:step")
            await storage.update_data(key, {"draft": "кат"})
            assert await storage.get_state(key) == "Flow:step"
            assert await storage.get_data(key) == {"draft": "кат"}
            await storage.set_state(key, None)
            await storage.set_data(key, {})
            await storage.set_state(key, None)  # already so in this transaction: no write
            await storage.set_data(key, {})
            assert await storage.get_state(key) is None and await storage.get_data(key) == {}
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)
            current_session.reset(token)
    assert statements.count("SELECT") == 1
    assert len(statements) == 1 + 2 + 2  # the read; state and data set; state and data cleared

    # What was committed is what the next update reads.
    async with sessionmaker() as session, session.begin():
        record = await session.get(FsmRecord, storage_key_id(key))
        assert record is not None and (record.state, record.data) == (None, {})
