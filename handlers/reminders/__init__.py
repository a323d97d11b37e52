"""/reminders: what is coming (in the person's own time), pause / resume / turn off; and the
answers to follow-up surveys sent under reminder messages."""

from __future__ import annotations

import sys
from datetime import timedelta

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.aiogram_compat import module_router
from bot.context import UpdateContext
from bot.features import DigestSection, Feature
from bot.i18n import Translator
from bot.ui import show
from db.models import User
from db.queries.reminders import (
    PERSONAL_DATA,
    answers_for,
    get_plan,
    save_answer,
    upcoming_reminders,
)
from db.queries.users import update_profile
from db.types import utcnow
from domain.onboarding import date_field
from domain.profile import TIMEZONE_CHOICES
from domain.reminders import user_zone_name
from handlers.menu import MenuCb, home_button
from handlers.reminders import jobs
from handlers.reminders.alerts import alert_coordinators, followup_section
from handlers.reminders.callbacks import RemCb
from handlers.reminders.planning import PlanContext, plan_is_current, replan_user
from handlers.reminders.render import content_locale, survey_step, when_local

router = Router(name=__name__)

PAUSE_DAYS = 14


def _zone_label(t: Translator, zone_name: str) -> str:
    key = next((k for k, v in TIMEZONE_CHOICES.items() if v == zone_name), None)
    return t(f"tz-{key}") if key else zone_name


def _has_anchor(user: User) -> bool:
    if not user.situation:
        return False
    try:
        return getattr(user, date_field(user.situation)) is not None
    except (KeyError, ValueError):
        return False


async def reminders_screen(ctx: UpdateContext) -> tuple[str, InlineKeyboardMarkup]:
    session, user, t = ctx.session, ctx.user, ctx.t
    builder = InlineKeyboardBuilder()
    home_text, home_data = home_button(t)
    if user is None or not user.has_consented:
        builder.button(text=t("settings-profile"), callback_data=MenuCb(item="profile"))
        builder.button(text=home_text, callback_data=home_data)
        builder.adjust(1)
        return t("reminders-need-consent"), builder.as_markup()

    planning = PlanContext.build(ctx.catalog, ctx.settings)
    plan = await get_plan(session, user.id)
    if not plan_is_current(plan, user, planning):
        # The planner has not seen the latest change yet: plan now, so the list is right.
        await replan_user(
            session, user, planning, paused_until=plan.paused_until if plan else None
        )
        plan = await get_plan(session, user.id)

    zone_name = user_zone_name(user.timezone, user.situation, user.destination)
    lines = [t("reminders-title")]
    if user.reminders_paused:
        if plan is not None and plan.paused_until is not None:
            until = when_local(plan.paused_until, zone_name)
            lines.append(t("reminders-paused-until", until=until))
        else:
            lines.append(t("reminders-stopped"))
        builder.button(text=t("reminders-resume"), callback_data=RemCb(action="resume"))
    else:
        upcoming = await upcoming_reminders(session, user.id)
        loc = content_locale(t.locale)
        if upcoming:
            lines.append(t("reminders-zone", zone=_zone_label(t, zone_name)))
            for item in upcoming:
                campaign = planning.campaigns.get(item.campaign)
                title = campaign.title[loc] if campaign else item.campaign
                when = when_local(item.due_at, zone_name)
                lines.append(t("reminders-item", when=when, title=title))
        elif not _has_anchor(user):
            lines.append(t("reminders-need-date"))
            builder.button(text=t("settings-profile"), callback_data=MenuCb(item="profile"))
        else:
            lines.append(t("reminders-none"))
        pause = t("reminders-pause", days=PAUSE_DAYS)
        builder.button(text=pause, callback_data=RemCb(action="pause"))
        builder.button(text=t("reminders-stop"), callback_data=RemCb(action="stop"))
    builder.button(text=home_text, callback_data=home_data)
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


@router.message(Command("reminders"))
async def cmd_reminders(message: Message, ctx: UpdateContext) -> None:
    text, markup = await reminders_screen(ctx)
    await message.answer(text, reply_markup=markup)


@router.callback_query(MenuCb.filter(F.item == "reminders"))
async def on_menu_reminders(query: CallbackQuery, ctx: UpdateContext) -> None:
    text, markup = await reminders_screen(ctx)
    await show(query, text, markup)


@router.callback_query(RemCb.filter(F.action == "list"))
async def on_list_from_reminder(query: CallbackQuery, ctx: UpdateContext) -> None:
    """Pressed under a reminder: open the screen as a new message, keeping the reminder."""
    text, markup = await reminders_screen(ctx)
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)
    else:
        await show(query, text, markup)


@router.callback_query(RemCb.filter(F.action.in_({"pause", "resume", "stop"})))
async def on_pause_resume(query: CallbackQuery, callback_data: RemCb, ctx: UpdateContext) -> None:
    session, user, t = ctx.session, ctx.user, ctx.t
    if user is None or not user.has_consented:
        await query.answer(t("reminders-need-consent-short"), show_alert=True)
        return
    action = callback_data.action
    paused_until = utcnow() + timedelta(days=PAUSE_DAYS) if action == "pause" else None
    await update_profile(session, user, reminders_paused=action != "resume")
    planning = PlanContext.build(ctx.catalog, ctx.settings)
    await replan_user(session, user, planning, paused_until=paused_until)
    await query.answer(t("reminders-changed", action=action))
    text, markup = await reminders_screen(ctx)
    await show(query, text, markup)


@router.callback_query(RemCb.filter(F.action == "ans"))
async def on_answer(query: CallbackQuery, callback_data: RemCb, ctx: UpdateContext) -> None:
    session, user, t, catalog, settings = ctx.session, ctx.user, ctx.t, ctx.catalog, ctx.settings
    campaign = PlanContext.build(catalog, settings).campaigns.get(callback_data.c)
    question = campaign.question(callback_data.q) if campaign else None
    answer = question.answer(callback_data.a) if question else None
    if campaign is None or question is None or answer is None:
        # An old message whose question was changed or removed from campaigns.yaml.
        await query.answer(t("reminders-survey-gone"), show_alert=True)
        return
    if user is None or not user.has_consented:
        await query.answer(t("reminders-need-consent-short"), show_alert=True)
        return
    await save_answer(session, user.id, campaign.id, question.id, answer.id, answer.alert)
    if answer.alert:
        await alert_coordinators(session, catalog, settings, user, campaign, question, answer)
    answered = await answers_for(session, user.id, campaign.id)
    text, markup = survey_step(campaign, answered, callback_data.q + 1, t.locale, t)
    await show(query, text, markup)


FEATURE = Feature(
    name="reminders",
    routers=lambda: [module_router(sys.modules[__name__])],
    jobs=jobs.JOBS,
    digest_sections=(DigestSection("followups", followup_section, order=50),),
    personal_data=PERSONAL_DATA,
    text_prefixes=("reminders-",),
)
