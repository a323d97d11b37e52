"""The job-offer check: one question per screen, Back changes an answer, Stop keeps the
answers, and /check later offers to continue where the person stopped.

Progress lives in `contract_checks` (not only FSM data): the check needs no typed input, so it
uses no FSM state at all and survives /cancel, restarts and days of silence.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.ui import show, split_text
from content.library import current as current_library
from db.clock import local_now
from db.models import ContractCheck
from db.queries import contract as q
from db.types import utcnow
from domain.contract import (
    DESTINATIONS,
    answered_count,
    applicable,
    next_question,
    previous_question,
    score,
)
from handlers.contract import render
from handlers.contract.agency import leave_search
from handlers.contract.callbacks import CkCb
from handlers.menu import MenuCb

router = Router(name=__name__)


def _today(settings: Settings) -> date:
    return local_now(settings.tz).date()


async def open_check(
    event: Message | CallbackQuery, user_id: int, session: AsyncSession, t: Translator
) -> None:
    """The check's front door: continue an unfinished check, or start one."""
    check = await q.get_check(session, user_id)
    questions = current_library().questionnaire
    if check is not None and check.finished_at is None:
        done, total = answered_count(questions, check.destination, check.answers)
        text, markup = render.resume(t, done, total)
    else:
        most = max(len(applicable(questions, d, {})) for d in DESTINATIONS)
        text, markup = render.intro(t, most, has_result=check is not None)
    await show(event, text, markup)


@router.message(Command("check"))
async def cmd_check(
    message: Message, state: FSMContext, session: AsyncSession, t: Translator
) -> None:
    assert message.from_user is not None
    await leave_search(state)
    await open_check(message, message.from_user.id, session, t)


@router.callback_query(MenuCb.filter(F.item == "check"))
async def on_menu_check(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, t: Translator
) -> None:
    await leave_search(state)
    await open_check(query, query.from_user.id, session, t)


async def open_from_link(message: Message, argument: str, data: dict[str, Any]) -> bool:
    if argument or message.from_user is None:
        return False
    await open_check(message, message.from_user.id, data["session"], data["t"])
    return True


# ---------------------------------------------------------------- screens


async def _ask(
    query: CallbackQuery, check: ContractCheck, question_id: str, t: Translator
) -> None:
    questions = current_library().questionnaire
    current = questions.get(question_id)
    assert current is not None
    ids = [x.id for x in applicable(questions, check.destination, check.answers)]
    check.current = question_id
    check.updated_at = utcnow()
    text, markup = render.question(
        t, current, ids.index(question_id) + 1, len(ids), check.answers.get(question_id)
    )
    await show(query, text, markup)


