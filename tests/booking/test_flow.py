"""Booking through the emulator, as people do it, in Kyrgyz, Russian and English: booking,
double taps, a place taken meanwhile, consent, deep links, restarts, /mybookings (cancel and
reschedule), and reminders with the right due times."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.features import personal_data_of
from db.models import BookingDraft, BookingException, FsmRecord
from db.models.outbox import OutboxStatus
from db.privacy import erase_user_data
from db.queries import booking as q
from db.types import utcnow
from domain.booking import CODE_ALPHABET, Status
from handlers import FEATURES
from handlers.booking.callbacks import BkCb
from tests.booking.helpers import (
    HOLD,
    book_directly,
    bookings_of,
    click_data,
    coordinator,
    delivered,
    first_free_start,
    last_with,
    onboard,
    open_day,
    pick_day,
    pick_first_time,
    plain,
    restart,
    service,
    to_confirm,
    tr,
)
from tests.harness import Harness

LANGS = ["ky", "ru", "en"]
NAMES = {"ky": "Айгүл Асанова", "ru": "Нурлан Токтогулов", "en": "Aigul Asanova"}


def reminders(rows: list) -> list:
    return [r for r in rows if r.purpose == "booking-reminder"]


@pytest.mark.parametrize("lang", LANGS)
async def test_booking_a_consultation(jol: Harness, lang: str) -> None:
    staff = await coordinator(jol, "en")
    u = await onboard(jol, lang)
    t = tr(jol, lang)
    info = service("consultation")

    await jol.click(u, t("menu-booking"))
    home = await jol.last(u)
    assert info.name[lang] in home.button_texts
    await jol.click(u, info.name[lang])
    card = await jol.last(u)
    assert info.name[lang] in (card.text or "")
    assert info.bring[lang][0] in (card.text or "")  # what to bring, in the person's language
    assert t("booking-weekdays").split()[0] in card.button_texts  # the calendar

    day = await pick_day(jol, u)
    times = await jol.last(u)
    prompt = t("booking-pick-time", service=info.name[lang], day="x").split("\n")[1]
    assert prompt in (times.text or "")
    await pick_first_time(jol, u)
    assert (await jol.last(u)).text == t("booking-ask-name")

    await jol.send(u, NAMES[lang])
    keyboard = await jol.emu.reply_keyboard(u)
    assert keyboard is not None  # share-contact buttons replace Menu/SOS for this step
    await jol.press_reply(u, t("booking-phone-share"))
    confirm = await jol.last(u)
    assert NAMES[lang] in (confirm.text or "") and "+" in (confirm.text or "")
    await jol.click(u, t("booking-btn-confirm"))

    [booking] = await bookings_of(jol, u)
    assert booking.status == Status.REQUESTED and booking.name == NAMES[lang]
    assert booking.phone and booking.phone.startswith("+")
    assert len(booking.code) == 6 and set(booking.code) <= set(CODE_ALPHABET)
    assert booking.starts_at.astimezone(jol.settings.tz).date() == day
    done = await jol.last(u)
    assert booking.code in (done.text or "")
    assert t("booking-status", status="requested") in (done.text or "")
    assert t("booking-done-reminders", reminders="both") in (done.text or "")

    # Reminders: 24 h and 2 h before, in the person's language, with cancel and reschedule.
    rows = reminders(await jol.outbox_to(u))
    assert [r.due_at for r in rows] == [
        booking.starts_at - timedelta(hours=24),
        booking.starts_at - timedelta(hours=2),
    ]
    assert all(r.ref == f"booking:{booking.id}" and r.status == OutboxStatus.PENDING for r in rows)
    assert [r.dedupe_key for r in rows] == [
        f"booking:{booking.id}:0:24h",
        f"booking:{booking.id}:0:2h",
    ]
    tomorrow = t("booking-reminder", day="tomorrow", time="00:00").split("00:00")[0]
    assert rows[0].text.startswith(tomorrow)
    markup = rows[0].payload["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in markup] == [
        t("booking-btn-reschedule"),
        t("booking-btn-cancel"),
    ]

    # The coordinator hears of it, in English, with a button to open it.
    alert = await delivered(jol, staff, f"New booking {booking.code}")
    assert NAMES[lang] in (alert.text or "")

    # Nothing half-finished is left: the draft remembers what Confirm made, no state is set.
    async with jol.session() as session:
        draft = await session.get(BookingDraft, u)
        assert draft is not None and draft.booking_id == booking.id
        states = await session.scalars(select(FsmRecord.state).where(FsmRecord.user_id == u))
        assert set(states) <= {None}


async def test_a_double_tap_on_confirm_books_once(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    t = tr(jol, "ru")
    await to_confirm(jol, u, "ru", "consultation")
    confirm = await jol.last(u)
    await asyncio.gather(
        jol.click(u, t("booking-btn-confirm"), message_id=confirm.message_id),
        jol.click(u, t("booking-btn-confirm"), message_id=confirm.message_id),
    )
    [booking] = await bookings_of(jol, u)
    assert len(reminders(await jol.outbox_to(u))) == 2
    # Both taps answer with the same success screen, never "already exists".
    success = t("booking-done", code=booking.code).split("\n")[0]
    screen = next(m for m in await jol.chat(u) if m.message_id == confirm.message_id)
    assert (screen.text or "").startswith(plain(success))
    # A third tap later, from an old copy of the button, still shows the same screen.
    [ok] = [d for d in confirm.callback_data if d.startswith("bk:ok:")]
    await jol.forge_click(u, ok, message_id=confirm.message_id)
    again = next(m for m in await jol.chat(u) if m.message_id == confirm.message_id)
    assert again.text == screen.text


async def test_a_booking_made_an_hour_before_promises_no_reminder(jol: Harness) -> None:
    """Booked 09:00 for 10:00 today: no reminder can be sent, so none is promised or queued."""
    u = await onboard(jol, "en")
    t = tr(jol, "en")
    info = service("consultation")
    tz = jol.settings.tz
    # A one-session opening today (or just after midnight), 65–95 minutes from now, made with a
    # dated exception so that the test does not depend on the hour it runs at.
    now = utcnow().replace(second=0, microsecond=0)
    start = next(
        s
        for s in (now + timedelta(minutes=m) for m in range(65, 96))
        if s.astimezone(tz).minute % 5 == 0
        and (s + info.duration).astimezone(tz).date() == s.astimezone(tz).date()
    )
    local = start.astimezone(tz)
    window = f"{local:%H:%M}-{(start + info.duration).astimezone(tz):%H:%M}"
    async with jol.session() as session:
        session.add(BookingException(service=info.key, day=local.date(), hours=[window]))

    await jol.click(u, t("menu-booking"))
    await jol.click(u, info.name["en"])
    await open_day(jol, u, BkCb(a="day", s=info.key, d=f"{local:%Y%m%d}").pack())
    await pick_first_time(jol, u)
    await jol.send(u, "Aigul Asanova")
    await jol.press_reply(u, t("booking-phone-skip"))
    await jol.click(u, t("booking-btn-confirm"))

    [booking] = await bookings_of(jol, u)
    assert booking.starts_at == start
    done = (await jol.last(u)).text or ""
    assert t("booking-done-reminders", reminders="none") in done
    for kind in ("both", "two-hours"):
        assert t("booking-done-reminders", reminders=kind) not in done
    assert reminders(await jol.outbox_to(u)) == []


async def test_a_place_taken_meanwhile_shows_other_times(jol: Harness) -> None:
    u = await onboard(jol, "en")
    t = tr(jol, "en")
    await to_confirm(jol, u, "en", "consultation")
    async with jol.session() as session:
        draft = await session.get(BookingDraft, u)
        assert draft is not None and draft.starts_at is not None
        taken = await book_directly(session, 42, "consultation", draft.starts_at)
        assert taken.booking is not None
    await jol.click(u, t("booking-btn-confirm"))
    answer = await jol.last(u)
    assert (answer.text or "").startswith(t("booking-just-taken"))
    assert answer.callback_data and any(d.startswith("bk:slot:") for d in answer.callback_data)
    assert any(d.startswith("bk:wait:") for d in answer.callback_data)  # the taken one: ⏳
    assert await bookings_of(jol, u) == []


async def test_booking_asks_for_consent_first(jol: Harness) -> None:
    from tests.ask.helpers import anonymous

    u = await anonymous(jol, "ky")
    t = tr(jol, "ky")
    await jol.click(u, t("menu-booking"))
    assert (await jol.last(u)).text == t("booking-need-consent").replace("<b>", "").replace(
        "</b>", ""
    )
    await jol.click(u, t("booking-btn-privacy"))
    assert "/deletemydata" in ((await jol.last(u)).text or "")
    await jol.click(u, t("booking-btn-agree"))
    home = await last_with(jol, u, "book:")
    assert service("orientation").name["ky"] in home.button_texts
    async with jol.session() as session:
        from db.models import User

        user = await session.get(User, u)
        assert user is not None and user.has_consented


async def test_deep_link_opens_a_service(jol: Harness) -> None:
    u = await onboard(jol, "en")
    await jol.start(u, "book_certification")
    card = await jol.last(u)
    assert service("certification").name["en"] in (card.text or "")
    assert any(d.startswith("bk:") for d in card.callback_data)
    await jol.start(u, "book_nonsense")
    assert any(tr(jol, "en")("deeplink-unknown") in (m.text or "") for m in await jol.chat(u))


async def test_typed_name_is_checked_and_a_restart_loses_nothing(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    t = tr(jol, "ru")
    await jol.click(u, t("menu-booking"))
    await jol.click(u, service("reintegration").name["ru"])
    await pick_day(jol, u)
    await pick_first_time(jol, u)
    await jol.send(u, "12345")
    assert (await jol.last(u)).text == t("booking-name-invalid").replace("<i>", "").replace(
        "</i>", ""
    )
    await jol.send(u, "Бакыт Осмонов")

    await restart(jol)  # mid-booking: the draft and the step are in the database

    # Someone else's contact card is refused; then the person skips the phone.
    await jol.send_contact(u, phone_number="+996700000000", contact_user_id=u + 1)
    assert (await jol.last(u)).text == t("booking-phone-not-yours")
    await jol.press_reply(u, t("booking-phone-skip"))
    await jol.click(u, t("booking-btn-confirm"))
    [booking] = await bookings_of(jol, u)
    assert (booking.name, booking.phone, booking.service) == (
        "Бакыт Осмонов",
        None,
        "reintegration",
    )
    # The usual Menu/SOS keyboard came back after the phone step.
    keyboard = await jol.emu.reply_keyboard(u)
    assert keyboard is not None
    assert t("kb-sos") in str(keyboard)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_phone_number_is_remembered_and_shown_for_confirmation(
    jol: Harness, lang: str
) -> None:
    """The number shared for one booking is offered on the next (reuse, change or none), it
    is in /mydata's export, and after /deletemydata it is asked for as the first time."""
    u = await onboard(jol, lang)
    t = tr(jol, lang)
    await to_confirm(jol, u, lang, "consultation")  # shares the Telegram contact
    await jol.click(u, t("booking-btn-confirm"))
    [first] = await bookings_of(jol, u)
    assert first.phone and first.phone.startswith("+")

    await jol.send(u, "/menu")
    await jol.click(u, t("menu-booking"))
    await jol.click(u, service("orientation").name[lang])
    await pick_day(jol, u)
    await pick_first_time(jol, u)
    await jol.send(u, NAMES[lang])
    question = await jol.last(u)
    assert question.text == t("booking-ask-phone-known", phone=first.phone)
    keyboard = str(await jol.emu.reply_keyboard(u))
    for key in ("booking-phone-reuse", "booking-phone-share-other", "booking-phone-skip"):
        assert t(key) in keyboard, key
    await jol.send(u, "my number")  # typed instead of a button: said what to do, kept the step
    assert (await jol.last(u)).text == t("booking-phone-use-button")
    await jol.press_reply(u, t("booking-phone-reuse"))
    confirm = await jol.last(u)
    assert first.phone in (confirm.text or "")
    await jol.click(u, t("booking-btn-confirm"))
    second = (await bookings_of(jol, u))[-1]
    assert (second.service, second.phone) == ("orientation", first.phone)

    # Not sharing this time is still one tap: the booking has no number.
    await jol.send(u, "/menu")
    await jol.click(u, t("menu-booking"))
    await jol.click(u, service("reintegration").name[lang])
    await pick_day(jol, u)
    await pick_first_time(jol, u)
    await jol.send(u, NAMES[lang])
    await jol.press_reply(u, t("booking-phone-skip"))
    await jol.click(u, t("booking-btn-confirm"))
    third = (await bookings_of(jol, u))[-1]
    assert (third.service, third.phone) == ("reintegration", None)

    # Where it is kept, /mydata exports it and /deletemydata erases it.
    await jol.send(u, "/mydata")
    document = await jol.reply(u, lambda m: m.document is not None)
    assert document.document is not None
    exported = json.loads(await jol.emu.download(document.document["file_id"]))
    assert first.phone in [item.get("phone") for item in exported["bookings"]]
    async with jol.session() as session:
        await erase_user_data(session, u, personal_data_of(FEATURES))
        assert await q.last_phone_used(session, u) is None


