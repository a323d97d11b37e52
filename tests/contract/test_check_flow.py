"""The job-offer check as a person uses it, through the emulator, in all three languages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import ContractCheck, ContractCheckFlag, ContractCheckResult
from tests.contract.helpers import (
    DEST,
    PROGRESS,
    START,
    answer,
    answer_all,
    begin,
    current_question,
    onboard,
)
from tests.harness import Harness

GREEN = {
    "en": "No warning signs in your answers",
    "ru": "В ваших ответах нет тревожных признаков",
    "ky": "Жоопторуңузда коркунучтуу белги жок",
}
FIRST_QUESTION = {
    "en": "Has a recruiter, agent or agency asked you for money",
    "ru": "Посредник, агент или агентство просили у вас деньги",
    "ky": "Ортомчу, агент же агенттик сизден жумуш үчүн",
}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_the_whole_check_in_each_language(jol: Harness, lang: str) -> None:
    u = await jol.user(lang)
    await jol.send(u, "/check")
    intro = await jol.reply(u)
    assert START[lang] in intro.button_texts
    await jol.click(u, START[lang])
    await jol.click(u, DEST[lang]["turkey"])
    first = await jol.last(u)
    assert FIRST_QUESTION[lang] in (first.text or "")
    result, progress = await answer_all(jol, u)
    assert progress[0] == f"{PROGRESS[lang]} 1/15"
    assert progress[-1] == f"{PROGRESS[lang]} 15/15"
    assert len(progress) == 15
    assert GREEN[lang] in (result.text or "")
    async with jol.session() as session:
        row = (await session.scalars(select(ContractCheckResult))).one()
        assert (row.destination, row.level) == ("turkey", "green")
        check = await session.get(ContractCheck, u)
        assert check is not None and check.finished_at is not None


async def test_a_red_offer_explains_and_offers_help(jol: Harness) -> None:
    u = await jol.user("ru")
    await begin(jol, u, "ru", "russia")
    result, progress = await answer_all(jol, u, {"pay_fee": "yes", "passport": "yes"})
    assert len(progress) == 14  # no visa question for Russia
    text = result.text or ""
    assert "Серьёзные тревожные признаки" in text
    assert "Плата посреднику или агенту" in text and "Отдать паспорт" in text
    # The explanation and what to do, from the questions file.
    assert "Ни один работник не должен платить за работу" in text
    assert "Держите паспорт у себя" in text
    assert "book:consultation:check" in result.callback_data
    assert "ask:contract:check" in result.callback_data
    assert "m:sos" in result.callback_data
    async with jol.session() as session:
        flags = set(await session.scalars(select(ContractCheckFlag.question_id)))
        assert flags == {"pay_fee", "passport"}


async def test_an_unclear_offer_is_amber_without_the_emergency_card(jol: Harness) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "korea")
    result, _ = await answer_all(jol, u, {"employer": "no", "agency": "unsure"})
    assert "Some things are unclear" in (result.text or "")
    assert "ask:contract:check" in result.callback_data
    assert "m:sos" not in result.callback_data


async def test_back_changes_an_answer(jol: Harness) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "turkey")
    second = await answer(jol, u, "pay_fee", "yes")
    assert current_question(second) == "debt"
    await jol.click(u, "◀ Back")
    again = await jol.last(u)
    assert current_question(again) == "pay_fee"
    assert "✓ Yes" in again.button_texts
    assert (again.text or "").startswith("Question 1/15")
    # Changing it goes on to the first open question.
    after = await answer(jol, u, "pay_fee", "no")
    assert current_question(after) == "debt"
    result, _ = await answer_all(jol, u)
    assert "No warning signs" in (result.text or "")
    async with jol.session() as session:
        check = await session.get(ContractCheck, u)
        assert check is not None and check.answers["pay_fee"] == "no"


async def test_changing_an_answer_from_the_result_updates_the_same_result(jol: Harness) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "turkey")
    await answer_all(jol, u)
    await jol.click(u, "◀ Change an answer")
    last = await jol.last(u)
    assert current_question(last) == "threats"
    result = await answer(jol, u, "threats", "yes")
    assert "Serious warning signs" in (result.text or "")
    async with jol.session() as session:
        assert await session.scalar(select(func.count()).select_from(ContractCheckResult)) == 1
        assert await session.scalar(select(ContractCheckResult.level)) == "red"


async def test_an_interrupted_check_resumes_where_it_stopped(jol: Harness) -> None:
    u = await jol.user("ky")
    await begin(jol, u, "ky", "turkey")
    for question_id in ("pay_fee", "debt", "passport"):
        await answer(jol, u, question_id, "no")
    await jol.click(u, "✖ Токтотуу")
    stopped = await jol.last(u)
    assert "Жоопторуңуз сакталды" in (stopped.text or "")
    # Later, something else in between, then /check again.
    await jol.send(u, "/help")
    await jol.send(u, "/check")
    offer = await jol.reply(u, lambda m: "▶ Улантуу" in m.button_texts)
    assert "3/15" in (offer.text or "")
    await jol.click(u, "▶ Улантуу")
    screen = await jol.last(u)
    assert current_question(screen) == "agency"
    assert (screen.text or "").startswith("Суроо 4/15")


async def test_start_again_forgets_the_answers_but_keeps_the_anonymous_result(
    jol: Harness,
) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "turkey")
    await answer_all(jol, u)
    await jol.click(u, "🔄 Check another offer")
    await jol.click(u, DEST["en"]["korea"])
    screen = await jol.last(u)
    assert current_question(screen) == "pay_fee"
    async with jol.session() as session:
        check = await session.get(ContractCheck, u)
        assert check is not None and check.answers == {} and check.destination == "korea"
        assert await session.scalar(select(func.count()).select_from(ContractCheckResult)) == 1


async def test_share_sends_one_clean_forwardable_message(jol: Harness) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "turkey")
    await answer_all(jol, u, {"visa": "yes", "housing_deductions": "no"})
    await jol.click(u, "📤 Send to my family")
    summary = await jol.reply_containing(u, "Job-offer check")
    text = summary.text or ""
    assert "Country: 🇹🇷 Turkey" in text
    assert "🔴 A “guaranteed” or tourist visa" in text
    assert "🟡 Housing, deductions, the trip home" in text
    assert "serious warning signs" in text
    assert "?start=check" in text
    assert not summary.button_texts  # nothing that makes no sense once forwarded
    hint = await jol.reply_containing(u, "Forward the message above")
    assert "◀ Back to the result" in hint.button_texts


async def test_a_kazakhstan_job_without_a_work_visa_and_a_state_fee_is_green(
    jol: Harness,
) -> None:
    """The false alarms of issue 15: a visa-free EAEU job and an official fee paid to the
    state are no warning signs; the new forced-labour questions are asked on the way."""
    u = await jol.user("ru")
    await jol.send(u, "/check")
    await jol.click(u, START["ru"])
    await jol.click(u, "🇰🇿 Казахстан или другая страна ЕАЭС")
    first = await jol.last(u)
    assert current_question(first) == "pay_fee"
    assert "✓" not in " ".join(first.button_texts)
    assert "Только госсбор — государству" in first.button_texts
    await jol.click(u, "Только госсбор — государству")
    result, progress = await answer_all(jol, u)
    asked = [line for line in progress if line]
    assert len(asked) == 13 and asked[-1] == "Вопрос 14/14"  # pay_fee was the first of 14
    assert "В ваших ответах нет тревожных признаков" in (result.text or "")
    async with jol.session() as session:
        check = await session.get(ContractCheck, u)
        assert check is not None and check.destination == "eaeu"
        assert "visa" not in check.answers and "contact" not in check.answers
        assert {"isolation", "threats", "minor", "wages_held"} <= set(check.answers)
        row = (await session.scalars(select(ContractCheckResult))).one()
        assert (row.destination, row.level) == ("eaeu", "green")


async def test_threats_make_the_offer_red_with_the_emergency_button(jol: Harness) -> None:
    u = await jol.user("ky")
    await begin(jol, u, "ky", "turkey")
    result, _ = await answer_all(jol, u, {"threats": "yes", "isolation": "yes"})
    text = result.text or ""
    assert "Коркутуу же зордук" in text and "Чыгууга, чалууга же айтууга тыюу" in text
    assert "m:sos" in result.callback_data
    async with jol.session() as session:
        flags = set(await session.scalars(select(ContractCheckFlag.question_id)))
        assert flags == {"threats", "isolation"}


async def test_menu_button_and_deep_link_open_the_check(jol: Harness) -> None:
    u = await onboard(jol)
    await jol.send(u, "/menu")
    await jol.click(u, "✅ Check a job offer")
    intro = await jol.last(u)
    assert "▶ Start the check" in intro.button_texts
    await jol.start(u, "check")
    again = await jol.reply(u, lambda m: "▶ Start the check" in m.button_texts)
    assert "Check a job offer" in (again.text or "")


async def test_deletemydata_erases_the_check_but_not_the_totals(jol: Harness) -> None:
    u = await onboard(jol)
    await begin(jol, u, "en", "turkey")
    await answer_all(jol, u, {"pay_fee": "yes"})
    await jol.send(u, "/deletemydata")
    await jol.click(u, "🗑 Yes, delete everything")
    await jol.reply_containing(u, "Your data has been deleted")
    async with jol.session() as session:
        assert await session.get(ContractCheck, u) is None
        assert await session.scalar(select(func.count()).select_from(ContractCheckResult)) == 1


async def test_buttons_of_an_erased_check_do_not_crash(jol: Harness) -> None:
    u = await jol.user("en")
    await begin(jol, u, "en", "turkey")
    async with jol.session() as session:
        check = await session.get(ContractCheck, u)
        assert check is not None
        await session.delete(check)
    pressed = await jol.click(u, callback_data="ck:ans:pay_fee:yes")
    notice = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
    assert "earlier screen" in (notice.get("text") or "")
    assert "▶ Start the check" in (await jol.last(u)).button_texts
