"""The person's side: asking, writing while a case is open, out of hours."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.clock import local_now
from db.models import Case
from handlers.menu import MenuCb
from tests.ask.helpers import (
    anonymous,
    ask,
    case_messages,
    consultant,
    delivered,
    onboard,
    png,
    the_case,
    tr,
)
from tests.harness import Harness


async def test_question_with_a_photo_becomes_a_case(jol: Harness) -> None:
    on_duty = await consultant(jol, "ru", on_duty=True)
    off_duty = await consultant(jol, "ru")
    u = await onboard(jol, "ru")
    t = tr(jol, "ru")

    await jol.click(u, t("menu-ask"))
    await jol.click(u, t("ask-topic-button", topic="documents"))
    await jol.click(u, t("ask-urgent-no"))
    prompt = await jol.last(u)
    assert "Напишите свой вопрос здесь" in (prompt.text or "")
    assert t("btn-home") in prompt.button_texts

    await jol.send(u, "Работодатель в Казани забрал паспорт и не отдаёт")
    opened = await jol.reply_containing(u, "передан в Центр")
    case = await the_case(jol, u)
    assert f"№{case.id}" in (opened.text or "")
    await jol.send_photo(u, png(), caption="Вот мой договор")

    case = await the_case(jol, u)
    assert (case.topic, case.status, case.urgent) == ("documents", "new", False)
    assert (case.locale, case.destination, case.source) == ("ru", "russia", "menu")
    assert case.consent_at is None  # covered by the profile's consent
    stored = await case_messages(jol, case.id)
    assert [m.kind for m in stored] == ["text", "photo"]
    assert stored[0].text == "Работодатель в Казани забрал паспорт и не отдаёт"
    assert stored[1].text == "Вот мой договор" and stored[1].file_id
    # One "received" note per burst: the photo right after the text gets none.
    chat = await jol.chat(u)
    assert not any("Добавлено к вопросу" in (m.text or "") for m in chat)

    # A new, non-urgent case: the consultant on duty hears of it, the one off duty does not.
    assert [r.dedupe_key for r in await jol.outbox_to(on_duty)] == [
        f"case-new:{case.id}:{on_duty}"
    ]
    assert await jol.outbox_to(off_duty) == []
    alert = await delivered(jol, on_duty, f"№{case.id}", "Новое обращение")
    assert "Работодатель в Казани" in (alert.text or "")

    # The consultant reads the thread; the photo is shown again.
    await jol.click(on_duty, tr(jol, "ru")("ask-staff-open-case", number=str(case.id)))
    await jol.click(on_duty, tr(jol, "ru")("ask-staff-btn-thread"))
    messages = await jol.chat(on_duty)
    assert any("забрал паспорт" in (m.text or "") for m in messages)
    photo = [m for m in messages if m.get("kind") == "photo"]
    assert photo and photo[-1].caption == "Вот мой договор"


async def test_text_typed_before_the_questions_is_kept(jol: Harness) -> None:
    u = await anonymous(jol, "en")
    t = tr(jol, "en")
    await jol.send(u, "/ask")
    await jol.send(u, "My boss in Seoul has not paid me for two months")
    kept = await jol.last(u)
    assert "I kept what you wrote" in (kept.text or "")
    assert t("ask-topic-button", topic="wages") in kept.button_texts
    await jol.click(u, t("ask-topic-button", topic="wages"))
    await jol.click(u, t("ask-urgent-no"))
    # No profile consent: this case asks for its own.
    consent = await jol.last(u)
    assert t("ask-consent-yes") in consent.button_texts
    await jol.click(u, t("ask-consent-yes"))
    await jol.reply_containing(u, "has reached the Center")

    case = await the_case(jol, u)
    assert case.consent_at is not None and case.destination is None
    stored = await case_messages(jol, case.id)
    assert [m.text for m in stored] == ["My boss in Seoul has not paid me for two months"]


async def test_leaving_ends_writing_but_the_case_stays_open(jol: Harness) -> None:
    u = await onboard(jol, "ky")
    t = tr(jol, "ky")
    await ask(jol, u, "ky", "wages")
    await jol.send(u, "Эки айдан бери айлык беришпей жатат")
    await jol.reply_containing(u, "Борборго жетти")
    case = await the_case(jol, u)
    # The person leaves for the menu and types a word: it is a search again, not the case's.
    await jol.click(u, t("btn-home"))
    await jol.send(u, "патент")
    results = await jol.last(u)
    assert "патент" in (results.text or "")
    stored = await case_messages(jol, case.id)
    assert [m.text for m in stored] == ["Эки айдан бери айлык беришпей жатат"]

    # Back through the menu: the same case, open, and writing goes on in it.
    await jol.send(u, "/menu")
    await jol.click(u, t("menu-ask"))
    screen = await jol.last(u)
    assert f"№{case.id}" in (screen.text or "")
    await jol.send(u, "Иш берүүчү телефонду албай жатат")
    stored = await case_messages(jol, case.id)
    assert [m.text for m in stored][-1] == "Иш берүүчү телефонду албай жатат"
    await jol.click(u, t("ask-btn-history"))
    history = await jol.last(u)
    assert "Иш берүүчү телефонду албай жатат" in (history.text or "")

    # The person closes it; afterwards text is no longer part of the case.
    await jol.click(u, t("ask-btn-solved"))
    await jol.click(u, t("ask-close-yes"))
    await jol.reply_containing(u, "жабылды")
    async with jol.session() as session:
        closed = await session.get(Case, case.id)
        assert closed is not None and closed.status == "closed" and closed.closed_by == u
    await jol.send(u, "Рахмат")
    assert len(await case_messages(jol, case.id)) == len(stored)


def _closed_days() -> list[str]:
    """Open days that exclude today and tomorrow in Bishkek (the test may cross midnight)."""
    from zoneinfo import ZoneInfo

    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    today = local_now(ZoneInfo("Asia/Bishkek")).isoweekday()
    excluded = {today, today % 7 + 1}
    return [names[d - 1] for d in range(1, 8) if d not in excluded]


@pytest.mark.center_hours(days=_closed_days(), hours="09:00-18:00")
async def test_out_of_hours_says_when_and_offers_emergency_help(jol: Harness) -> None:
    u = await onboard(jol, "en")
    await ask(jol, u, "en", "other")
    prompt = await jol.last(u)
    text = prompt.text or ""
    assert "Consultants work" in text and "Bishkek time" in text and "after 09:00" in text
    # The person lives on Moscow time: the local hour is given too (Bishkek is 3 h ahead).
    assert "(06:00 your time)" in text
    assert MenuCb(item="sos").pack() in prompt.callback_data

    await jol.send(u, "Is it safe to go with a tourist visa?")
    opened = await jol.reply_containing(u, "has reached the Center")
    assert "Consultants work" in (opened.text or "")
    assert MenuCb(item="sos").pack() in opened.callback_data


@pytest.mark.center_hours(days=_closed_days(), hours="09:00-18:00")
async def test_urgent_out_of_hours_says_one_consistent_thing(jol: Harness) -> None:
    """Who was alerted and when an answer can come — never "alerted now" next to "they are
    off; you will get an answer after 09:00"."""
    t = tr(jol, "en")
    worker = await consultant(jol, "en", on_duty=True)
    u = await onboard(jol, "en")
    await ask(jol, u, "en", "documents", urgent=True)
    opened = await jol.reply_containing(u, "marked urgent")
    text = opened.text or ""
    assert "The Center's consultants have been alerted now." in text
    assert "outside working hours" in text and "an answer may only come" in text
    assert "after 09:00" in text
    assert "they are off now" not in text and "You will get an answer" not in text
    assert MenuCb(item="sos").pack() in opened.callback_data
    case = await the_case(jol, u)
    assert [r.dedupe_key for r in await jol.outbox_to(worker)] == [f"case-new:{case.id}:{worker}"]
    # The same words when the person comes back to the case.
    await jol.send(u, "/ask")
    again = (await jol.last(u)).text or ""
    assert "outside working hours" in again and "they are off now" not in again
    assert t("ask-btn-solved") in (await jol.last(u)).button_texts


async def test_deep_link_opens_ask_with_a_topic(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await jol.start(u, "ask_contract")
    question = await jol.reply_containing(u, "угрожает опасность")
    assert "Договор" in (question.text or "")
    await jol.click(u, tr(jol, "ru")("ask-urgent-no"))
    await jol.send(u, "Предлагают работу в Польше за 2000 долларов вперёд")
    case = await the_case(jol, u)
    assert (case.topic, case.source) == ("contract", "link")


async def test_one_open_case_per_person(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "health")
    await jol.send(u, "Нужен врач, болит спина")
    case = await the_case(jol, u)
    # Asking again (e.g. from the emergency card) shows the same case, not a new one.
    await jol.send(u, "/ask")
    screen = await jol.last(u)
    assert f"Ваш вопрос №{case.id}" in (screen.text or "")
    async with jol.session() as session:
        cases = list(await session.scalars(select(Case).where(Case.user_id == u)))
    assert len(cases) == 1
