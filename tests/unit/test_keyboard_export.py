"""Keyboards are exported without deep copies of their buttons (bot/app.py), and a markup
already handed out still never changes when its builder goes on."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from bot.aiogram_compat import export_keyboards_without_deep_copies


def test_buttons_are_shared_not_copied_and_markups_stay_as_exported() -> None:
    export_keyboards_without_deep_copies()
    builder = InlineKeyboardBuilder()
    for n in range(4):
        builder.button(text=f"b{n}", callback_data=f"x:{n}")
    builder.adjust(2)
    first = builder.as_markup()
    buttons = [b for row in first.inline_keyboard for b in row]
    assert [b.text for b in buttons] == ["b0", "b1", "b2", "b3"]

    # The builder goes on: more buttons, other rows. What was exported stays as it was.
    builder.button(text="b4", callback_data="x:4")
    builder.adjust(1)
    assert [[b.text for b in row] for row in first.inline_keyboard] == [["b0", "b1"], ["b2", "b3"]]
    second = builder.as_markup()
    assert [[b.text for b in row] for row in second.inline_keyboard] == [
        ["b0"], ["b1"], ["b2"], ["b3"], ["b4"],
    ]  # fmt: skip
    # The same button objects: nothing was deep-copied.
    assert second.inline_keyboard[0][0] is first.inline_keyboard[0][0]
    assert isinstance(second.inline_keyboard[0][0], InlineKeyboardButton)


def test_reply_keyboards_and_attached_builders_keep_working() -> None:
    export_keyboards_without_deep_copies()
    export_keyboards_without_deep_copies()  # idempotent
    reply = ReplyKeyboardBuilder()
    reply.button(text="Menu")
    reply.button(text="SOS")
    assert [b.text for row in reply.as_markup().keyboard for b in row] == ["Menu", "SOS"]

    top = InlineKeyboardBuilder()
    top.button(text="a", callback_data="a")
    bottom = InlineKeyboardBuilder()
    bottom.button(text="home", callback_data="m:home")
    top.attach(bottom)
    copy = top.copy()
    copy.button(text="extra", callback_data="e")
    assert [b.text for row in top.as_markup().inline_keyboard for b in row] == ["a", "home"]
    assert [b.text for row in copy.as_markup().inline_keyboard for b in row] == [
        "a", "home", "extra",
    ]  # fmt: skip
