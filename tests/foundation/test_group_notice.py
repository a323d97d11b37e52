"""The group notice's quiet minute holds across processes: it is kept in the database.

Two instances of the bot on one database (the harness's runtime, and a second dispatcher built
the same way) both receive commands from one group: the group gets one notice a minute."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

from aiogram import Dispatcher

from bot.factory import create_dispatcher
from db.clock import Clock
from db.models import GroupNotice
from tests.foundation.helpers import onboard
from tests.harness import Harness

GROUP = -1_000_000_000_900
NOTICE = "I answer only in a private chat. Write to me there."
_raw_ids = itertools.count(810_000_001)


async def command_in_group(
    dispatcher: Dispatcher, jol: Harness, group: int, user_id: int, command: str
) -> None:
    """A command typed in the group, as Telegram would hand it to `dispatcher`."""
    message = {
        "message_id": next(_raw_ids),
        "date": 1_700_000_000,
        "chat": {"id": group, "type": "supergroup", "title": "Migrants from Osh"},
        "from": {"id": user_id, "is_bot": False, "first_name": "A"},
        "text": command,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
    }
    update = {"update_id": next(_raw_ids), "message": message}
    # As polling and the webhook feed it (handlers may ask for `dispatcher`).
    await dispatcher.feed_raw_update(jol.bot, update, dispatcher=dispatcher)


async def notices(jol: Harness, group: int) -> list[str]:
    return [m.text or "" for m in await jol.emu.bot_messages(group)]


async def test_two_instances_give_a_group_one_notice_a_minute(jol: Harness, clock: Clock) -> None:
    u = await onboard(jol)
    other = await onboard(jol)
    await jol.emu.create_group("Migrants from Osh", group_id=GROUP)
    # A second instance of the bot on the same database: its own dispatcher and routers.
    second = create_dispatcher(jol.settings, jol.sessionmaker, jol.catalog)
    clock.freeze(clock.now())

    # Two people, one command each, at the same moment, one through each instance.
    await asyncio.gather(
        jol.send_in(GROUP, u, "/mydata"),
        command_in_group(second, jol, GROUP, other, "/settings"),
    )
    assert await notices(jol, GROUP) == [NOTICE]

    # Within the minute neither instance answers again.
    clock.advance(timedelta(seconds=59))
    await command_in_group(second, jol, GROUP, u, "/mybookings")
    await jol.send_in(GROUP, other, "/deletemydata")
    assert await notices(jol, GROUP) == [NOTICE]

    # A minute after the notice, one more (from whichever instance gets a command first).
    clock.advance(timedelta(seconds=2))
    await command_in_group(second, jol, GROUP, u, "/mydata")
    await jol.send_in(GROUP, other, "/mydata")
    assert await notices(jol, GROUP) == [NOTICE, NOTICE]

    # What is stored is the group's id and a time: nothing about who typed.
    async with jol.session() as session:
        stored = await session.get(GroupNotice, GROUP)
        assert stored is not None and stored.noticed_at == clock.now()
