"""The main menu: one screen with every capability, reachable from anywhere."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.filters import LocalizedText
from bot.i18n import Translator, per_language
from bot.ui import home_keyboard, show
from db.models import User

router = Router(name=__name__)

# Entries in display order. Each feature's router handles MenuCb.filter(F.item == "<item>");
# an item no router has taken yet gets the polite "coming soon" answer below.
MENU_ITEMS = ("guides", "check", "booking", "reminders", "sos", "ask", "settings")


class MenuCb(CallbackData, prefix="m"):
    item: str


# The menu is the most shown screen and the same for everyone reading one language.
@per_language
def main_menu_kb(t: Translator) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for item in MENU_ITEMS:
        builder.button(text=t(f"menu-{item}"), callback_data=MenuCb(item=item))
    builder.adjust(2, 2, 2, 1)
    return builder.as_markup()


@per_language
def home_button(t: Translator) -> tuple[str, str]:
    return t("btn-home"), MenuCb(item="home").pack()


def menu_text(t: Translator, user: User | None) -> str:
    """Anonymous readers are reminded what sharing their situation would add."""
    if user is not None and user.has_consented:
        return t("menu-title")
    return t("menu-title-anonymous")


async def send_main_menu(message: Message, t: Translator, user: User | None) -> None:
    """A fresh menu message, with the persistent Menu/SOS keyboard refreshed in one go."""
    await message.answer(t("menu-hint"), reply_markup=home_keyboard(t))
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))


@router.message(Command("menu"))
@router.message(LocalizedText("kb-menu"))
async def cmd_menu(message: Message, state: FSMContext, t: Translator, user: User | None) -> None:
    await state.clear()
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))


@router.message(Command("cancel"))
async def cmd_cancel(
    message: Message, state: FSMContext, t: Translator, user: User | None
) -> None:
    await state.clear()
    await message.answer(t("cancelled"))
    await message.answer(menu_text(t, user), reply_markup=main_menu_kb(t))


@router.message(Command("help"))
async def cmd_help(message: Message, t: Translator) -> None:
    await message.answer(t("help-text"))


@router.callback_query(MenuCb.filter(F.item == "home"))
async def on_home(
    query: CallbackQuery, state: FSMContext, t: Translator, user: User | None
) -> None:
    await state.clear()
    await show(query, menu_text(t, user), main_menu_kb(t))


coming_soon_router = Router(name=f"{__name__}.coming_soon")


@coming_soon_router.callback_query(MenuCb.filter())
async def on_not_built_yet(query: CallbackQuery, t: Translator) -> None:
    """Included after every feature router: only items nobody handles reach this."""
    await query.answer(t("menu-coming-soon"), show_alert=True)
