"""Callback data other features use to open "Ask the Center" (search with no match, the
emergency card, a red contract check, the main menu)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class AskCb(CallbackData, prefix="ask"):
    # documents | wages | police | health | contract | return | other; "" lets the person choose
    topic: str = ""
    # where the person came from, for content-gap stats: menu | sos | check | search | guide
    source: str = "menu"


class AskStepCb(CallbackData, prefix="askf"):
    """The person's steps before writing: step = topic | urgent | consent | back."""

    step: str
    value: str = ""


class MyCaseCb(CallbackData, prefix="mycase"):
    """The person's own open case: show | history | write | close | closeyes."""

    action: str
    case_id: int = 0


class CaseCb(CallbackData, prefix="case"):
    """Consultants' actions. Every handler re-checks the role: this data can be forged."""

    action: str
    case_id: int = 0
    arg: str = ""
    page: int = 0
