"""Consultants' side: alerts, replies, assignment, closing, access control, content gaps."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models import AuditEvent, Case, OutboxMessage
from db.queries.cases import record_content_gap
from handlers.ask.callbacks import CaseCb, MyCaseCb
from handlers.ask.jobs import report_delivery_failures
from tests.ask.helpers import (
    ask,
    callback_answer,
    case_messages,
    consultant,
    deliver_outbox,
    delivered,
    forge_button,
    onboard,
    png,
    the_case,
    tr,
)
from tests.harness import Harness


async def test_urgent_case_alerts_every_consultant_on_duty_at_once(jol: Harness) -> None:
    first = await consultant(jol, "ru", on_duty=True)
    second = await consultant(jol, "ky", role="coordinator", on_duty=True)
    resting = await consultant(jol, "en")
    u = await onboard(jol, "ky")
    t = tr(jol, "ky")

    await ask(jol, u, "ky", "police", urgent=True)
    # Urgent: the case opens before the person manages to type anything.
    opened = await jol.reply_containing(u, "шашылыш деп белгиленди")
    assert t("ask-btn-sos") in opened.button_texts
    case = await the_case(jol, u)
    assert case.urgent and case.topic == "police" and case.status == "new"

    assert [r.dedupe_key for r in await jol.outbox_to(first)] == [f"case-new:{case.id}:{first}"]
    assert [r.dedupe_key for r in await jol.outbox_to(second)] == [f"case-new:{case.id}:{second}"]
    assert await jol.outbox_to(resting) == []
    ru = await delivered(jol, first, "СРОЧНО", f"№{case.id}")
    ky = await delivered(jol, second, "ШАШЫЛЫШ", f"№{case.id}")
    assert "Полиция" in (ru.text or "") and "Полиция" in (ky.text or "")

    # What the person writes next is in the case, in order.
    await jol.send(u, "Казандагы полиция бөлүмүндөмүн")
    stored = await case_messages(jol, case.id)
    assert [m.text for m in stored] == ["Казандагы полиция бөлүмүндөмүн"]


async def test_urgent_case_alerts_everyone_when_nobody_is_on_duty(jol: Harness) -> None:
    a = await consultant(jol, "ru")
    b = await consultant(jol, "ru", role="coordinator")
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "documents", urgent=True)
    case = await the_case(jol, u)
    for uid in (a, b):
        assert [r.dedupe_key for r in await jol.outbox_to(uid)] == [f"case-new:{case.id}:{uid}"]


async def test_consultant_reply_reaches_the_person(jol: Harness) -> None:
    staff = await consultant(jol, "ru")
    u = await onboard(jol, "ru")
    ts, tu = tr(jol, "ru"), tr(jol, "ru")
    await ask(jol, u, "ru", "wages")
    await jol.send(u, "Мне два месяца не платят зарплату")
    case = await the_case(jol, u)

    await jol.send(staff, "/cases")
    listing = await jol.last(staff)
    assert f"№{case.id}" in (listing.text or "")
    await jol.click(staff, ts("ask-staff-list-button", urgent="no", number=str(case.id),
                              topic=ts("ask-topic-button", topic="wages"),
                              status=ts("ask-status-name", status="new")))  # fmt: skip
    card = await jol.last(staff)
    assert f"Обращение №{case.id}" in (card.text or "")
    await jol.click(staff, ts("ask-staff-btn-reply"))
    await jol.send(staff, "В каком вы городе? Кто работодатель?")
    queued = await jol.last(staff)
    # Not "delivered" before it is: queued now, the receipt follows the delivery.
    assert queued.text == ts("ask-staff-reply-queued", number=str(case.id))

    rows = [r for r in await jol.outbox_to(u) if r.purpose == "case"]
    assert len(rows) == 1 and rows[0].dedupe_key.startswith("case-msg:")
    # "Done" ends the reply: what the consultant types next is not sent to the person.
    await jol.click(staff, ts("ask-staff-btn-done"))
    await jol.send(staff, "заметка для себя")
    assert len([r for r in await jol.outbox_to(u) if r.purpose == "case"]) == 1
    answer = await delivered(jol, u, "Консультант Центра", "В каком вы городе?")
    assert f"№{case.id}" in (answer.text or "")
    assert tu("ask-btn-reply") in answer.button_texts
    receipt = await delivered(jol, staff, ts("ask-staff-reply-delivered", number=str(case.id)))
    assert ts("ask-staff-open-case", number=str(case.id)) in receipt.button_texts

    case = await the_case(jol, u)
    assert case.status == "waiting" and case.assignee_id == staff

    # The person went to the menu (writing ended there), then replies with "✍️ Reply" under the
    # answer; it reaches the case and the consultant is told once. A minute has passed since the
    # last "added" note, so this burst gets one again.
    await jol.send(u, "/menu")
    async with jol.session() as session:
        stored_case = await session.get(Case, case.id)
        assert stored_case is not None and stored_case.person_acked_at is not None
        stored_case.person_acked_at -= timedelta(minutes=2)
    await jol.click(u, tu("ask-btn-reply"), message_id=answer.message_id)
    await jol.send(u, "Новосибирск, стройка")
    added = await jol.reply_containing(u, tu("ask-received", number=str(case.id)))
    assert tu("ask-btn-stop-writing") in added.button_texts
    await jol.send(u, "ООО Стройка")
    case = await the_case(jol, u)
    assert case.status == "in_progress"
    pings = [r for r in await jol.outbox_to(staff) if (r.dedupe_key or "").startswith("case-ping")]
    assert len(pings) == 1
    stored = await case_messages(jol, case.id)
    assert [(m.author, m.text) for m in stored] == [
        ("person", "Мне два месяца не платят зарплату"),
        ("staff", "В каком вы городе? Кто работодатель?"),
        ("person", "Новосибирск, стройка"),
        ("person", "ООО Стройка"),
    ]


async def test_ready_answer_goes_in_the_persons_language(jol: Harness) -> None:
    staff = await consultant(jol, "ru")
    u = await onboard(jol, "ky")
    await ask(jol, u, "ky", "contract")
    await jol.send(u, "Агенттик 1500 доллар сурап жатат")
    case = await the_case(jol, u)
    ts = tr(jol, "ru")
    await jol.send(staff, "/cases")
    await jol.click(staff, callback_data=CaseCb(action="view", case_id=case.id, arg="open").pack())
    await jol.click(staff, ts("ask-staff-btn-canned"))
    await jol.click(staff, "Не платите за работу")
    preview = await jol.last(staff)
    assert "жумушка орношкону үчүн акы төлөбөшү керек" in (preview.text or "")
    await jol.click(staff, ts("ask-staff-canned-send"))
    await delivered(jol, u, "Борбордун кеңешчиси", "акы төлөбөшү керек")


async def test_take_assign_and_close_with_a_note(jol: Harness) -> None:
    a = await consultant(jol, "ru")
    b = await consultant(jol, "ru", role="coordinator")
    u = await onboard(jol, "ru")
    ts = tr(jol, "ru")
    await ask(jol, u, "ru", "return")
    await jol.send(u, "Хочу вернуться домой, нет денег на билет")
    case = await the_case(jol, u)
    view = CaseCb(action="view", case_id=case.id, arg="open").pack()

    # B has the card open too, from before A takes it.
    await jol.send(b, "/cases")
    await jol.click(b, callback_data=view)
    stale = await jol.last(b)
    assert ts("ask-staff-btn-take") in stale.button_texts
    # A new case offers no status switch yet: taking or answering moves it on.
    assert not any("⏳" in b_ or "▶" in b_ for b_ in stale.button_texts)

    await jol.send(a, "/cases")
    await jol.click(a, callback_data=view)
    await jol.click(a, ts("ask-staff-btn-take"))
    card = await jol.last(a)
    assert "Исполнитель: вы" in (card.text or "")
    # Assigned to me: no "Take it" any more; the status can now be switched.
    assert ts("ask-staff-btn-take") not in card.button_texts
    assert ts("ask-staff-btn-status", status="waiting") in card.button_texts
    assert (await the_case(jol, u)).status == "in_progress"
    await delivered(jol, u, "взял ваш вопрос", f"№{case.id}")  # a human is on it

    # The colleague pressing "take" on the older card does not steal it.
    pressed = await jol.click(b, ts("ask-staff-btn-take"), message_id=stale.message_id)
    notice = await callback_answer(jol, pressed)
    assert "уже взял коллега" in (notice.get("text") or "")
    assert (await the_case(jol, u)).assignee_id == a
    # B's card is shown afresh: A has it, so it offers no "Take it".
    assert ts("ask-staff-btn-take") not in (await jol.last(b)).button_texts

    # A gives it to B, who is told.
    await jol.click(a, ts("ask-staff-btn-assign"))
    await jol.click(a, callback_data=CaseCb(action="assignto", case_id=case.id, arg=str(b)).pack())
    assert (await the_case(jol, u)).assignee_id == b
    assert any("передано вам" in r.text for r in await jol.outbox_to(b))

    # B opens it from the notice and closes it with a note for colleagues; the person is
    # told, without the note.
    await delivered(jol, b, "передано вам")
    await jol.click(b, ts("ask-staff-open-case", number=str(case.id)))
    await jol.click(b, ts("ask-staff-btn-close"))
    await jol.send(b, "Направили в фонд <помощи> & билет куплен")
    closed = await jol.last(b)
    assert "закрыто" in (closed.text or "")
    assert "Направили в фонд <помощи> & билет куплен" in (closed.text or "")  # escaped, whole
    case = await the_case(jol, u)
    assert (case.status, case.closed_by) == ("closed", b)
    assert case.close_note == "Направили в фонд <помощи> & билет куплен"
    told = await delivered(jol, u, "Центр закрыл ваш вопрос")
    assert "фонд" not in (told.text or "")

    async with jol.session() as session:
        actions = list(
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.target == f"case:{case.id}")
            )
        )
    assert {"case.take", "case.assign", "case.close"} <= set(actions)

    # Reopening works while the person has no other open question.
    await jol.click(b, ts("ask-staff-btn-reopen"))
    assert (await the_case(jol, u)).status == "in_progress"


async def test_people_without_a_staff_role_cannot_read_cases(jol: Harness) -> None:
    owner = await onboard(jol, "ru")
    await ask(jol, owner, "ru", "documents")
    await jol.send(owner, "Паспорт у бригадира, адрес: Казань, ул. Секретная 1")
    case = await the_case(jol, owner)
    intruder = await onboard(jol, "ru")

    await jol.send(intruder, "/cases")
    assert "только сотрудникам Центра" in ((await jol.last(intruder)).text or "")

    for action in ("view", "thread", "take", "close"):
        data = CaseCb(action=action, case_id=case.id).pack()
        forge_button(jol, intruder, data)
        pressed = await jol.click(intruder, callback_data=data)
        answer = await callback_answer(jol, pressed)
        assert "только сотрудникам Центра" in (answer.get("text") or "")
    # The person's own-case buttons can't be forged either.
    data = MyCaseCb(action="history", case_id=case.id).pack()
    forge_button(jol, intruder, data)
    await jol.click(intruder, callback_data=data)

    seen = " ".join((m.text or "") + (m.caption or "") for m in await jol.chat(intruder))
    assert "Секретная" not in seen and "бригадир" not in seen
    after = await the_case(jol, owner)
    assert (after.status, after.assignee_id) == ("new", None)
    async with jol.session() as session:
        refused = list(
            await session.scalars(
                select(AuditEvent.target).where(
                    AuditEvent.action == "refused", AuditEvent.actor_id == intruder
                )
            )
        )
    assert {"cases.list", "cases.view", "cases.thread", "cases.take", "cases.close"} <= set(
        refused
    )


async def test_failed_delivery_is_shown_to_the_consultant(jol: Harness) -> None:
    staff = await consultant(jol, "en")
    u = await onboard(jol, "en")
    await ask(jol, u, "en", "health")
    await jol.send(u, "I need a doctor who speaks Russian")
    case = await the_case(jol, u)
    await jol.emu.block(u)  # the person blocked the bot: the answer can't arrive

    te = tr(jol, "en")
    await jol.send(staff, "/cases")
    await jol.click(staff, callback_data=CaseCb(action="view", case_id=case.id, arg="open").pack())
    await jol.click(staff, te("ask-staff-btn-reply"))
    await jol.send(staff, "Which city are you in?")
    await deliver_outbox(jol)
    async with jol.session() as session:
        row = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like("case-msg:%"))
        )
    assert row is not None and row.status in ("dead", "dropped")

    # The background job may get there first; either way the consultant is told exactly once.
    await report_delivery_failures(jol.sessionmaker, jol.catalog, jol.settings)
    assert await report_delivery_failures(jol.sessionmaker, jol.catalog, jol.settings) == 0
    notices = [
        r for r in await jol.outbox_to(staff) if (r.dedupe_key or "").startswith("case-failed:")
    ]
    assert len(notices) == 1
    (reply,) = [m for m in await case_messages(jol, case.id) if m.author == "staff"]
    assert reply.failure_reported_at is not None
    await delivered(jol, staff, "was not delivered", f"#{case.id}")
    await jol.click(staff, callback_data=CaseCb(action="view", case_id=case.id).pack())
    assert "1 answer(s) were not delivered" in ((await jol.last(staff)).text or "")


async def test_content_gaps_count_misses_and_cases(jol: Harness) -> None:
    staff = await consultant(jol, "en")
    async with jol.session() as session:
        for _ in range(3):
            await record_content_gap(session, None, "korea", "ky")
        await record_content_gap(session, "wages", "russia", "ru")
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "wages")
    await jol.send(u, "Не платят")

    await jol.send(staff, "/content_gaps")
    report = (await jol.last(staff)).text or ""
    assert "3 · ❓ Something else · South Korea" in report
    assert "1 · 💰 Wages, pay · Russia" in report
    cases_part = report.split("Questions asked to the Center", 1)[1]
    assert "1 · 💰 Wages, pay · Russia" in cases_part

    outsider = await onboard(jol, "en")
    await jol.send(outsider, "/content_gaps")
    assert "only for the Center's staff" in ((await jol.last(outsider)).text or "")


async def test_mydata_and_deletemydata_cover_cases(jol: Harness) -> None:
    u = await onboard(jol, "en")
    await ask(jol, u, "en", "other")
    await jol.send(u, "A private question")
    case = await the_case(jol, u)
    await jol.send(u, "/mydata")
    await jol.reply_containing(u, "Questions to the Center: 1")
    await jol.send(u, "/deletemydata")
    await jol.click(u, tr(jol, "en")("erase-yes"))
    async with jol.session() as session:
        assert await session.get(Case, case.id) is None
    assert await case_messages(jol, case.id) == []


async def test_consultant_photo_reaches_the_person_as_the_bot(jol: Harness) -> None:
    staff = await consultant(jol, "ru")
    u = await onboard(jol, "ru")
    ts = tr(jol, "ru")
    await ask(jol, u, "ru", "documents")
    await jol.send(u, "Забрали паспорт")
    case = await the_case(jol, u)
    await jol.send(staff, "/cases")
    await jol.click(staff, ts("ask-staff-list-button", urgent="no", number=str(case.id),
                              topic=ts("ask-topic-button", topic="documents"),
                              status=ts("ask-status-name", status="new")))  # fmt: skip
    await jol.click(staff, ts("ask-staff-btn-reply"))
    await jol.send_photo(staff, png(), caption="Образец заявления")
    rows = [r for r in await jol.outbox_to(u) if r.purpose == "case"]
    assert [r.kind for r in rows] == ["copy"]
    await deliver_outbox(jol)
    photo = await jol.emu.wait_for_message(u, lambda m: m.get("photo") is not None)
    assert "Консультант Центра" in (photo.caption or "")
    assert photo.get("forward_origin") is None  # copied, not forwarded: no consultant's name
