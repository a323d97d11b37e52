"""The coordinators' side through the emulator: alerts, the day list, approve / decline with a
reason the person receives in their language, attendance and no-shows, rescheduling, the
catering lab's results and /stats, the CSV export, opening hours and closures — and the role
check on every action, including forged callbacks."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.clock import local_now, local_today
from db.models import AuditEvent, Booking, BookingException, BookingSchedule
from db.models.outbox import OutboxStatus
from db.queries import booking as q
from db.types import utcnow
from domain.booking import Status
from handlers.booking.callbacks import CoCb, HrCb
from tests.ask.helpers import callback_answer, forge_button
from tests.booking.helpers import (
    book_directly,
    bookings_of,
    click_data,
    coordinator,
    delivered,
    first_free_start,
    onboard,
    pick_day,
    pick_first_time,
    plain,
    service,
    to_confirm,
    tr,
)
from tests.harness import Harness

PAIRS = [("ky", "ru"), ("ru", "en"), ("en", "ky")]  # (person, coordinator)


async def booked(jol: Harness, lang: str, key: str = "consultation") -> tuple[int, Booking]:
    """A person (in `lang`) with one booking made through the bot."""
    u = await onboard(jol, lang)
    await to_confirm(jol, u, lang, key)
    await jol.click(u, tr(jol, lang)("booking-btn-confirm"))
    [booking] = await bookings_of(jol, u)
    return u, booking


async def open_card_from_alert(jol: Harness, staff: int, lang: str, code: str) -> None:
    alert = await delivered(jol, staff, code)
    await jol.click(staff, tr(jol, lang)("booking-btn-open"), message_id=alert.message_id)


@pytest.mark.parametrize(("person_lang", "staff_lang"), PAIRS)
async def test_approve_and_decline_reach_the_person_in_their_language(
    jol: Harness, person_lang: str, staff_lang: str
) -> None:
    staff = await coordinator(jol, staff_lang)
    ts, tp = tr(jol, staff_lang), tr(jol, person_lang)

    u, booking = await booked(jol, person_lang)
    await open_card_from_alert(jol, staff, staff_lang, booking.code)
    card = await jol.last(staff)
    assert booking.code in (card.text or "") and booking.name in (card.text or "")
    await jol.click(staff, ts("booking-act", action="approve"))
    [approved] = await bookings_of(jol, u)
    assert approved.status == Status.CONFIRMED and approved.decided_by == staff
    await delivered(jol, u, plain(tp("booking-approved")))

    # A second person: declined with a ready reason, which they read in their own language.
    u2, second = await booked(jol, person_lang, "orientation")
    await open_card_from_alert(jol, staff, staff_lang, second.code)
    await jol.click(staff, ts("booking-act", action="decline"))
    await jol.click(staff, ts("booking-reason-full"))
    [declined] = await bookings_of(jol, u2)
    assert declined.status == Status.DECLINED and declined.decline_reason == "@full"
    notice = await delivered(jol, u2, tp("booking-reason-full"))
    assert tp("booking-btn-new-time") in notice.button_texts
    assert {r.status for r in await jol.outbox_to(u2) if r.purpose == "booking-reminder"} == {
        OutboxStatus.DROPPED
    }

    # A third: the coordinator types the reason.
    u3, third = await booked(jol, person_lang, "reintegration")
    await open_card_from_alert(jol, staff, staff_lang, third.code)
    await jol.click(staff, ts("booking-act", action="decline"))
    await jol.send(staff, "no")  # too short
    assert (await jol.last(staff)).text == ts("booking-decline-length")
    await jol.send(staff, "Документы ещё не готовы")
    await delivered(jol, u3, "Документы ещё не готовы")
    async with jol.session() as session:
        actions = set(
            await session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == staff))
        )
    assert {"booking.approve", "booking.decline"} <= actions


@pytest.mark.parametrize("lang", ["ky", "ru"])
async def test_csv_speaks_the_coordinators_language_and_names_the_staff(
    jol: Harness, lang: str
) -> None:
    staff = await coordinator(jol, lang)  # Telegram name: "Coordinator"
    ts = tr(jol, lang)
    _person, booking = await booked(jol, "en")
    await open_card_from_alert(jol, staff, lang, booking.code)
    await jol.click(staff, ts("booking-act", action="approve"))
    day = booking.starts_at.astimezone(jol.settings.tz).date()

    await jol.send(staff, f"/bookings_csv {day:%d.%m.%Y}")
    document = await jol.last(staff)
    assert document.document is not None
    data = await jol.emu.download(document.document["file_id"])
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[0] == ts("booking-csv-column", column="code")
    assert header[8] == ts("booking-csv-column", column="decided_by")
    [row] = [r for r in rows if r[0] == booking.code]
    assert row[4] == ts("booking-status", status="confirmed")
    assert row[8] == "Coordinator"  # the name Telegram shows, never the raw id
    assert str(staff) not in data.decode("utf-8-sig")


async def test_day_list_csv_and_reschedule(jol: Harness) -> None:
    staff = await coordinator(jol, "en")
    t = tr(jol, "en")
    u, booking = await booked(jol, "ru")
    day = booking.starts_at.astimezone(jol.settings.tz).date()
    # The coordinators' alert about this booking goes out through the outbox; let it arrive
    # first, or it could land after a command's answer and be read as that answer.
    await jol.reply_containing(staff, booking.code)

    await jol.send(staff, f"/bookings {day:%Y-%m-%d}")
    listing = await jol.last(staff)
    assert booking.code in (listing.text or "") and booking.name in (listing.text or "")
    assert booking.phone and booking.phone in (listing.text or "")
    await jol.send(staff, "/bookings someday")
    assert (await jol.last(staff)).text == t("booking-day-usage")

    # CSV of a range, as a document; a phone number cannot turn into a spreadsheet formula.
    await jol.send(staff, f"/bookings_csv {day:%d.%m.%Y} {day + timedelta(days=1):%d.%m.%Y}")
    document = await jol.last(staff)
    assert document.document is not None
    last_day = day + timedelta(days=1)
    assert document.document["file_name"] == f"bookings-{day:%Y-%m-%d}_{last_day:%Y-%m-%d}.csv"
    data = await jol.emu.download(document.document["file_id"])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    [row] = [r for r in rows[1:] if r[0] == booking.code]
    assert row[1] == service("consultation").name["en"]
    assert row[5] == booking.name and row[6] == "'" + booking.phone

    assert rows[0][:5] == ["Code", "Service", "Date", "Time", "Status"]

    # Reschedule from the card: the person is told, the reminders follow the new time.
    await jol.send(staff, f"/bookings {day:%Y-%m-%d}")
    await click_data(jol, staff, CoCb(a="card", i=booking.id).pack())
    await jol.click(staff, t("booking-act", action="reschedule"))
    await pick_day(jol, staff, ahead=5, prefix="co:mvday:")
    await pick_first_time(jol, staff, prefix="co:mvslot:")
    await jol.click(staff, t("booking-btn-move-yes"))
    [moved] = await bookings_of(jol, u)
    assert moved.starts_at > booking.starts_at and moved.version == 1
    assert moved.status == Status.REQUESTED  # a coordinator's move keeps the status
    await delivered(jol, u, plain(tr(jol, "ru")("booking-moved-by-center")).split(".")[0])
    pending = [
        r.due_at
        for r in await jol.outbox_to(u)
        if r.purpose == "booking-reminder" and r.status == OutboxStatus.PENDING
    ]
    assert pending == [moved.starts_at - timedelta(hours=24), moved.starts_at - timedelta(hours=2)]


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_attendance_no_show_and_certification_results(jol: Harness, lang: str) -> None:
    staff = await coordinator(jol, "ru")
    ts, tp = tr(jol, "ru"), tr(jol, lang)
    passer, absent = await onboard(jol, lang), await onboard(jol, lang)
    # Sessions that started half an hour ago (made directly: the bot only books ahead).
    start = (utcnow() - timedelta(minutes=30)).replace(second=0, microsecond=0)
    async with jol.session() as session:
        lab = await book_directly(session, passer, "certification", start, name="Айгүл")
        missed = await book_directly(session, absent, "consultation", start, name="Бакыт")
        assert lab.booking is not None and missed.booking is not None
        lab_id, missed_id = lab.booking.id, missed.booking.id

    await jol.send(staff, f"/bookings {start.astimezone(jol.settings.tz):%Y-%m-%d}")
    await click_data(jol, staff, CoCb(a="card", i=missed_id).pack())
    await jol.click(staff, ts("booking-act", action="no_show"))
    assert [b.status for b in await bookings_of(jol, absent)] == [Status.NO_SHOW]
    no_show = await delivered(jol, absent, tp("booking-no-show"))
    assert tp("booking-btn-new-time") in no_show.button_texts

    local_day = start.astimezone(jol.settings.tz)
    await click_data(jol, staff, CoCb(a="day", d=f"{local_day:%Y%m%d}").pack())
    await click_data(jol, staff, CoCb(a="card", i=lab_id).pack())
    await jol.click(staff, ts("booking-act", action="attended"))
    await jol.click(staff, ts("booking-act", action="result"))
    await jol.click(staff, ts("booking-btn-passed"))
    await jol.send(staff, "3")
    await jol.send(staff, "KG-CAT-2026-0001")
    [result_booking] = await bookings_of(jol, passer)
    assert result_booking.status == Status.ATTENDED
    congratulations = await delivered(jol, passer, "KG-CAT-2026-0001")
    assert plain(tp("booking-result-passed", level="3", number="X")).split("\n")[0] in (
        congratulations.text or ""
    )

    await jol.send(staff, "/stats")
    stats = await jol.last(staff)
    year = local_now(jol.settings.tz).year
    expected = ts(
        "booking-stats",
        year=str(year),
        certified=1,
        target=200,
        progress=0,
        passed=1,
        results=1,
        rate=100,
        week=0,
        pending=0,
    )
    # /stats (handlers/console) sends the charts with these figures as the caption.
    assert plain(expected).split("\n")[1] in (stats.caption or "")


async def test_no_attendance_and_no_result_before_the_session_starts(jol: Harness) -> None:
    """At 09:02 a 10:00 session cannot be a no-show and cannot have a result: the card offers
    neither, and stale or forged buttons are refused with the time it starts."""
    staff = await coordinator(jol, "ru")
    ts = tr(jol, "ru")
    person = await onboard(jol, "ky")
    start = (utcnow() + timedelta(minutes=58)).replace(second=0, microsecond=0)
    async with jol.session() as session:
        lab = await book_directly(session, person, "certification", start, name="Айгүл")
        assert lab.booking is not None
        lab_id = lab.booking.id

    await jol.send(staff, f"/bookings {start.astimezone(jol.settings.tz):%Y-%m-%d}")
    await click_data(jol, staff, CoCb(a="card", i=lab_id).pack())
    card = await jol.last(staff)
    for action in ("attended", "no_show", "result"):
        assert ts("booking-act", action=action) not in card.button_texts

    too_early = plain(ts("booking-note-too-early", when="X")).split("X")[0]
    for data in (
        CoCb(a="no_show", i=lab_id),
        CoCb(a="attended", i=lab_id),
        CoCb(a="result", i=lab_id),
        CoCb(a="resv", i=lab_id, v="fail"),
    ):
        forge_button(jol, staff, data.pack())
        await jol.click(staff, "forged")
        assert (await jol.last(staff)).text.startswith(too_early), data.pack()
    [unchanged] = await bookings_of(jol, person)
    assert unchanged.status == Status.REQUESTED
    async with jol.session() as session:
        assert await q.results_for(session, [lab_id]) == {}
    notices = [r for r in await jol.outbox_to(person) if r.purpose == "booking"]
    assert notices == []  # nobody was told "we missed you"


async def test_opening_hours_and_closures_from_the_chat(jol: Harness) -> None:
    staff = await coordinator(jol, "ky")
    t = tr(jol, "ky")
    info = service("consultation")
    today = local_today(jol.settings.tz)
    monday = today + timedelta(days=7 - today.weekday())  # next Monday, always ahead

    await jol.send(staff, "/hours")
    await jol.click(staff, info.name["ky"])
    await jol.click(staff, t("booking-weekday", day=0))
    await jol.send(staff, "11-10")
    problem = t("booking-hours-problem", problem="order", minutes=30)
    assert (await jol.last(staff)).text.startswith(problem.split(" Мындай")[0])
    await jol.send(staff, "10:00-11:00")
    async with jol.session() as session:
        schedule = await session.get(BookingSchedule, "consultation")
        assert schedule is not None and schedule.hours["mon"] == ["10:00-11:00"]
        assert schedule.hours["tue"] == ["09:00-12:00", "14:00-17:00"]  # other days kept
        days = await q.availability(session, info, monday, monday, jol.settings.tz, utcnow())
    assert [s.starts_at.astimezone(jol.settings.tz).hour for s in days[monday]] == [10, 10]

    # A holiday for the whole Center: no service offers that day.
    tuesday = monday + timedelta(days=1)
    await jol.send(staff, "/hours")
    await jol.click(staff, t("booking-btn-closures-all"))
    await jol.click(staff, t("booking-btn-closure-add"))
    await jol.send(staff, "31.02.2026")
    assert (await jol.last(staff)).text == plain(t("booking-closure-problem", problem="date"))
    await jol.send(staff, f"{tuesday:%d.%m.%Y}")
    async with jol.session() as session:
        [closure] = list(await session.scalars(select(BookingException)))
        assert (closure.service, closure.day, closure.hours) == ("", tuesday, [])
        for key in ("consultation", "orientation", "certification", "reintegration"):
            free = await q.availability(
                session, service(key), tuesday, tuesday, jol.settings.tz, utcnow()
            )
            assert free == {}, key

    # Back to the defaults; the closure is removed.
    await jol.send(staff, "/hours")
    await jol.click(staff, info.name["ky"])
    await jol.click(staff, t("booking-btn-hours-reset"))
    await jol.send(staff, "/hours")
    await jol.click(staff, t("booking-btn-closures-all"))
    await click_data(jol, staff, HrCb(a="excdel", s="", i=closure.id).pack())
    async with jol.session() as session:
        assert await session.get(BookingSchedule, "consultation") is None
        assert await session.scalar(select(func.count(BookingException.id))) == 0


async def test_every_coordinator_action_checks_the_role(jol: Harness) -> None:
    """A plain user's commands and forged callbacks are refused, audited, and change nothing."""
    intruder, booking = await booked(jol, "ru")
    t = tr(jol, "ru")
    denied = t("access-denied")

    for command in ("/bookings", "/bookings_csv", "/hours", "/stats"):
        await jol.send(intruder, command)
        assert (await jol.last(intruder)).text == denied, command

    day = booking.starts_at.astimezone(jol.settings.tz)
    forged = [
        CoCb(a=a, i=booking.id)
        for a in (
            "card",
            "approve",
            "decline",
            "attended",
            "no_show",
            "reschedule",
            "mvcal",
            "result",
            "lvl0",
        )
    ] + [
        CoCb(a="decl", i=booking.id, v="full"),
        CoCb(a="mvday", i=booking.id, d=f"{day:%Y%m%d}"),
        CoCb(a="mvslot", i=booking.id, t=int(booking.starts_at.timestamp() // 60) + 60),
        CoCb(a="mvok", i=booking.id, t=int(booking.starts_at.timestamp() // 60) + 60),
        CoCb(a="resv", i=booking.id, v="pass"),
        CoCb(a="day", d=f"{day:%Y%m%d}"),
        CoCb(a="csv", d=f"{day:%Y%m%d}"),
        HrCb(a="list"),
        HrCb(a="svc", s="consultation"),
        HrCb(a="day", s="consultation", w=0),
        HrCb(a="closed", s="consultation", w=0),
        HrCb(a="reset", s="consultation"),
        HrCb(a="exc", s=""),
        HrCb(a="excadd", s=""),
        HrCb(a="excdel", s="", i=1),
    ]
    for data in forged:
        forge_button(jol, intruder, data.pack())
        pressed = await jol.click(intruder, "forged")
        answer = await callback_answer(jol, pressed)
        assert answer.get("text") == denied and answer.get("show_alert"), data.pack()

    [after] = await bookings_of(jol, intruder)
    assert (after.status, after.starts_at) == (Status.REQUESTED, booking.starts_at)
    async with jol.session() as session:
        refused = await session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "refused", AuditEvent.actor_id == intruder
            )
        )
        assert refused == 4 + len(forged)
        assert await session.get(BookingSchedule, "consultation") is None
    assert not any(m.document for m in await jol.chat(intruder))  # no CSV leaked


async def test_an_admin_may_review_too(jol: Harness) -> None:
    admin = await jol.admin("en")
    await jol.start(admin)
    await jol.click(admin, "English")
    await jol.click(admin, tr(jol, "en")("consent-decline"))
    u, booking = await booked(jol, "ky")
    await jol.send(admin, f"/bookings {booking.starts_at.astimezone(jol.settings.tz):%Y-%m-%d}")
    await click_data(jol, admin, CoCb(a="card", i=booking.id).pack())
    await jol.click(admin, tr(jol, "en")("booking-act", action="approve"))
    assert [b.status for b in await bookings_of(jol, u)] == [Status.CONFIRMED]


async def test_a_busy_day_fits_in_one_message(jol: Harness) -> None:
    staff = await coordinator(jol, "ru")
    start = await first_free_start(jol, "orientation", after=utcnow() + timedelta(days=2))
    async with jol.session() as session:
        for n in range(45):
            long_name = f"Жылдыз-Бүбү Өмүрбек кызы Абдыкадырова Турсунбаева {n}"
            when = start + timedelta(minutes=n // 20)  # 20 places per session
            await book_directly(session, 500 + n, "orientation", when, name=long_name)
    await jol.send(staff, f"/bookings {start.astimezone(jol.settings.tz):%Y-%m-%d}")
    listing = await jol.last(staff)
    assert len(listing.text or "") <= 4096
    assert "смотрите CSV" in (listing.text or "")  # "…and N more — see the CSV"
    assert len([d for d in listing.callback_data if d.startswith("co:card:")]) == 40