@pytest.mark.parametrize("lang", LANGS)
async def test_cancel_from_my_bookings(jol: Harness, lang: str) -> None:
    staff = await coordinator(jol, "ru")
    u = await onboard(jol, lang)
    t = tr(jol, lang)
    await to_confirm(jol, u, lang, "orientation")
    await jol.click(u, t("booking-btn-confirm"))
    [booking] = await bookings_of(jol, u)

    await jol.send(u, "/mybookings")
    mine = await jol.last(u)
    assert booking.code in (mine.text or "")
    await click_data(jol, u, f"bk:open:::0:{booking.id}:")
    await jol.click(u, t("booking-btn-cancel"))
    assert (await jol.last(u)).text.startswith(t("booking-cancel-ask").split("?")[0])
    await jol.click(u, t("booking-btn-cancel-yes"))
    assert booking.code in ((await jol.last(u)).text or "")

    [cancelled] = await bookings_of(jol, u)
    assert cancelled.status == Status.CANCELLED
    assert {r.status for r in reminders(await jol.outbox_to(u))} == {OutboxStatus.DROPPED}
    cancelled_alert = await delivered(jol, staff, "отменил")
    assert booking.code in (cancelled_alert.text or "")

    await jol.send(u, "/mybookings")
    assert (await jol.last(u)).text == t("booking-mine-empty")


