"""The author is warned before a broadcast would arrive at night (issue 20, part 5).

Quiet hours (QUIET_HOURS_START–END, 21–9 by default) are in each recipient's local time. The
confirm screen warns when the send time falls in them at the Center or for most recipients, and
offers the next 09:00 at the Center instead; sending anyway stays possible. Send times here are
scheduled ones, so the test does not depend on the hour it runs at.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.types import utcnow
from domain.broadcast import night_check
from domain.reminders import QuietHours
from emulator import ChatMessage
from tests.broadcast.helpers import broadcast_row, compose, people, staff, tr
from tests.harness import Harness

BISHKEK = ZoneInfo("Asia/Bishkek")


async def confirm_screen_tomorrow_at(
    jol: Harness, author: int, broadcast_id: int, hour: int, minute: int
) -> tuple[datetime, ChatMessage]:
    """Schedules the draft for tomorrow at this time at the Center and presses Send: that time
    and the confirm screen."""
    tomorrow = (utcnow().astimezone(jol.settings.tz) + timedelta(days=1)).date()
    local = datetime.combine(tomorrow, time(hour, minute), tzinfo=jol.settings.tz)
    await jol.click(author, callback_data=f"bc:when:{broadcast_id}:")
    await jol.send(author, local.strftime("%d.%m.%Y %H:%M"))
    await jol.reply_containing(author, "Bishkek time")
    assert tr(jol, "en")("broadcast-btn-send") in (await jol.last(author)).button_texts
    await jol.click(author, callback_data=f"bc:send:{broadcast_id}:")
    return local, await jol.last(author)


async def test_a_night_broadcast_is_flagged_and_can_move_to_the_morning(jol: Harness) -> None:
    t = tr(jol, "en")
    author = await staff(jol, "en")
    await people(jol, 3, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Ночное объявление"})
    night, confirm = await confirm_screen_tomorrow_at(jol, author, broadcast_id, 23, 30)
    morning = (night + timedelta(days=1)).replace(hour=9, minute=0)
    label = t("broadcast-btn-quiet-schedule", morning=morning.strftime("%d.%m %H:%M"))
    assert "This would arrive at night" in (confirm.text or "")
    assert "and in Bishkek" in (confirm.text or "")
    assert label in confirm.button_texts
    assert t("broadcast-btn-confirm", approval="no") in confirm.button_texts  # send anyway

    await jol.click(author, label)
    row = await broadcast_row(jol, broadcast_id)
    assert row.send_at == morning.astimezone(UTC)
    assert row.status == "draft"  # nothing was sent: the author still confirms
    again = await jol.last(author)
    assert "at night" not in (again.text or "")
    assert morning.strftime("%d.%m") in (again.text or "")


async def test_a_daytime_broadcast_has_no_warning(jol: Harness) -> None:
    author = await staff(jol, "en")
    await people(jol, 2, locale="ru")
    broadcast_id = await compose(jol, author, {"ru": "Дневное объявление"})
    _, confirm = await confirm_screen_tomorrow_at(jol, author, broadcast_id, 12, 0)
    assert "at night" not in (confirm.text or "")
    assert not any("🕘" in b for b in confirm.button_texts)


def test_night_for_most_recipients_warns_even_when_it_is_day_at_the_center() -> None:
    quiet = QuietHours(21, 9)
    at = datetime(2026, 12, 4, 18, 30, tzinfo=BISHKEK).astimezone(UTC)  # 21:30 in Seoul
    korea = [("Asia/Seoul", None, None, 3), ("Europe/Moscow", None, None, 1)]
    check = night_check(at, korea, BISHKEK, quiet)
    assert (check.in_quiet, check.total, check.center_quiet, check.warn) == (3, 4, False, True)
    assert check.morning == datetime(2026, 12, 5, 9, 0, tzinfo=BISHKEK)
    moscow = [("Asia/Seoul", None, None, 1), ("Europe/Moscow", None, None, 3)]
    assert not night_check(at, moscow, BISHKEK, quiet).warn
