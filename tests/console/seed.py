"""Known figures for the console's charts: people, bookings, certification results, job-offer
checks, cases and broadcasts around a fixed week (the tests travel the clock there)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Booking,
    BookingException,
    BookingSlot,
    Broadcast,
    Case,
    CaseMessage,
    CertificationResult,
    ContractCheckFlag,
    ContractCheckResult,
    User,
)

# A Wednesday noon in Bishkek (06:00 UTC); its week starts on Monday 2026-11-16.
NOW = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # 09:00 in Bishkek
FIRST_USER = 800_000_001
WEDNESDAY = date(2026, 11, 18)


async def seed_figures(session: AsyncSession) -> None:
    # People: 6 planning to go to Russia in Kyrgyz, 4 abroad in Turkey in Russian, 1 returned
    # (a group of one: never shown on its own), 2 before consent. All joined this week but 3
    # joined the week before.
    profiles = (
        [("planning", "russia", "ky")] * 6
        + [("abroad", "turkey", "ru")] * 4
        + [("returned", "korea", "en")]
        + [(None, None, "ky")] * 2
    )
    for i, (situation, destination, locale) in enumerate(profiles):
        joined = MONDAY + timedelta(hours=i) - (timedelta(days=7) if i < 3 else timedelta())
        session.add(
            User(
                id=FIRST_USER + i,
                locale=locale,
                situation=situation,
                destination=destination,
                consent_at=joined if situation else None,
                created_at=joined,
                updated_at=joined,
            )
        )
    # Bookings this week: 3 consultations (2 attended, 1 no-show), 2 catering lab (requested),
    # 1 on a waiting list and 1 cancelled (neither counted as booked).
    consult = BookingSlot(service="consultation", starts_at=MONDAY, capacity=5)
    lab = BookingSlot(service="certification", starts_at=MONDAY + timedelta(days=1), capacity=2)
    session.add_all([consult, lab])
    await session.flush()
    statuses = [
        (consult, "attended"),
        (consult, "attended"),
        (consult, "no_show"),
        (lab, "requested"),
        (lab, "confirmed"),
        (lab, "waiting"),
        (lab, "cancelled"),
    ]
    for i, (slot, status) in enumerate(statuses):
        session.add(
            Booking(
                code=f"C{i:04d}",
                user_id=FIRST_USER + i,
                service=slot.service,
                slot_id=slot.id,
                starts_at=slot.starts_at,
                status=status,
                name="Test",
            )
        )
    # Certification: two people certified in November, one in March; one failed attempt.
    for recorded, passed, counted in (
        (datetime(2026, 3, 10, 6, tzinfo=UTC), True, True),
        (MONDAY, True, True),
        (MONDAY, True, True),
        (MONDAY, False, False),
    ):
        session.add(CertificationResult(passed=passed, counted=counted, recorded_at=recorded))
    # Job-offer checks: 2 red, 1 amber, 3 green; "pay_fee" flagged red twice, "passport" once.
    day = MONDAY.date()
    results = []
    for level in ("red", "red", "amber", "green", "green", "green"):
        result = ContractCheckResult(day=day, destination="russia", level=level)
        session.add(result)
        results.append(result)
    await session.flush()
    for result, question in ((results[0], "pay_fee"), (results[1], "pay_fee")):
        session.add(ContractCheckFlag(result_id=result.id, question_id=question, level="red"))
    session.add(ContractCheckFlag(result_id=results[1].id, question_id="passport", level="red"))
    session.add(ContractCheckFlag(result_id=results[2].id, question_id="debt", level="amber"))
    # Cases: opened Monday 09:00 and answered 2 and 4 working hours later, one Friday 17:00
    # answered Monday 10:00 (2 working hours: 17-18 and 9-10); one waiting, one new.
    friday = MONDAY - timedelta(days=3) + timedelta(hours=8)  # Friday 17:00 Bishkek
    for n, (opened, answer_after, status) in enumerate(
        (
            (MONDAY, timedelta(hours=2), "waiting"),
            (MONDAY, timedelta(hours=4), "closed"),
            (friday, MONDAY + timedelta(hours=1) - friday, "closed"),
            (MONDAY + timedelta(hours=5), None, "new"),
        )
    ):
        case = Case(
            user_id=FIRST_USER + n,  # one open case per person
            topic="documents",
            status=status,
            locale="ky",
            created_at=opened,
            waiting_since=opened,
        )
        session.add(case)
        await session.flush()
        session.add(CaseMessage(case_id=case.id, author="person", created_at=opened))
        if answer_after is not None:
            session.add(
                CaseMessage(case_id=case.id, author="staff", created_at=opened + answer_after)
            )
    # Broadcasts: one this week.
    session.add(
        Broadcast(status="done", started_at=MONDAY, sent=120, blocked=4, news_off=3, total=127)
    )


async def seed_week(session: AsyncSession) -> None:
    """The figures, and the whole Center closed on Wednesday."""
    await seed_figures(session)
    session.add(BookingException(service="", day=WEDNESDAY, hours=[]))