@pytest.mark.parametrize("lang", LANGS)
async def test_reschedule_from_my_bookings(jol: Harness, lang: str) -> None:
    u = await onboard(jol, lang)
    t = tr(jol, lang)
    await to_confirm(jol, u, lang, "consultation")
    await jol.click(u, t("booking-btn-confirm"))
    [before] = await bookings_of(jol, u)

    await jol.send(u, "/mybookings")
    await click_data(jol, u, f"bk:open:::0:{before.id}:")
    await jol.click(u, t("booking-btn-reschedule"))
    await pick_day(jol, u, ahead=4)
    await pick_first_time(jol, u)
    ask = await jol.last(u)
    assert before.code in (ask.text or "")
    await jol.click(u, t("booking-btn-confirm"))

    [after] = await bookings_of(jol, u)
    assert after.id == before.id and after.code == before.code
    assert after.starts_at > before.starts_at and after.version == 1
    assert after.status == Status.REQUESTED
    rows = reminders(await jol.outbox_to(u))
    pending = [r for r in rows if r.status == OutboxStatus.PENDING]
    assert [r.due_at for r in pending] == [
        after.starts_at - timedelta(hours=24),
        after.starts_at - timedelta(hours=2),
    ]
    assert {r.status for r in rows if r not in pending} == {OutboxStatus.DROPPED}
    assert (await jol.last(u)).text.startswith(
        t("booking-moved").replace("<b>", "").replace("</b>", "")
    )


