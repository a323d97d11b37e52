"""Forum mode: STAFF_CHAT_ID is a supergroup with topics, and each case is a topic there."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import OutboxMessage
from handlers.ask.callbacks import CaseCb
from tests.ask.helpers import (
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

STAFF_CHAT = -1_001_234_567_890


async def _in_topic(jol: Harness, thread: int, user_id: int, text: str) -> None:
    """A group member writes in the case's topic; returns once the bot handled it."""
    action = await jol.emu.send_text(user_id, text, chat_id=STAFF_CHAT, message_thread_id=thread)
    await jol._handled(action)


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_each_case_is_a_topic_and_replies_there_reach_the_person(jol: Harness) -> None:
    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    staff = await consultant(jol, "ru")
    outsider = await onboard(jol, "ru")  # in the group, but without a consultant role
    u = await onboard(jol, "ru")

    await ask(jol, u, "ru", "wages", urgent=True)
    await jol.send(u, "Хозяин не платит третий месяц")
    await jol.send_photo(u, png(), caption="Расчётный лист")
    case = await the_case(jol, u)
    assert case.forum_chat_id == STAFF_CHAT and case.forum_thread_id is not None
    thread = case.forum_thread_id

    group = await jol.emu.messages(STAFF_CHAT)
    in_topic = [m for m in group if m.get("message_thread_id") == thread and m.from_bot]
    texts = [(m.text or m.caption or "") for m in in_topic]
    # The group is shared, so the bot writes there in the default language (Kyrgyz).
    assert any(f"№{case.id} кайрылуу" in x and "ШАШЫЛЫШ" in x for x in texts)
    assert "Хозяин не платит третий месяц" in texts
    assert any(m.get("kind") == "photo" and m.caption == "Расчётный лист" for m in in_topic)
    # The intro carries the case's buttons (take, ready answers, status, close).
    intro = next(m for m in in_topic if f"№{case.id} кайрылуу" in (m.text or ""))
    assert any(d.startswith("case:take:") for d in intro.callback_data)

    # A consultant's message in the topic goes to the person.
    await _in_topic(jol, thread, staff, "Пришлите, пожалуйста, фото договора")
    answer = await delivered(jol, u, "Консультант Центра", "фото договора")
    assert f"№{case.id}" in (answer.text or "")

    # A note stays among colleagues.
    await _in_topic(jol, thread, staff, "/note звонил в посольство, ждём")
    # Someone in the group without the role is refused, and nothing reaches the person.
    await _in_topic(jol, thread, outsider, "Я тоже могу ответить?")
    refused = (await jol.emu.messages(STAFF_CHAT))[-1]
    assert "только сотрудникам Центра" in (refused.text or "")

    stored = await case_messages(jol, case.id)
    assert [(m.author, m.text) for m in stored] == [
        ("person", "Хозяин не платит третий месяц"),
        ("person", "Расчётный лист"),
        ("staff", "Пришлите, пожалуйста, фото договора"),
        ("system", "звонил в посольство, ждём"),
    ]
    to_person = [r for r in await jol.outbox_to(u) if r.purpose == "case"]
    assert len(to_person) == 1

    # The person's next message lands in the same topic.
    await jol.send(u, "Договор у хозяина, фото нет")
    group = await jol.emu.messages(STAFF_CHAT)
    assert (group[-1].text, group[-1].get("message_thread_id")) == (
        "Договор у хозяина, фото нет",
        thread,
    )

    # /close with a note closes the case and tells the person.
    await _in_topic(jol, thread, staff, "/close передали юристу")
    case = await the_case(jol, u)
    assert (case.status, case.close_note, case.closed_by) == ("closed", "передали юристу", staff)
    await delivered(jol, u, "Центр закрыл ваш вопрос")


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_general_chatter_in_the_staff_group_is_left_alone(jol: Harness) -> None:
    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    staff = await consultant(jol, "ru")
    action = await jol.emu.send_text(staff, "Коллеги, кто сегодня дежурит?", chat_id=STAFF_CHAT)
    await jol._handled(action)
    group = await jol.emu.messages(STAFF_CHAT)
    assert not [m for m in group if m.from_bot]
    async with jol.session() as session:
        assert not list(
            await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == STAFF_CHAT))
        )


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_an_answer_from_a_private_chat_is_shown_in_the_topic(jol: Harness) -> None:
    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    staff = await consultant(jol, "ru")
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "health")
    await jol.send(u, "Нужна справка для работы")
    case = await the_case(jol, u)

    await jol.send(staff, "/cases")
    await jol.click(staff, callback_data=CaseCb(action="view", case_id=case.id, arg="open").pack())
    await jol.click(staff, tr(jol, "ru")("ask-staff-btn-reply"))
    await jol.send(staff, "Какая справка нужна?")
    last = (await jol.emu.messages(STAFF_CHAT))[-1]
    assert last.get("message_thread_id") == case.forum_thread_id
    assert "Адамга жөнөтүлдү" in (last.text or "") and "Какая справка нужна?" in (last.text or "")
    await delivered(jol, u, "Консультант Центра", "Какая справка нужна?")