async def _finish(
    query: CallbackQuery,
    check: ContractCheck,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    questions = current_library().questionnaire
    result = score(questions, check.destination, check.answers)
    await q.record_result(session, check, result, _today(settings))
    await _show_result(query, check, t)


async def _show_result(query: CallbackQuery, check: ContractCheck, t: Translator) -> None:
    questions = current_library().questionnaire
    result = score(questions, check.destination, check.answers)
    text = render.result_text(t, questions, result)
    markup = render.result_kb(t, result.level)
    parts = split_text(text)
    if len(parts) == 1:
        await show(query, text, markup)
        return
    # A long red result: the first part replaces the question, the rest follow; the buttons go
    # under the last part, where the person finishes reading.
    await show(query, parts[0])
    if isinstance(query.message, Message):
        for index, part in enumerate(parts[1:], start=1):
            last = index == len(parts) - 1
            await query.message.answer(part, reply_markup=markup if last else None)


async def _continue(
    query: CallbackQuery,
    check: ContractCheck,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    after: str | None = None,
) -> None:
    """Next open question, or the result when none is left."""
    nxt = next_question(
        current_library().questionnaire, check.destination, check.answers, after=after
    )
    if nxt is None:
        await _finish(query, check, session, t, settings)
    else:
        await _ask(query, check, nxt.id, t)


async def _outdated(query: CallbackQuery, session: AsyncSession, t: Translator) -> None:
    """A button from a check that no longer exists (erased, restarted): say so, show the door."""
    await query.answer(t("contract-outdated"), show_alert=True)
    await open_check(query, query.from_user.id, session, t)


# ---------------------------------------------------------------- buttons


@router.callback_query(CkCb.filter(F.a == "intro"))
async def on_intro(
    query: CallbackQuery, state: FSMContext, session: AsyncSession, t: Translator
) -> None:
    # Also "Back" from the agency search: typed text is no longer an agency name.
    await leave_search(state)
    await open_check(query, query.from_user.id, session, t)


@router.callback_query(CkCb.filter(F.a.in_({"start", "restart"})))
async def on_start(query: CallbackQuery, session: AsyncSession, t: Translator) -> None:
    # A new check: earlier answers go (an already recorded result stays, anonymous).
    await q.discard_check(session, query.from_user.id)
    await show(query, *render.destinations(t, None))


@router.callback_query(CkCb.filter(F.a == "dest"))
async def on_destination(
    query: CallbackQuery,
    callback_data: CkCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    if callback_data.v not in DESTINATIONS:
        await _outdated(query, session, t)
        return
    check = await q.start_check(
        session, query.from_user.id, callback_data.v, current_library().questionnaire.version
    )
    await _continue(query, check, session, t, settings)


@router.callback_query(CkCb.filter(F.a == "resume"))
async def on_resume(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    check = await q.get_check(session, query.from_user.id, lock=True)
    if check is None:
        await _outdated(query, session, t)
        return
    questions = current_library().questionnaire
    ids = [x.id for x in applicable(questions, check.destination, check.answers)]
    if check.current in ids:
        await _ask(query, check, check.current, t)
    else:
        await _continue(query, check, session, t, settings)


@router.callback_query(CkCb.filter(F.a == "ans"))
async def on_answer(
    query: CallbackQuery,
    callback_data: CkCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    check = await q.get_check(session, query.from_user.id, lock=True)
    if check is None:
        await _outdated(query, session, t)
        return
    questions = current_library().questionnaire
    current = questions.get(callback_data.q)
    applying = {x.id for x in applicable(questions, check.destination, check.answers)}
    if current is None or current.id not in applying or callback_data.v not in current.answers:
        # A forged value, or a button of a question that no longer applies: stay where we are.
        await query.answer(t("contract-outdated"), show_alert=True)
        return
    q.set_answer(check, current.id, callback_data.v)
    await _continue(query, check, session, t, settings, after=current.id)


@router.callback_query(CkCb.filter(F.a == "next"))
async def on_next(
    query: CallbackQuery,
    callback_data: CkCb,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
) -> None:
    """Step forward over an answered question without changing it (reviewing answers)."""
    check = await q.get_check(session, query.from_user.id, lock=True)
    if check is None:
        await _outdated(query, session, t)
        return
    questions = applicable(current_library().questionnaire, check.destination, check.answers)
    ids = [x.id for x in questions]
    if callback_data.q not in ids:
        await _continue(query, check, session, t, settings)
        return
    following = ids[ids.index(callback_data.q) + 1 :]
    if following:
        await _ask(query, check, following[0], t)
    elif all(i in check.answers for i in ids):
        await _finish(query, check, session, t, settings)
    else:
        await _continue(query, check, session, t, settings)


@router.callback_query(CkCb.filter(F.a == "back"))
async def on_back(
    query: CallbackQuery,
    callback_data: CkCb,
    session: AsyncSession,
    t: Translator,
) -> None:
    """Back one question (from the result: to the last question) to change an answer."""
    check = await q.get_check(session, query.from_user.id, lock=True)
    if check is None:
        await _outdated(query, session, t)
        return
    previous = previous_question(
        current_library().questionnaire, check.destination, check.answers, callback_data.q or None
    )
    if previous is None:
        await show(query, *render.destinations(t, check.destination))
        return
    await _ask(query, check, previous.id, t)


@router.callback_query(CkCb.filter(F.a == "stop"))
async def on_stop(query: CallbackQuery, t: Translator) -> None:
    await show(query, t("contract-stopped"), render.stopped_kb(t))


@router.callback_query(CkCb.filter(F.a == "result"))
async def on_result(query: CallbackQuery, session: AsyncSession, t: Translator) -> None:
    check = await q.get_check(session, query.from_user.id)
    if check is None or check.finished_at is None:
        await _outdated(query, session, t)
        return
    await _show_result(query, check, t)


@router.callback_query(CkCb.filter(F.a == "share"))
async def on_share(
    query: CallbackQuery,
    session: AsyncSession,
    t: Translator,
    settings: Settings,
    bot: Bot,
) -> None:
    """A clean, self-contained summary as a new message (forwardable without the buttons or
    the question screens), then a hint on how to forward it."""
    check = await q.get_check(session, query.from_user.id)
    if check is None or check.finished_at is None or not isinstance(query.message, Message):
        await _outdated(query, session, t)
        return
    questions = current_library().questionnaire
    result = score(questions, check.destination, check.answers)
    me = await bot.me()
    day = check.finished_at.astimezone(settings.tz).date()
    text = render.share_text(t, questions, result, check.destination, day, me.username)
    await query.message.answer(text)
    await query.message.answer(t("contract-share-hint"), reply_markup=render.share_hint_kb(t))