@pytest.mark.parametrize("lang", LANGS)
async def test_waiting_list_offer_is_taken(jol: Harness, lang: str) -> None:
    holder = await onboard(jol, "ru")
    await to_confirm(jol, holder, "ru", "consultation")
    await jol.click(holder, tr(jol, "ru")("booking-btn-confirm"))
    [held] = await bookings_of(jol, holder)

    # The slot is full: the next person sees it with ⏳ and joins its waiting list.
    u = await onboard(jol, lang)
    t = tr(jol, lang)
    await jol.click(u, t("menu-booking"))
    await jol.click(u, service("consultation").name[lang])
    day = held.starts_at.astimezone(jol.settings.tz).date()
    await open_day(jol, u, f"bk:day:consultation:{day:%Y%m%d}:0:0:")
    full = await last_with(jol, u, "bk:wait:")
    minutes = int(held.starts_at.timestamp() // 60)
    assert f"bk:wait:consultation::{minutes}:0:" in full.callback_data
    await click_data(jol, u, f"bk:wait:consultation::{minutes}:0:")
    await jol.send(u, NAMES[lang])
    await jol.press_reply(u, t("booking-phone-skip"))
    await jol.click(u, t("booking-btn-join"))
    [waiting] = await bookings_of(jol, u)
    assert waiting.status == Status.WAITING and waiting.starts_at == held.starts_at
    assert reminders(await jol.outbox_to(u)) == []  # no reminders for a place not held

    # The holder cancels; the place is offered to the person waiting, in their language.
    await jol.send(holder, "/mybookings")
    await click_data(jol, holder, f"bk:open:::0:{held.id}:")
    await jol.click(holder, tr(jol, "ru")("booking-btn-cancel"))
    await jol.click(holder, tr(jol, "ru")("booking-btn-cancel-yes"))
    offer_text = (
        t("booking-offer", until="X").split("\n")[0].replace("<b>", "").replace("</b>", "")
    )
    offer = await delivered(jol, u, offer_text)
    assert t("booking-btn-take") in offer.button_texts
    [offered] = await bookings_of(jol, u)
    assert offered.status == Status.OFFERED
    assert offered.offer_expires_at is not None
    assert offered.offer_expires_at - utcnow() <= timedelta(
        hours=jol.settings.waitlist_offer_hours
    )

    await jol.click(u, t("booking-btn-take"), message_id=offer.message_id)
    [mine] = await bookings_of(jol, u)
    assert mine.status == Status.REQUESTED
    assert len(reminders(await jol.outbox_to(u))) == 2


async def test_an_unanswered_offer_passes_to_the_next_person(jol: Harness) -> None:
    from handlers.booking.worker import sweep_once

    first, second = await onboard(jol, "ky"), await onboard(jol, "en")
    start = await first_free_start(jol, "consultation", after=utcnow() + timedelta(days=2))
    now = utcnow()
    async with jol.session() as session:
        held = await book_directly(session, 1, "consultation", start, now=now)
        for person in (first, second):
            await book_directly(session, person, "consultation", start, now=now, waitlist=True)
        assert held.booking is not None
        change = await q.release(session, held.booking, Status.CANCELLED, now, HOLD)
        assert change is not None and [b.user_id for b in change.offered] == [first]

    # Nobody answers; the sweep (run by bot/background.py) passes the place on.
    later = now + timedelta(hours=jol.settings.waitlist_offer_hours, minutes=1)
    assert await sweep_once(jol.sessionmaker, jol.catalog, jol.settings, later) == 2
    expired = await delivered(jol, first, "⌛")
    assert tr(jol, "ky")("booking-btn-new-time") in expired.button_texts
    await delivered(jol, second, "A place has freed up for you")
    assert [b.status for b in await bookings_of(jol, first)] == [Status.EXPIRED]
    assert [b.status for b in await bookings_of(jol, second)] == [Status.OFFERED]
