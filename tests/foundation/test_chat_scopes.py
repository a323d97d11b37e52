"""Personal screens answer only in private chats; a group gets one generic pointer at most.

The walk over the real dispatcher makes it a rule: a new router that forgets to declare where
it answers fails here, before anyone types /mydata in a group."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router
from sqlalchemy import select

from bot.config import Settings
from bot.factory import create_dispatcher
from bot.filters import ChatScope, scopes_of
from bot.i18n import Catalog
from db.models import User
from tests.foundation.helpers import onboard
from tests.harness import Harness

GROUP = -1_000_000_000_777
EVERYWHERE = frozenset({"private", "staff", "group", "channel"})
# Routers allowed to answer outside a private chat, and where. Everything else is personal.
NOT_PERSONAL = {
    "handlers.ask.forum": {"staff"},  # consultants' topic actions in the staff forum group
    "handlers.ask.staff": {"private", "staff"},  # case cards are also posted in the forum
}
GENERIC = "handlers.groups"  # the generic "write to me privately" answers


def handlers_with_scopes(
    router: Router, inherited: dict[str, frozenset[str]] | None = None
) -> Iterator[tuple[str, str, str, frozenset[str]]]:
    """(router name, observer, handler name, chats it can answer in) for every handler."""
    inherited = inherited or {}
    here: dict[str, frozenset[str]] = {}
    for name in router.observers:
        if name in ("error", "update"):  # errors; the dispatcher's own feed of every update
            continue
        scopes = inherited.get(name, EVERYWHERE)
        declared = scopes_of(router, name)
        if declared is not None:
            scopes = scopes & declared
        here[name] = scopes
        for handler in router.observers[name].handlers:
            own = scopes
            for f in handler.filters or ():
                if isinstance(f.callback, ChatScope):
                    own = own & f.callback.scopes
            yield router.name, name, getattr(handler.callback, "__name__", "?"), own
    for child in router.sub_routers:
        yield from handlers_with_scopes(child, here)


async def test_no_personal_handler_answers_outside_a_private_chat(
    settings: Settings, sessionmaker: object
) -> None:
    dispatcher = create_dispatcher(settings, sessionmaker, Catalog.load())  # type: ignore[arg-type]
    found = list(handlers_with_scopes(dispatcher))
    assert len(found) > 50  # the walk really reached the feature routers
    leaks = []
    for router, observer, handler, scopes in found:
        if router == GENERIC:
            continue
        allowed = NOT_PERSONAL.get(router, {"private"})
        for prefix, where in NOT_PERSONAL.items():
            if router.startswith(prefix):
                allowed = where
        if not scopes <= allowed or not scopes:
            leaks.append(f"{router}.{handler} ({observer}) answers in {sorted(scopes)}")
    assert leaks == []
    # The generic router's messages come from groups only; its buttons answer an alert.
    generic = [(o, s) for r, o, _, s in found if r == GENERIC]
    assert ("message", frozenset({"group"})) in generic
    assert all(s == {"group"} for o, s in generic if o == "message")


async def test_private_commands_in_a_group_get_one_generic_reply(jol: Harness) -> None:
    u = await onboard(jol)
    before = len(await jol.chat(u))
    await jol.emu.create_group("Migrants from Osh", group_id=GROUP)
    for command in ("/mydata", "/mybookings", "/settings", "/deletemydata"):
        await jol.send_in(GROUP, u, command)
    posted = await jol.emu.bot_messages(GROUP)
    assert len(posted) == 1, [m.text for m in posted]
    notice = posted[0]
    assert notice.text == "I answer only in a private chat. Write to me there."
    assert notice.document is None
    me = await jol.bot.me()
    urls = [b.get("url") for row in notice.reply_markup["inline_keyboard"] for b in row]
    assert urls == [f"https://t.me/{me.username}?start=private"]
    assert str(u) not in (notice.text or "")
    # Nothing was sent to the person's private chat either, and nothing changed.
    assert len(await jol.chat(u)) == before
    async with jol.session() as session:
        assert await session.get(User, u) is not None


async def test_deep_link_from_the_group_opens_the_menu(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.start(u, "private")
    menu = await jol.reply_containing(u, "Main menu")
    assert "📚 Guides" in menu.button_texts


async def test_a_personal_button_pressed_in_a_group_does_nothing(jol: Harness) -> None:
    u = await onboard(jol)
    group = GROUP - 1  # the notice's quiet minute is per chat
    await jol.emu.create_group("Migrants from Osh", group_id=group)
    await jol.send_in(group, u, "/start")
    notice = (await jol.emu.bot_messages(group))[-1]
    # The erase button of /deletemydata, pressed on a message in the group.
    pressed = await jol.emu.press_button(
        u, callback_data="erase:1", message_id=notice.message_id, chat_id=group, forged=True
    )
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
    assert answer["text"] == "This works only in a private chat with the bot."
    assert answer["show_alert"] is True
    async with jol.session() as session:
        assert (await session.scalars(select(User.id).where(User.id == u))).all() == [u]
    assert len(await jol.emu.bot_messages(group)) == 1
