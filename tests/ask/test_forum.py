"""Forum mode: STAFF_CHAT_ID is a supergroup with topics, and each case is a topic there."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Case, OutboxMessage
from db.types import utcnow
from emulator.client import ChatMessage, EmulatorError
from handlers.ask.callbacks import CaseCb
from tests.ask.helpers import (
    ask,
    case_messages,
    consultant,
    delivered,
    forum_sync,
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
    await forum_sync(jol)
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
    await forum_sync(jol)
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
    await forum_sync(jol)
    case = await the_case(jol, u)

    await jol.send(staff, "/cases")
    await jol.click(staff, callback_data=CaseCb(action="view", case_id=case.id, arg="open").pack())
    await jol.click(staff, tr(jol, "ru")("ask-staff-btn-reply"))
    await jol.send(staff, "Какая справка нужна?")
    await forum_sync(jol)
    last = (await jol.emu.messages(STAFF_CHAT))[-1]
    assert last.get("message_thread_id") == case.forum_thread_id
    assert "Адамга жөнөтүлдү" in (last.text or "") and "Какая справка нужна?" in (last.text or "")
    await delivered(jol, u, "Консультант Центра", "Какая справка нужна?")


async def _topics(jol: Harness) -> list[ChatMessage]:
    """The topics created in the staff group (their "topic created" service messages)."""
    try:
        group = await jol.emu.messages(STAFF_CHAT)
    except EmulatorError:  # the bot never wrote there
        return []
    return [m for m in group if (m.get("service") or {}).get("forum_topic_created")]


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_an_update_that_rolls_back_leaves_no_topic(
    jol: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The topic is made after commit: an update that fails after opening the case (here the
    alert to consultants) rolls the case back, and no topic is ever created for it."""
    import handlers.ask.person

    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    u = await onboard(jol, "ru")

    async def broken(*args: object, **kwargs: object) -> list[int]:
        raise RuntimeError("the alert failed")

    monkeypatch.setattr(handlers.ask.person, "alert_new_case", broken)
    await ask(jol, u, "ru", "wages", urgent=True)  # an urgent case opens at this tap
    await forum_sync(jol)
    async with jol.session() as session:
        assert await session.scalar(select(Case).where(Case.user_id == u)) is None
    assert await _topics(jol) == []


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_two_instances_create_one_topic(jol: Harness) -> None:
    """Several processes run the topic job: the claim on the case lets exactly one of them
    create its topic, and the intro is posted once."""
    from handlers.ask.forum import create_topics

    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "wages", urgent=True)
    assert jol.runtime is not None
    made = await asyncio.gather(*(create_topics(jol.runtime) for _ in range(4)))
    await forum_sync(jol)
    case = await the_case(jol, u)
    topics = await _topics(jol)
    assert len(topics) == 1 and sum(made) <= 1
    assert case.forum_thread_id == topics[0].message_id
    group = await jol.emu.messages(STAFF_CHAT)
    intros = [m for m in group if f"№{case.id} кайрылуу" in (m.text or "")]
    assert len(intros) == 1


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_a_refused_topic_is_tried_again_later_not_at_every_run(jol: Harness) -> None:
    """A group that is no forum refuses topics: the case is held back for a while instead of
    asking Telegram at every run, and the person's question is kept."""
    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=False)
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "wages", urgent=True)
    await forum_sync(jol)
    case = await the_case(jol, u)
    assert case.forum_thread_id is None and case.forum_claimed_until is not None
    assert case.forum_claimed_until > utcnow()


def test_no_direct_third_chat_call_in_handlers() -> None:
    """Handlers queue messages to other chats in the outbox; only jobs (after commit) call
    createForumTopic, and nothing in booking or ask sends to another chat directly."""
    root = Path(__file__).resolve().parents[2] / "handlers"
    direct = re.compile(
        r"\bbot\.(create_forum_topic|send_message|copy_message|forward_message|send_photo|"
        r"send_document)\("
    )
    found = [
        (path.name, line.strip())
        for path in sorted([*root.glob("ask/*.py"), *root.glob("booking/*.py")])
        for line in path.read_text().splitlines()
        if direct.search(line)
    ]
    assert found == [
        # The topic job's, made with no transaction open.
        ("forum.py", "topic = await ctx.bot.create_forum_topic(chat_id, name)"),
        # A reply to the consultant who tapped "show media", in the chat they tapped in.
        ("media.py", "await bot.copy_message("),
    ]


@pytest.mark.ask_settings(staff_chat_id=STAFF_CHAT)
async def test_erasing_a_person_leaves_a_notice_in_their_topics(jol: Harness) -> None:
    """/deletemydata runs in db/ without a translator: the topic's notice is held in the outbox
    and the forum job gives it its text in the group's language."""
    from bot.features import personal_data_of
    from db.privacy import erase_user_data
    from handlers import FEATURES

    await jol.emu.create_group("Jol consultants", group_id=STAFF_CHAT, is_forum=True)
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "wages", urgent=True)
    await forum_sync(jol)
    case = await the_case(jol, u)
    async with jol.sessionmaker.begin() as session:
        await erase_user_data(session, u, personal_data_of(FEATURES))
    await forum_sync(jol)
    notice = tr(jol, "ky")("ask-forum-erased", number=str(case.id))
    last = (await jol.emu.messages(STAFF_CHAT))[-1]
    assert (last.text, last.get("message_thread_id")) == (notice, case.forum_thread_id)
