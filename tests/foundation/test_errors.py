"""A failing handler rolls back its transaction and the person is told what to do."""

from __future__ import annotations

from sqlalchemy import select

from db.models import User
from tests.harness import Harness


async def test_failure_rolls_back_and_the_person_is_told(jol: Harness) -> None:
    u = await jol.user("ru")
    await jol.start(u)
    await jol.reply(u, lambda m: "Русский" in m.button_texts)
    # Telegram fails while the bot shows the next screen: the handler raises after it wrote the
    # user row, so that write must be rolled back.
    await jol.emu.script_fault("editMessageText", chat_id=u, status=500, description="Internal")
    await jol.click(u, "Русский")
    apology = await jol.reply(u, lambda m: "что-то сломалось" in (m.text or ""))
    assert "/menu" in (apology.text or "")
    async with jol.session() as session:
        assert (await session.scalars(select(User).where(User.id == u))).first() is None
    # The same press works once Telegram is fine again: nothing is stuck.
    await jol.click(u, "Русский")
    async with jol.session() as session:
        row = await session.get(User, u)
        assert row is not None and row.locale == "ru"


async def test_unknown_commands_and_text_get_an_answer(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.send(u, "/nosuchcommand")
    reply = await jol.reply(u)
    assert "don't know that command" in (reply.text or "")


async def test_stickers_and_other_messages_are_never_met_with_silence(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.emu.send_contact(u)
    reply = await jol.reply(u)
    assert reply.text
