"""One database transaction per update, the conversation state included: it is read and written
in the update's own transaction (bot/middlewares/db.py), so a failed update rolls it back and no
update needs a second connection."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

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
