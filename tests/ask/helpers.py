"""People, consultants and deliveries for Ask the Center tests."""

from __future__ import annotations

import asyncio
import struct
import zlib
from typing import Any

from sqlalchemy import func, select

from bot.i18n import Translator
from bot.workers.outbox import OutboxWorker
from db.models import Case, CaseMessage, OutboxMessage, UserRole
from db.queries.cases import set_duty
from db.types import utcnow
from emulator import ChatMessage
from emulator.timeouts import scaled
from tests.harness import Harness

LANGUAGE_BUTTON = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def tr(jol: Harness, lang: str) -> Translator:
    return jol.catalog.translator(lang)


def png() -> bytes:
    """A valid 1×1 PNG (the emulator checks that photos are images)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


async def onboard(jol: Harness, lang: str = "ru") -> int:
    """A person who agreed to the privacy notice and works in Russia."""
    t = tr(jol, lang)
    u = await jol.user(lang, "Aida")
    await jol.start(u)
    await jol.reply(u, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(u, LANGUAGE_BUTTON[lang])
    await jol.click(u, t("consent-agree"))
    await jol.click(u, t("situation-abroad"))
    await jol.click(u, t("destination-russia"))
    await jol.send(u, "01.03.2025")
    return u


async def anonymous(jol: Harness, lang: str = "ru") -> int:
    """A person who chose "continue without saving"."""
    t = tr(jol, lang)
    u = await jol.user(lang, "Bakyt")
    await jol.start(u)
    await jol.reply(u, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(u, LANGUAGE_BUTTON[lang])
    await jol.click(u, t("consent-decline"))
    return u


async def consultant(
    jol: Harness, lang: str = "ru", *, role: str = "staff", on_duty: bool = False
) -> int:
    uid = await jol.user(lang, "Consultant")
    async with jol.session() as session:
        session.add(UserRole(user_id=uid, role=role, granted_by=0, granted_at=utcnow()))
        if on_duty:
            await set_duty(session, uid, True)
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[lang])
    await jol.click(uid, tr(jol, lang)("consent-decline"))
    return uid


async def ask(jol: Harness, u: int, lang: str, topic: str, *, urgent: bool = False) -> None:
    """From the main menu to "write your question" (or an opened urgent case)."""
    t = tr(jol, lang)
    await jol.send(u, "/ask")
    await jol.click(u, t("ask-topic-button", topic=topic))
    await jol.click(u, t("ask-urgent-yes" if urgent else "ask-urgent-no"))


async def the_case(jol: Harness, user_id: int) -> Case:
    async with jol.session() as session:
        case = await session.scalar(
            select(Case).where(Case.user_id == user_id).order_by(Case.id.desc())
        )
    assert case is not None, "no case was opened"
    return case


async def case_messages(jol: Harness, case_id: int) -> list[CaseMessage]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(CaseMessage).where(CaseMessage.case_id == case_id).order_by(CaseMessage.id)
        )
        return list(rows)


async def deliver_outbox(jol: Harness, timeout: float = 15.0) -> None:
    """Run the real outbox worker until nothing due is left (works whether or not the
    harness's background already runs one: rows are claimed, never sent twice)."""
    worker = OutboxWorker(jol.bot, jol.sessionmaker, jol.settings)
    worker.start()
    try:
        async with asyncio.timeout(scaled(timeout)):
            while True:
                await worker.wake()
                async with jol.session() as session:
                    left = await session.scalar(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(
                            OutboxMessage.status.in_(("pending", "sending")),
                            OutboxMessage.due_at <= utcnow(),
                        )
                    )
                if not left and worker.idle:
                    return
                await asyncio.sleep(0.05)
    finally:
        await worker.stop()


async def forum_sync(jol: Harness) -> None:
    """Run the forum's topic job now (the harness's scheduler also runs it; the claim keeps the
    two from making two topics), then deliver what it and the updates queued."""
    from handlers.ask.forum import create_topics

    assert jol.runtime is not None
    await create_topics(jol.runtime)
    await deliver_outbox(jol)


def forge_button(jol: Harness, chat_id: int, callback_data: str) -> int:
    """What a modified client can do: send any callback data for a message that has inline
    buttons. The emulator has no API for it, so the latest keyboard in the chat is rewritten
    in place; returns that message's id."""
    emulator = jol.emu_running.emulator
    token = jol.settings.bot_token.get_secret_value() if jol.settings.bot_token else ""
    state = emulator.bot_for_token(token)
    chat = state.chats[chat_id]
    target = next(
        m
        for m in reversed(chat.messages.values())
        if m.from_bot and not m.deleted and m.reply_markup and "inline_keyboard" in m.reply_markup
    )
    target.reply_markup = {
        "inline_keyboard": [[{"text": "forged", "callback_data": callback_data}]]
    }
    return target.message_id


async def callback_answer(jol: Harness, pressed: dict[str, Any]) -> dict[str, Any]:
    return await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])


async def delivered(jol: Harness, chat_id: int, *fragments: str) -> ChatMessage:
    """Deliver the outbox, then the newest message in the chat that has all `fragments`
    (searched in the history: the background sender may have sent it before we looked)."""
    await deliver_outbox(jol)
    for message in reversed(await jol.chat(chat_id)):
        body = message.text or message.caption or ""
        if all(f in body for f in fragments):
            return message
    raise AssertionError(f"no message with {fragments!r} reached chat {chat_id}")
