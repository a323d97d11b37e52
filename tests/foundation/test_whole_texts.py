"""People's own words arrive whole (issue 20, part 1).

fluent.runtime renders a placeable longer than 2,500 characters as "{???}". Texts people write
are therefore composed around the templates, HTML-escaped and split at Telegram's 4,096 limit
into numbered parts. Each path below carries a 4,096-character text full of HTML-like
characters; the parts that arrive are put back together and compared with what was written.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from db.models import Case
from db.types import utcnow
from emulator import ChatMessage
from handlers.ask.jobs import report_delivery_failures
from handlers.booking.callbacks import CoCb
from tests.ask.conftest import ALWAYS_OPEN
from tests.ask.helpers import ask, consultant, deliver_outbox, onboard, the_case, tr
from tests.booking.helpers import book_directly, bookings_of, click_data, coordinator
from tests.booking.helpers import delivered as booking_delivered
from tests.booking.helpers import onboard as booking_onboard
from tests.broadcast.conftest import FAST
from tests.broadcast.helpers import compose, people, send_now, staff, wait_status
from tests.conftest import make_settings
from tests.harness import Harness

PART_NUMBER = re.compile(r"\n\((\d+)/(\d+)\)$")
HTML_LIKE = "<b>&amp; </i> a<b & c>d \"q\" 'a' &lt;tag&gt; Ж "


def long_text(seed: str, length: int = 4096, pattern: str = HTML_LIKE) -> str:
    """`length` characters of `pattern`, lines and words, starting with a recognisable seed."""
    text = seed + " "
    line = 0
    while len(text) < length:
        line += 1
        text += pattern + (f"{line}\n" if line % 7 == 0 else f"{line} ")
    return text[:length].rstrip()[: length - 1] + "Z"


def words(text: str) -> str:
    return " ".join(text.split())


def rebuilt(messages: list[ChatMessage], start: int) -> str:
    """The numbered parts beginning at `messages[start]`, joined (the message alone when it is
    not numbered)."""
    first = messages[start].text or ""
    match = PART_NUMBER.search(first)
    if match is None:
        return first
    total = int(match.group(2))
    parts = [m.text or "" for m in messages[start : start + total]]
    for index, part in enumerate(parts, start=1):
        found = PART_NUMBER.search(part)
        assert found is not None and found.groups() == (str(index), str(total)), part[-20:]
    return "\n".join(PART_NUMBER.sub("", p) for p in parts)


def arrived_whole(messages: list[ChatMessage], text: str, seed: str) -> int:
    """Some message with `seed` begins parts that, joined, hold `text` whole (whitespace at a
    cut may differ); returns how many parts it took."""
    for message in messages:
        assert len(message.text or "") <= 4096
        assert "{???}" not in (message.text or "")
    for start, message in enumerate(messages):
        first = PART_NUMBER.search(message.text or "")
        if first is None and seed not in (message.text or ""):
            continue
        if first is not None and first.group(1) != "1":
            continue
        if words(text) in words(rebuilt(messages, start)):
            return int(first.group(2)) if first else 1
    raise AssertionError(f"{seed}: the text did not arrive whole")


@pytest.fixture
def settings(db_url: str) -> Settings:
    return make_settings(db_url, **ALWAYS_OPEN, **FAST)


async def test_question_answer_history_and_search_echo(jol: Harness) -> None:
    t = tr(jol, "ru")
    question = long_text("ВОПРОС-1")
    answer = long_text("ОТВЕТ-2")
    assert len(question) == len(answer) == 4096
    worker = await consultant(jol, "ru")
    person = await onboard(jol, "ru")

    # question → consultant (the case's thread, the consultant's whole view of it)
    await ask(jol, person, "ru", "documents")
    await jol.send(person, question)
    case = await the_case(jol, person)
    await jol.send(worker, "/cases")
    await jol.click(worker, callback_data=f"case:view:{case.id}:open:0")
    await jol.click(worker, t("ask-staff-btn-thread"))
    assert arrived_whole(await jol.chat(worker), question, "ВОПРОС-1") >= 2

    # answer → person, and the consultant is told when it was delivered
    await jol.click(worker, t("ask-staff-btn-reply"))
    await jol.send(worker, answer)
    await deliver_outbox(jol)
    chat = await jol.chat(person)
    assert arrived_whole(chat, answer, "ОТВЕТ-2") >= 2
    last_part = next(m for m in reversed(chat) if PART_NUMBER.search(m.text or ""))
    assert t("ask-btn-solved") in last_part.button_texts  # the buttons under the last part
    # "Solved" under the last part asks anew; the part (the end of the answer) stays.
    await jol.click(person, t("ask-btn-solved"), message_id=last_part.message_id)
    assert (await jol.last(person)).text == t("ask-close-confirm", number=str(case.id))
    kept = next(m for m in await jol.chat(person) if m.message_id == last_part.message_id)
    assert kept.text == last_part.text
    await jol.click(person, t("ask-close-no"))
    await deliver_outbox(jol)
    receipts = [m.text for m in await jol.chat(worker)]
    assert t("ask-staff-reply-delivered", number=str(case.id)) in receipts

    # case history: both texts, whole
    await jol.send(person, "/ask")
    await jol.click(person, t("ask-btn-history"))
    history = await jol.chat(person)
    arrived_whole(history, question, "ВОПРОС-1")
    arrived_whole(history, answer, "ОТВЕТ-2")

    # search echo: what was searched for is shown back whole
    query = long_text("ПОИСК-3")
    await jol.send(person, "/menu")
    await jol.send(person, query)
    arrived_whole(await jol.chat(person), query, "ПОИСК-3")
    async with jol.session() as session:
        stored = await session.get(Case, case.id)
        assert stored is not None and stored.status != "closed"


async def test_a_failed_answer_is_reported_not_called_delivered(jol: Harness) -> None:
    t = tr(jol, "ru")
    worker = await consultant(jol, "ru")
    person = await onboard(jol, "ru")
    await ask(jol, person, "ru", "wages")
    await jol.send(person, "Не платят")
    case = await the_case(jol, person)
    await jol.emu.block(person)
    await jol.send(worker, "/cases")
    await jol.click(worker, callback_data=f"case:view:{case.id}:open:0")
    await jol.click(worker, t("ask-staff-btn-reply"))
    await jol.send(worker, long_text("ОТВЕТ-4"))
    assert (await jol.last(worker)).text == t("ask-staff-reply-queued", number=str(case.id))
    await deliver_outbox(jol)
    assert await report_delivery_failures(jol.sessionmaker, jol.catalog, jol.settings) == 1
    await deliver_outbox(jol)
    texts = [m.text or "" for m in await jol.chat(worker)]
    failed = t("ask-staff-delivery-failed", number=str(case.id), error="").split("(")[0]
    assert any(text.startswith(failed) for text in texts), texts[-2:]
    assert t("ask-staff-reply-delivered", number=str(case.id)) not in texts


async def test_a_broadcast_body_arrives_whole(jol: Harness) -> None:
    # A text with no tag is taken literally (tags would be read as the author's formatting).
    body = long_text("РАССЫЛКА-5", pattern="a & b > c \"q\" 'a' Ж & ")
    author = await staff(jol, "en")
    [reader] = await people(jol, 1, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": body})
    await send_now(jol, author, broadcast_id)
    await wait_status(jol, broadcast_id, "done")
    arrived_whole(await jol.chat(reader), body, "РАССЫЛКА-5")


async def test_decline_reason_and_certification_level(jol: Harness) -> None:
    """A coordinator's decline reason and a certification level reach the person whole: over
    3,500 characters full of HTML-like characters, after the template (never a placeable),
    escaped and in numbered parts. A reason too short is refused with a clear answer."""
    ts = tr(jol, "ru")
    staff_id = await coordinator(jol, "ru")
    person = await booking_onboard(jol, "ru")
    start = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    later = (utcnow() - timedelta(minutes=30)).replace(second=0, microsecond=0)
    async with jol.session() as session:
        ahead = await book_directly(session, person, "consultation", start, name="Айгүл")
        lab = await book_directly(session, person, "certification", later, name="Айгүл")
        assert ahead.booking is not None and lab.booking is not None
        ahead_id, lab_id = ahead.booking.id, lab.booking.id

    reason = long_text("ПРИЧИНА-6", 3600)
    await jol.send(staff_id, f"/bookings {start.astimezone(jol.settings.tz):%Y-%m-%d}")
    await click_data(jol, staff_id, CoCb(a="card", i=ahead_id).pack())
    await jol.click(staff_id, ts("booking-act", action="decline"))
    await jol.send(staff_id, "no")
    assert (await jol.last(staff_id)).text == ts("booking-decline-length")
    await jol.send(staff_id, reason)
    await booking_delivered(jol, person, "ПРИЧИНА-6")
    await deliver_outbox(jol)
    assert arrived_whole(await jol.chat(person), reason, "ПРИЧИНА-6") >= 1
    # The coordinator's card shows the reason too, within one message.
    assert "ПРИЧИНА-6" in ((await jol.last(staff_id)).text or "")

    level = long_text("УРОВЕНЬ-7", 3600)
    await jol.send(staff_id, f"/bookings {later.astimezone(jol.settings.tz):%Y-%m-%d}")
    await click_data(jol, staff_id, CoCb(a="card", i=lab_id).pack())
    await jol.click(staff_id, ts("booking-act", action="attended"))
    await jol.click(staff_id, ts("booking-act", action="result"))
    await jol.click(staff_id, ts("booking-btn-passed"))
    await jol.send(staff_id, level)
    await jol.send(staff_id, "KG-1")
    await booking_delivered(jol, person, "УРОВЕНЬ-7")
    await deliver_outbox(jol)
    assert arrived_whole(await jol.chat(person), " ".join(level.split()), "УРОВЕНЬ-7") >= 1
    assert any("KG-1" in (m.text or "") for m in await jol.chat(person))
    async with jol.session() as session:
        statuses = {b.id: b.status for b in await bookings_of(jol, person)}
        assert await session.scalar(select(Case.id)) is None
    assert statuses[ahead_id] == "declined"


async def test_an_agency_name_is_echoed_whole(jol: Harness) -> None:
    """The agency check echoes what was typed after its template, escaped and split: a
    3,600-character "name" full of HTML-like characters comes back whole, not as "{???}"."""
    from tests.contract.helpers import load_register
    from tests.contract.helpers import onboard as contract_onboard

    await load_register(jol)
    u = await contract_onboard(jol)
    typed = long_text("АГЕНТСТВО-8", 3600)
    await jol.send(u, "/agency")
    await jol.send(u, typed)
    assert arrived_whole(await jol.chat(u), typed, "АГЕНТСТВО-8") >= 1
    last = await jol.last(u)
    assert tr(jol, "en")("contract-agency-again") in (last.text or "")
