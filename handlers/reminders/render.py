"""Reminder messages and survey screens, rendered in the recipient's language.

Used both by the campaign planner (the text is stored in the outbox when planned) and by the
survey handlers (each answer edits the message to the next question).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from content.campaigns import LOCALES, Button, Campaign, Question
from handlers.ask.callbacks import AskCb
from handlers.booking.callbacks import BookCb
from handlers.menu import MenuCb, home_button
from handlers.reminders.callbacks import RemCb


def content_locale(locale: str) -> str:
    return locale if locale in LOCALES else "ky"


def _question_line(question: Question, locale: str) -> str:
    return f"❓ {question.text[locale]}"


def _answers_kb(builder: InlineKeyboardBuilder, campaign: Campaign, index: int, loc: str) -> None:
    question = campaign.survey[index]
    for a_index, answer in enumerate(question.answers):
        builder.button(
            text=answer.label[loc],
            callback_data=RemCb(action="ans", c=campaign.id, q=index, a=a_index),
        )


def _button(builder: InlineKeyboardBuilder, button: Button, t: Translator) -> None:
    if button.kind == "menu":
        builder.button(text=t(f"menu-{button.target}"), callback_data=MenuCb(item=button.target))
    elif button.kind == "book":
        builder.button(
            text=t("reminders-book", service=button.target),
            callback_data=BookCb(service=button.target, source="reminder"),
        )
    else:
        builder.button(
            text=t("menu-ask"), callback_data=AskCb(topic=button.target, source="reminder")
        )


def reminder_message(
    campaign: Campaign, locale: str, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    """The message as first sent: the text, then the first survey question or the buttons."""
    loc = content_locale(locale)
    text = campaign.text[loc]
    builder = InlineKeyboardBuilder()
    if campaign.survey:
        text = f"{text}\n\n{_question_line(campaign.survey[0], loc)}"
        _answers_kb(builder, campaign, 0, loc)
    else:
        for button in campaign.buttons:
            _button(builder, button, t)
    builder.button(text=t("reminders-manage"), callback_data=RemCb(action="list"))
    builder.adjust(1)
    return text, builder.as_markup()


def survey_step(
    campaign: Campaign, answered: Mapping[str, str], index: int, locale: str, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    """After an answer: what was answered so far, then question `index` or the end screen."""
    loc = content_locale(locale)
    lines = [campaign.text[loc], ""]
    for question in campaign.survey:
        answer = next((a for a in question.answers if a.id == answered.get(question.id)), None)
        if answer is not None:
            lines.append(f"✔️ {question.text[loc]} — <b>{answer.label[loc]}</b>")
    builder = InlineKeyboardBuilder()
    if index < len(campaign.survey):
        lines += ["", _question_line(campaign.survey[index], loc)]
        _answers_kb(builder, campaign, index, loc)
        builder.adjust(1)
        return "\n".join(lines), builder.as_markup()
    chosen = [a for q in campaign.survey for a in q.answers if answered.get(q.id) == a.id]
    alerted = any(a.alert for a in chosen)
    offers = list(dict.fromkeys(a.offer for a in chosen if a.offer))
    lines += ["", t("reminders-survey-thanks")]
    if alerted:
        lines.append(t("reminders-survey-alerted"))
    elif offers:
        lines.append(t("reminders-survey-offer"))
    for service in offers:
        builder.button(
            text=t("reminders-book", service=service),
            callback_data=BookCb(service=service, source="followup"),
        )
    text, data = home_button(t)
    builder.button(text=text, callback_data=data)
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def when_local(due: datetime, zone_name: str) -> str:
    from domain.reminders import zone

    return due.astimezone(zone(zone_name)).strftime("%d.%m.%Y %H:%M")
