"""A case left waiting for the person closes by itself after ASK_AUTO_CLOSE_DAYS of silence, so
it stops taking everything they type; the person is told (in their daytime) and can ask again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from db.models import Case
from db.types import utcnow
from domain.cases import auto_close_due
from domain.reminders import QuietHours
from handlers.ask.jobs import close_quiet_cases
from tests.ask.helpers import (
    ask,
    case_messages,
    delivered,
    onboard,
    the_case,
    tr,
)
from tests.harness import Harness

DAY = timedelta(days=1)
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_only_a_case_waiting_for_the_person_closes_and_only_after_the_quiet_days() -> None:
    assert auto_close_due("waiting", NOW - 14 * DAY, NOW, 14)
    assert not auto_close_due("waiting", NOW - 14 * DAY + timedelta(minutes=1), NOW, 14)
    # The Center's turn: never closed behind the consultants' back.
    assert not auto_close_due("new", NOW - 90 * DAY, NOW, 14)
    assert not auto_close_due("in_progress", NOW - 90 * DAY, NOW, 14)
    assert not auto_close_due("closed", NOW - 90 * DAY, NOW, 14)
    assert not auto_close_due("waiting", NOW - 90 * DAY, NOW, 0)  # 0: switched off


async def without_the_hourly_run(jol: Harness) -> None:
    """The job also runs once at start-up; on a slow machine that run could come after the
    test made its cases and close them first, so the test's own call found nothing. Taking the
    job off the schedule is not enough: a start-up run already under way would still read the
    cases made next and close the old one first (seen in CI), so this waits it out."""
    assert jol.background is not None
    await jol.background.stop_job("ask-close-quiet-cases")


async def _waiting_case(jol: Harness, lang: str, text: str, quiet_days: float) -> Case:
    """A person's case, answered by the Center `quiet_days` ago (then nothing more)."""
    u = await onboard(jol, lang)
    await ask(jol, u, lang, "wages")
    await jol.send(u, text)
    case = await the_case(jol, u)
    then = utcnow() - timedelta(days=quiet_days)
    async with jol.session() as session:
        await session.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(
                status="waiting",
                created_at=then - DAY,
                waiting_since=then - DAY,
                last_person_at=then - DAY,
                last_staff_at=then,
            )
        )
    return await the_case(jol, u)


@pytest.mark.ask_settings(quiet_hours_start=0, quiet_hours_end=0)
async def test_a_quiet_case_closes_and_the_person_can_ask_again(jol: Harness) -> None:
    await without_the_hourly_run(jol)
    t = tr(jol, "ky")
    old = await _waiting_case(jol, "ky", "Айлык бербей жатышат", quiet_days=15)
    recent = await _waiting_case(jol, "ru", "Не платят зарплату", quiet_days=3)

    assert await close_quiet_cases(jol.sessionmaker, jol.catalog, jol.settings) == 1
    closed, still_open = await the_case(jol, old.user_id), await the_case(jol, recent.user_id)
    assert (closed.status, closed.closed_by) == ("closed", None)
    assert closed.close_note and "14" in closed.close_note
    assert still_open.status == "waiting"
    # The consultants see why in the thread.
    assert [m.author for m in await case_messages(jol, old.id)][-1] == "system"

    notice = await delivered(jol, old.user_id, f"№{old.id}", "14")
    assert t("ask-btn-ask-again") in notice.button_texts
    # What the person types now is no longer part of that old case.
    before = len(await case_messages(jol, old.id))
    await jol.send(old.user_id, "Рахмат")
    assert len(await case_messages(jol, old.id)) == before
    # A second run closes nothing more and tells nobody twice.
    assert await close_quiet_cases(jol.sessionmaker, jol.catalog, jol.settings) == 0
    notices = [
        r for r in await jol.outbox_to(old.user_id) if "auto-closed" in (r.dedupe_key or "")
    ]
    assert len(notices) == 1


async def test_the_notice_waits_for_the_persons_daytime(jol: Harness) -> None:
    await without_the_hourly_run(jol)
    old = await _waiting_case(jol, "ru", "Не платят зарплату", quiet_days=20)
    assert await close_quiet_cases(jol.sessionmaker, jol.catalog, jol.settings) == 1
    (row,) = [r for r in await jol.outbox_to(old.user_id) if "auto-closed" in (r.dedupe_key or "")]
    local = row.due_at.astimezone(ZoneInfo("Europe/Moscow"))  # onboard(): works in Russia
    quiet = QuietHours(jol.settings.quiet_hours_start, jol.settings.quiet_hours_end)
    assert not quiet.contains(local.time())
    assert row.due_at >= utcnow() - timedelta(minutes=1)
