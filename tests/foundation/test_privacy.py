"""/privacy, /mydata, /deletemydata, deep links and blocking."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from db.models import AuditEvent, Counter, FsmRecord, OutboxMessage, User, UserRole
from db.queries.outbox import enqueue
from db.types import utcnow
from tests.booking.helpers import book_directly
from tests.foundation.helpers import onboard
from tests.harness import Harness


async def test_privacy_explains_what_is_stored(jol: Harness) -> None:
    u = await jol.user("ru")
    await jol.send(u, "/privacy")
    notice = await jol.reply(u)
    assert "Никогда не хранится" in (notice.text or "")
    assert "/deletemydata" in (notice.text or "")


async def test_mydata_shows_everything_as_text_and_json(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.send(u, "/mydata")
    summary = await jol.reply_containing(u, "What Jol stores about you")
    assert str(u) in (summary.text or "")
    assert "01.06.2027" in (summary.text or "") or "2027-06-01" in (summary.text or "")
    document = await jol.reply(u, lambda m: m.document is not None)
    assert document.document is not None
    exported = json.loads(await jol.emu.download(document.document["file_id"]))
    assert exported["profile"]["telegram_id"] == str(u)
    assert exported["profile"]["destination"] == "russia"
    assert exported["profile"]["departure_date"] == "2027-06-01"
    # Never stored, so never exported: the Telegram name.
    assert "Aida" not in json.dumps(exported, ensure_ascii=False)


async def test_mydata_reads_in_the_persons_language_and_zone(jol: Harness) -> None:
    """Dates in the person's own time and format, language and city by name; the JSON file
    keeps Cyrillic as Cyrillic."""
    u = await jol.user("ru")
    await jol.start(u)
    await jol.reply(u, lambda m: "Русский" in m.button_texts)
    await jol.click(u, "Русский")
    await jol.click(u, "✅ Согласен(на)")
    await jol.click(u, "🌍 Сейчас работаю за рубежом")
    await jol.click(u, "🇷🇺 Россия")
    await jol.send(u, "01.11.2026")
    await jol.reply_containing(u, "Готово!")
    async with jol.session() as session:
        user = await session.get(User, u)
        assert user is not None and user.consent_at is not None
        consent = user.consent_at
        await book_directly(
            session, u, "consultation", utcnow() + timedelta(days=3), name="Сергей"
        )

    await jol.send(u, "/mydata")
    summary = (await jol.reply_containing(u, "Язык: русский")).text or ""
    moscow = consent.astimezone(ZoneInfo("Europe/Moscow"))
    assert f"Согласие на обработку данных: {moscow:%d.%m.%Y %H:%M}" in summary
    assert "Дата приезда: 01.11.2026" in summary
    assert "Часовой пояс: Москва" in summary
    for raw in ("+00:00", "Europe/Moscow", "Язык: ru", "2026-11-01"):
        assert raw not in summary, raw
    document = await jol.reply(u, lambda m: m.document is not None)
    assert document.document is not None
    raw_json = (await jol.emu.download(document.document["file_id"])).decode("utf-8")
    assert "Сергей" in raw_json and "\\u04" not in raw_json
    assert json.loads(raw_json)["profile"]["timezone"] == "Europe/Moscow"  # the file: as stored


async def test_mydata_for_a_stranger_says_nothing_is_stored(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.send(u, "/mydata")
    await jol.reply_containing(u, "stores nothing about you")
    assert not [m for m in await jol.chat(u) if m.document]


async def test_deletemydata_really_removes_the_rows(jol: Harness) -> None:
    u = await onboard(jol)
    async with jol.session() as session:
        await enqueue(session, u, "reminder", purpose="reminder")
        session.add(UserRole(user_id=u, role="staff"))

    await jol.send(u, "/deletemydata")
    await jol.reply(u, lambda m: "🗑 Yes, delete everything" in m.button_texts)
    await jol.click(u, "🗑 Yes, delete everything")
    await jol.reply_containing(u, "Your data has been deleted")

    async with jol.session() as session:
        assert await session.get(User, u) is None
        for model, column in (
            (UserRole, UserRole.user_id),
            (FsmRecord, FsmRecord.user_id),
            (OutboxMessage, OutboxMessage.chat_id),
        ):
            count = await session.scalar(
                select(func.count()).select_from(model).where(column == u)
            )
            assert count == 0, model.__tablename__
        erased = await session.get(Counter, ("users_erased", "planning:russia"))
        assert erased is not None and erased.value == 1

    # Starting again is a fresh start.
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)


async def test_deletemydata_can_be_declined(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.send(u, "/deletemydata")
    await jol.reply(u, lambda m: "No, keep it" in m.button_texts)
    await jol.click(u, "No, keep it")
    assert "Nothing was deleted" in ((await jol.last(u)).text or "")
    async with jol.session() as session:
        assert await session.get(User, u) is not None


async def test_deep_link_waits_for_onboarding_then_opens(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u, "privacy")
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, "🙈 Continue without saving")
    opened = await jol.reply_containing(u, "What Jol stores and why")
    assert opened.text

    await jol.start(u, "privacy")  # known person: straight there
    await jol.reply_containing(u, "What Jol stores and why")


async def test_unknown_deep_link_falls_back_to_the_menu(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.start(u, "no_such_thing")
    await jol.reply_containing(u, "That link is out of date")
    await jol.reply_containing(u, "Main menu")


async def test_blocking_and_coming_back_are_recorded(jol: Harness) -> None:
    u = await onboard(jol)
    update = await jol.emu.block(u)
    await jol.processed.wait(update["update_id"])
    async with jol.session() as session:
        row = await session.get(User, u)
        assert row is not None and row.blocked_at is not None
    update = await jol.emu.unblock(u)
    await jol.processed.wait(update["update_id"])
    async with jol.session() as session:
        row = await session.get(User, u)
        assert row is not None and row.blocked_at is None


async def test_audit_has_no_message_text(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.send(u, "/grant 1 staff")
    await jol.reply_containing(u, "only for the Center's staff")
    async with jol.session() as session:
        events = (await session.scalars(select(AuditEvent))).all()
    assert [(e.action, e.target) for e in events] == [("refused", "roles.grant")]
