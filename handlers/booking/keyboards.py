"""Keyboards of the booking screens: the month calendar and the day's times are shared by the
person's flow and the coordinators' reschedule (they differ only in their callback data)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator, per_language
from db.queries.booking import SlotView
from domain.booking import add_months, month_grid
from handlers.booking.callbacks import BkCb
from handlers.booking.render import epoch_minutes, fmt_time, month_title
from handlers.menu import home_button

NOOP = BkCb(a="noop")
NOOP_DATA = NOOP.pack()
# Enough to show a busy consultation day; the rest are reachable from the next day.
MAX_TIME_BUTTONS = 48


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


# A calendar's blank cell, one button for every blank of every calendar: a month has up to 42
# cells, and each made anew was a model and a packed callback. Shared, so never changed (as
# what `per_language` hands out).
BLANK = InlineKeyboardButton(text=" ", callback_data=NOOP_DATA)


@per_language
def _weekday_row(t: Translator) -> tuple[InlineKeyboardButton, ...]:
    """The calendar's row of weekday names, made once per language (shared: never changed)."""
    names = t("booking-weekdays").split()
    return tuple(InlineKeyboardButton(text=name, callback_data=NOOP_DATA) for name in names)


def home_row(t: Translator, back: CallbackData | None = None) -> list[InlineKeyboardButton]:
    text, data = home_button(t)
    row = [InlineKeyboardButton(text=text, callback_data=data)]
    if back is not None:
        row.insert(0, button(t("btn-back"), back))
    return row


def calendar_kb(
    t: Translator,
    year: int,
    month: int,
    free_by_day: Mapping[date, int],
    *,
    on_month: Callable[[str], CallbackData],
    on_day: Callable[[date], CallbackData],
    first: date,
    last: date,
    footer: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """A month of days. Only days with a free place are buttons; the rest are blank, so
    nobody taps a day only to read "nothing free"."""
    rows: list[list[InlineKeyboardButton]] = []
    prev_y, prev_m = add_months(year, month, -1)
    next_y, next_m = add_months(year, month, 1)
    can_prev = (prev_y, prev_m) >= (first.year, first.month)
    can_next = (next_y, next_m) <= (last.year, last.month)
    rows.append(
        [
            button("◀", on_month(f"{prev_y:04d}{prev_m:02d}")) if can_prev else BLANK,
            InlineKeyboardButton(text=month_title(t, year, month), callback_data=NOOP_DATA),
            button("▶", on_month(f"{next_y:04d}{next_m:02d}")) if can_next else BLANK,
        ]
    )
    rows.append(list(_weekday_row(t)))
    for week in month_grid(year, month):
        row: list[InlineKeyboardButton] = []
        for day in week:
            if day is not None and free_by_day.get(day, 0) > 0:
                row.append(button(str(day.day), on_day(day)))
            else:
                row.append(BLANK)
        if any(b.callback_data != NOOP_DATA for b in row):
            rows.append(row)
    rows += [list(r) for r in footer]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def times_kb(
    t: Translator,
    slots: Sequence[SlotView],
    tz: ZoneInfo,
    *,
    on_slot: Callable[[int], CallbackData],
    on_full: Callable[[int], CallbackData] | None,
    footer: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """The day's times: free ones with places left (for group sessions); full ones lead to
    the waiting list when `on_full` is given, and are left out otherwise."""
    builder = InlineKeyboardBuilder()
    shown = 0
    for slot in slots:
        if shown >= MAX_TIME_BUTTONS:
            break
        minutes = epoch_minutes(slot.starts_at)
        when = fmt_time(slot.starts_at, tz)
        if slot.free > 0:
            label = when if slot.capacity == 1 else t("booking-time-free", time=when, n=slot.free)
            builder.button(text=label, callback_data=on_slot(minutes))
        elif on_full is not None:
            builder.button(text=t("booking-time-full", time=when), callback_data=on_full(minutes))
        else:
            continue
        shown += 1
    builder.adjust(3 if all(s.capacity == 1 for s in slots) else 2)
    for row in footer:
        builder.row(*row)
    return builder.as_markup()


def choice_kb(
    rows: Sequence[Sequence[tuple[str, CallbackData]]],
    t: Translator | None = None,
    back: CallbackData | None = None,
) -> InlineKeyboardMarkup:
    """Rows of (text, data) buttons, then Back/Home when a translator is given."""
    keyboard = [[button(text, data) for text, data in row] for row in rows]
    if t is not None:
        keyboard.append(home_row(t, back))
    return InlineKeyboardMarkup(inline_keyboard=keyboard)
