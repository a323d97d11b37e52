"""People, staff and waiting helpers for broadcast tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.i18n import Translator
from db.models import OutboxMessage, User, UserRole
from db.models.broadcast import Broadcast
from db.types import utcnow
from emulator import ChatMessage, EmulatorError
from emulator.timeouts import scaled
from tests.harness import Harness

LANGUAGE_BUTTON = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def tr(jol: Harness, lang: str) -> Translator:
    return jol.catalog.translator(lang)


async def onboarded(jol: Harness, lang: str = "ru", destination: str = "russia") -> int:
    """A person who went through /start, agreed to the privacy notice and works abroad."""
    t = tr(jol, lang)
    uid = await jol.user(lang, "Aida")
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[lang])
    await jol.click(uid, t("consent-agree"))
    await jol.click(uid, t("situation-abroad"))
    await jol.click(uid, t(f"destination-{destination}"))
    await jol.send(uid, "01.03.2025")
    return uid


async def people(
    jol: Harness,
    count: int,
    *,
    locale: str | None = "ru",
    consent: bool = True,
    created_at: datetime | None = None,
    **fields: Any,
) -> list[int]:
    """`count` people who started the bot, stored directly (onboarding each through the chat
    would take seconds apiece). The emulator lets the bot write to them."""
    await jol.emu.set_config(require_start=False)
    ids = [await jol.user(locale or "ru") for _ in range(count)]
    now = created_at or utcnow() - timedelta(days=30)
    async with jol.session() as session:
        for uid in ids:
            session.add(
                User(
                    id=uid,
                    locale=locale,
                    consent_at=now if consent else None,
                    created_at=now,
                    updated_at=now,
                    **fields,
                )
            )
    return ids


async def staff(jol: Harness, lang: str = "en", role: str = "staff") -> int:
    uid = await jol.user(lang, "Staff")
    async with jol.session() as session:
        session.add(UserRole(user_id=uid, role=role, granted_by=0, granted_at=utcnow()))
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[lang])
    await jol.click(uid, tr(jol, lang)("consent-decline"))
    return uid


async def broadcast_row(jol: Harness, broadcast_id: int | None = None) -> Broadcast:
    async with jol.session() as session:
        stmt = select(Broadcast).order_by(Broadcast.id.desc())
        if broadcast_id is not None:
            stmt = select(Broadcast).where(Broadcast.id == broadcast_id)
        row = await session.scalar(stmt.limit(1))
        assert row is not None
        return row


async def deliveries(jol: Harness, broadcast_id: int) -> list[OutboxMessage]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.ref == f"broadcast:{broadcast_id}")
            .order_by(OutboxMessage.chat_id)
        )
        return list(rows)


async def wait_for(
    probe: Callable[[], Any],
    *,
    timeout: float = 20.0,
    interval: float = 0.05,
    extra: Callable[[], Any] | None = None,
) -> Any:
    """Poll `probe` (sync or async) until it returns something truthy."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + scaled(timeout)
    last: Any = None
    while loop.time() < deadline:
        last = probe()
        if asyncio.iscoroutine(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out; last value: {last!r}; {extra() if extra else ''}")


async def wait_status(
    jol: Harness, broadcast_id: int, *statuses: str, timeout: float = 30.0
) -> Broadcast:
    async def probe() -> Broadcast | None:
        row = await broadcast_row(jol, broadcast_id)
        return row if row.status in statuses else None

    result: Broadcast = await wait_for(probe, timeout=timeout)
    return result


async def broadcast_messages(jol: Harness, uid: int, fragment: str) -> list[ChatMessage]:
    try:
        chat = await jol.chat(uid)
    except EmulatorError:  # the bot never wrote to this person
        return []
    return [m for m in chat if fragment in (m.text or m.caption or "")]


async def compose(
    jol: Harness,
    author: int,
    texts: dict[str, str],
    *,
    languages: tuple[str, ...] | None = None,
) -> int:
    """Write a draft through the chat: a text per language, targeting `languages` (default:
    the languages of the texts) and excluding the others."""
    t = tr(jol, "en")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    wanted = set(languages or texts)
    toggles = [loc for loc in ("ky", "ru", "en") if (loc in wanted) != (loc in row.languages)]
    if toggles:
        await jol.click(author, t("broadcast-btn-audience"))
        for locale in toggles:
            await jol.click(author, callback_data=f"bc:lang:{row.id}:{locale}")
        await jol.click(author, t("btn-back"))
    for locale, text in texts.items():
        await jol.click(author, callback_data=f"bc:txt:{row.id}:{locale}")
        await jol.send(author, text)
    return row.id


async def send_now(jol: Harness, author: int, broadcast_id: int) -> None:
    t = tr(jol, "en")
    await jol.click(author, callback_data=f"bc:send:{broadcast_id}:")
    await jol.click(author, t("broadcast-btn-confirm", approval="no"))


async def russian_draft(jol: Harness, readers: int, text: str) -> tuple[int, list[int], int]:
    """A staff author (reading English), this many Russian readers and the author's draft to
    them: (author, readers, draft id)."""
    author = await staff(jol)
    reader_ids = await people(jol, readers, locale="ru")
    return author, reader_ids, await compose(jol, author, {"ru": text})
