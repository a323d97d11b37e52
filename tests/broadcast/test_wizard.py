"""Composing: texts per language, HTML checks, the missing-translation block, audience and
counts, attachment, preview exactly as recipients see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.models import AuditEvent
from tests.ask.helpers import png
from tests.broadcast.helpers import broadcast_row, people, send_now, staff, tr, wait_status
from tests.harness import Harness


async def answer_of(jol: Harness, pressed: dict[str, Any]) -> dict[str, Any]:
    return await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)


async def test_draft_texts_html_check_and_missing_translation(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    await people(jol, 2, locale="ru")
    await people(jol, 1, locale="ky")
    await jol.send(author, "/broadcast")
    draft = await jol.reply(author, lambda m: "draft" in (m.text or ""))
    row = await broadcast_row(jol)
    assert row.status == "draft" and row.languages == ["ky", "ru"]  # nobody reads English
    assert "Recipients: 3" in (draft.text or "")

    # Russian text with hand-typed HTML; a broken tag is explained and the state kept.
    await jol.click(author, callback_data=f"bc:txt:{row.id}:ru")
    await jol.send(author, "<b>Новое правило</b> <i>незакрытый")
    error = await jol.reply_containing(author, "would not accept")
    assert "not closed" in (error.text or "")
    await jol.send(author, "<b>Новое правило</b> с 1 марта & <i>подробнее</i> в Центре")
    await jol.reply_containing(author, "“&amp;”")  # a lone & inside HTML must be escaped
    await jol.send(author, "<b>Новое правило</b> с 1 марта &amp; подробнее")
    await jol.reply_containing(author, "Text saved")
    assert (await broadcast_row(jol, row.id)).texts == {
        "ru": "<b>Новое правило</b> с 1 марта &amp; подробнее"
    }

    # Kyrgyz is targeted (someone reads it) but has no text: sending is blocked.
    pressed = await jol.click(author, callback_data=f"bc:send:{row.id}:")
    answer = await answer_of(jol, pressed)
    assert answer["show_alert"] and "Кыргызча" in answer["text"]
    assert (await broadcast_row(jol, row.id)).status == "draft"

    # Excluding Kyrgyz resolves it; the count follows.
    await jol.click(author, t("broadcast-btn-audience"))
    screen = await jol.click(author, callback_data=f"bc:lang:{row.id}:ky")
    assert screen
    audience = await jol.last(author)
    assert "Recipients: 2" in (audience.text or "")
    await jol.click(author, t("btn-back"))
    hub = await jol.last(author)
    assert "Ready to send" in (hub.text or "")
    await jol.click(author, callback_data=f"bc:send:{row.id}:")
    confirm = await jol.last(author)
    assert "Recipients: <b>2</b>" in (confirm.get("source") or "") or "Recipients: 2" in (
        confirm.text or ""
    )


async def test_plain_text_and_telegram_formatting_are_kept(jol: Harness) -> None:
    author = await staff(jol)
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, callback_data=f"bc:txt:{row.id}:en")
    await jol.send(author, "Q&A on Friday: 5 > 3")
    await jol.reply_containing(author, "Text saved")
    assert (await broadcast_row(jol, row.id)).texts["en"] == "Q&amp;A on Friday: 5 &gt; 3"


async def test_one_text_for_everyone_and_audience_segments(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    await people(jol, 2, locale="ru", destination="korea", situation="planning")
    await people(jol, 1, locale="ky", destination="russia", situation="abroad")
    await people(jol, 1, locale="en", destination="korea", situation="abroad")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, t("broadcast-btn-mode", mode="each"))
    await jol.click(author, t("broadcast-btn-text-one"))
    await jol.send(author, "EPS Korea: new quota")
    hub = await jol.reply_containing(author, "One text for everyone")
    assert "Recipients: 4" in (hub.text or "") and "Ready to send" in (hub.text or "")

    await jol.click(author, t("broadcast-btn-audience"))
    await jol.click(author, callback_data=f"bc:pick:{row.id}:d")
    await jol.click(author, t("broadcast-destination", value="korea"))
    screen = await jol.last(author)
    assert "Recipients: 3" in (screen.text or "") and "South Korea" in (screen.text or "")
    await jol.click(author, callback_data=f"bc:pick:{row.id}:s")
    await jol.click(author, t("broadcast-situation", value="planning"))
    assert "Recipients: 2" in ((await jol.last(author)).text or "")
    # Forged or stale segment values change nothing.
    await jol.forge_click(author, f"bc:seg:{row.id}:d-mars")
    assert (await broadcast_row(jol, row.id)).segment == {
        "destination": "korea",
        "situation": "planning",
    }
    await jol.click(author, callback_data=f"bc:since:{row.id}:")
    await jol.send(author, "someday")
    await jol.reply_containing(author, "could not read that date")
    await jol.send(author, "01.01.2000")
    assert "active since 01.01.2000" in ((await jol.last(author)).text or "")
    await jol.click(author, t("broadcast-btn-everyone"))
    assert "Recipients: 4" in ((await jol.last(author)).text or "")


async def test_preview_shows_each_language_as_recipients_see_it(jol: Harness) -> None:
    author = await staff(jol)
    await people(jol, 2, locale="ru")
    await people(jol, 1, locale="ky")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    # English is added although nobody reads it yet: its preview says the text is missing.
    await jol.click(author, tr(jol, "en")("broadcast-btn-audience"))
    await jol.click(author, callback_data=f"bc:lang:{row.id}:en")
    await jol.click(author, tr(jol, "en")("btn-back"))
    await jol.click(author, callback_data=f"bc:txt:{row.id}:ru")
    await jol.send(author, "<b>Новое</b> правило")
    await jol.click(author, callback_data=f"bc:txt:{row.id}:ky")
    await jol.send(author, "<b>Жаңы</b> эреже")
    await jol.click(author, callback_data=f"bc:prev:{row.id}:")
    chat = await jol.chat(author)
    ky_header = next(m for m in chat if "Preview" in (m.text or "") and "Кыргызча" in m.text)
    ky = next(m for m in chat if m.message_id > ky_header.message_id and m.text == "Жаңы эреже")
    assert ky.get("source") == "<b>Жаңы</b> эреже"
    assert ky.button_texts == [tr(jol, "ky")("broadcast-news-off")]
    ru = next(m for m in chat if m.text == "Новое правило")
    assert ru.button_texts == [tr(jol, "ru")("broadcast-news-off")]
    en_header = next(m for m in chat if "Preview" in (m.text or "") and "English" in m.text)
    assert "no text yet" in (en_header.text or "")


async def test_photo_attachment_goes_with_every_language(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    (reader,) = await people(jol, 1, locale="ru")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, t("broadcast-btn-media"))
    await jol.send(author, "not a photo")
    await jol.reply_containing(author, "send a photo or a file")
    await jol.send_photo(author, png())
    await jol.reply_containing(author, "Photo attached")
    await jol.click(author, callback_data=f"bc:txt:{row.id}:ru")
    await jol.send(author, "x" * 1100)
    await jol.reply_containing(author, "too long")
    await jol.send(author, "Фото с занятия")
    await jol.click(author, callback_data=f"bc:prev:{row.id}:")
    photo = await jol.reply(author, lambda m: m.get("kind") == "photo")
    assert photo.caption == "Фото с занятия"
    stored = await broadcast_row(jol, row.id)
    assert stored.media_kind == "photo" and stored.media_file_id

    # Delivered the same way through the outbox sender (kind "photo").
    await send_now(jol, author, row.id)
    assert (await wait_status(jol, row.id, "done")).sent == 1
    got = await jol.reply(reader, lambda m: m.get("kind") == "photo")
    assert got.caption == "Фото с занятия"
    assert got.button_texts == [tr(jol, "ru")("broadcast-news-off")]


async def test_discard_deletes_the_draft_and_audits(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol)
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, t("broadcast-btn-discard"))
    await jol.reply_containing(author, "deleted")
    async with jol.session() as session:
        actions = list(
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.target == f"broadcast:{row.id}")
            )
        )
    assert actions == ["broadcast.create", "broadcast.discard"]
