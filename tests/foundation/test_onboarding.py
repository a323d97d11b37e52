"""Onboarding, end to end through the emulator, in all three languages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import FsmRecord, User
from tests.harness import Harness

LANGUAGE_BUTTON = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
AGREE = {"ky": "✅ Макулмун", "ru": "✅ Согласен(на)", "en": "✅ I agree"}
PLANNING = {
    "ky": "✈️ Чет өлкөгө иштегени барам",
    "ru": "✈️ Собираюсь уехать на работу",
    "en": "✈️ I plan to go abroad",
}
KOREA = {"ky": "🇰🇷 Түштүк Корея", "ru": "🇰🇷 Южная Корея", "en": "🇰🇷 South Korea"}
DONE = {"ky": "Даяр!", "ru": "Готово!", "en": "All set!"}
MENU = {"ky": "Башкы меню", "ru": "Главное меню", "en": "Main menu"}
# The date as people write it with the month's name (15.03.2027 is tested elsewhere).
TYPED_DATE = {"ky": "2027-жылдын 15-марты", "ru": "15 марта 2027", "en": "March 15, 2027"}


async def _user_row(jol: Harness, user_id: int) -> User | None:
    async with jol.session() as session:
        return await session.get(User, user_id)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_full_onboarding_in_each_language(jol: Harness, lang: str) -> None:
    u = await jol.user(language_code="en" if lang != "en" else "ru", first_name="Nurlan")
    await jol.start(u)
    await jol.reply(u, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)

    await jol.click(u, LANGUAGE_BUTTON[lang])
    consent = await jol.last(u)
    assert AGREE[lang] in consent.button_texts
    row = await _user_row(jol, u)
    # Before consent: the id and the chosen language, nothing else.
    assert row is not None and row.locale == lang
    assert row.consent_at is None and row.situation is None and row.destination is None

    await jol.click(u, AGREE[lang])
    await jol.click(u, PLANNING[lang])
    await jol.click(u, KOREA[lang])
    await jol.send(u, TYPED_DATE[lang])
    done = await jol.reply_containing(u, DONE[lang])
    assert "15.03.2027" in (done.text or "")
    menu = await jol.reply_containing(u, MENU[lang])
    assert len(menu.button_texts) == 7

    row = await _user_row(jol, u)
    assert row is not None
    assert row.consent_at is not None and row.consent_at.tzinfo is not None
    assert (row.situation, row.destination) == ("planning", "korea")
    assert row.departure_date == date(2027, 3, 15)
    assert row.timezone == "Asia/Bishkek"  # still at home: Bishkek time
    assert row.onboarded_at is not None

    # The Menu/SOS keyboard is in the person's language.
    keyboard = await jol.emu.reply_keyboard(u)
    assert keyboard is not None
    labels = [b["text"] for row_ in keyboard["markup"]["keyboard"] for b in row_]
    assert labels == [
        jol.catalog.translator(lang)("kb-menu"),
        jol.catalog.translator(lang)("kb-sos"),
    ]

    # The command menu follows the chosen language in this chat.
    commands = (await jol.emu.commands(user_id=u))["effective"]
    assert any(c["command"] == "mydata" for c in commands)
    assert jol.catalog.translator(lang)("cmd-mydata") in {c["description"] for c in commands}


async def test_abroad_gets_destination_time_zone_and_arrival_date(jol: Harness) -> None:
    u = await jol.user("ru")
    await jol.start(u)
    await jol.reply(u, lambda m: "Русский" in m.button_texts)
    await jol.click(u, "Русский")
    await jol.click(u, AGREE["ru"])
    await jol.click(u, "🌍 Сейчас работаю за рубежом")
    await jol.click(u, "🇷🇺 Россия")
    await jol.send(u, "01.11.2026")
    await jol.reply_containing(u, "Готово!")
    row = await _user_row(jol, u)
    assert row is not None
    assert row.timezone == "Europe/Moscow"
    assert row.arrival_date == date(2026, 11, 1)
    assert row.departure_date is None


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_choices_fit_the_situation(jol: Harness, lang: str) -> None:
    """Someone planning may not have decided the country or know the date yet; someone working
    abroad or back home knows the country and has at most forgotten a past date."""
    t = jol.catalog.translator(lang)
    cases = {"planning": PLANNING[lang], "abroad": t("situation-abroad")}
    cases["returned"] = t("situation-returned")
    for situation, button in cases.items():
        u = await jol.user(lang)
        await jol.start(u)
        await jol.reply(u, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
        await jol.click(u, LANGUAGE_BUTTON[lang])
        await jol.click(u, AGREE[lang])
        await jol.click(u, button)
        countries = (await jol.last(u)).button_texts
        undecided, another = t("destination-other"), t("destination-other-country")
        if situation == "planning":
            assert undecided in countries and another not in countries
        else:
            assert undecided not in countries and another in countries, situation
        await jol.click(u, another if situation != "planning" else undecided)
        skip = (await jol.last(u)).button_texts
        assert t("date-skip", situation=situation) in skip
        if situation != "planning":
            assert t("date-skip", situation="planning") not in skip, situation
        await jol.click(u, t("date-skip", situation=situation))
        row = await _user_row(jol, u)
        assert row is not None and (row.situation, row.destination) == (situation, "other")
        assert row.onboarded_at is not None


async def test_bad_dates_get_a_clear_answer_and_nothing_is_lost(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, AGREE["en"])
    await jol.click(u, PLANNING["en"])
    await jol.click(u, KOREA["en"])

    await jol.send(u, "next spring")
    await jol.reply_containing(u, "could not read that date")
    await jol.send(u, "01.01.2020")
    await jol.reply_containing(u, "already passed")
    row = await _user_row(jol, u)
    assert row is not None and (row.situation, row.destination) == ("planning", "korea")
    assert row.onboarded_at is None

    await jol.send(u, "2027-05-01")
    await jol.reply_containing(u, "All set!")
    row = await _user_row(jol, u)
    assert row is not None and row.departure_date == date(2027, 5, 1)


async def test_back_returns_to_the_previous_question(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, AGREE["en"])
    await jol.click(u, PLANNING["en"])
    assert "Where do you plan to go?" in ((await jol.last(u)).text or "")
    await jol.click(u, "◀ Back")
    assert "What is your situation now?" in ((await jol.last(u)).text or "")
    await jol.click(u, "◀ Back")
    assert AGREE["en"] in (await jol.last(u)).button_texts
    await jol.click(u, "◀ Back")
    assert "English" in (await jol.last(u)).button_texts


async def test_start_again_resumes_and_never_loses_answers(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, AGREE["en"])
    await jol.click(u, PLANNING["en"])

    await jol.start(u)  # interrupted: /start again
    resumed = await jol.reply(u, lambda m: "🇷🇺 Russia" in m.button_texts)
    assert "Where do you plan to go?" in (resumed.text or "")
    row = await _user_row(jol, u)
    assert row is not None and row.situation == "planning" and row.consent_at is not None

    await jol.click(u, "🇷🇺 Russia")
    await jol.click(u, "I don't know yet — skip")
    await jol.reply_containing(u, "Main menu")

    await jol.start(u)  # a known person lands on the menu
    await jol.reply_containing(u, "Welcome back")
    await jol.reply_containing(u, "Main menu")
    row = await _user_row(jol, u)
    assert row is not None and row.destination == "russia" and row.onboarded_at is not None


async def test_declining_consent_stores_nothing_but_id_and_language(jol: Harness) -> None:
    u = await jol.user("ky")
    await jol.start(u)
    await jol.reply(u, lambda m: "Кыргызча" in m.button_texts)
    await jol.click(u, "Кыргызча")
    await jol.click(u, "🙈 Сактабай эле улантуу")
    await jol.reply_containing(u, "Башкы меню")
    row = await _user_row(jol, u)
    assert row is not None
    assert row.consent_at is None and row.consent_declined_at is not None
    assert (row.situation, row.destination, row.timezone) == (None, None, None)
    # The menu still works anonymously.
    await jol.click(u, "⚙️ Жөндөөлөр")
    assert "Жөндөөлөр" in ((await jol.last(u)).text or "")


async def test_cancel_leaves_any_flow(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, AGREE["en"])
    await jol.click(u, PLANNING["en"])
    await jol.click(u, KOREA["en"])
    await jol.send(u, "/cancel")
    await jol.reply_containing(u, "Stopped")
    async with jol.session() as session:
        states = (
            await session.scalars(select(FsmRecord.state).where(FsmRecord.user_id == u))
        ).all()
    assert all(s is None for s in states)
    # Free text is no longer read as a date.
    await jol.send(u, "15.03.2027")
    answer = await jol.reply(u)
    assert "All set" not in (answer.text or "")
    row = await _user_row(jol, u)
    assert row is not None and row.onboarded_at is None and row.departure_date is None


async def test_language_can_be_changed_any_time(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.start(u)
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, "🙈 Continue without saving")
    await jol.send(u, "/language")
    await jol.reply(u, lambda m: "Русский" in m.button_texts)
    await jol.click(u, "Русский")
    await jol.reply_containing(u, "Главное меню")
    row = await _user_row(jol, u)
    assert row is not None and row.locale == "ru"


async def test_a_name_with_html_characters_is_shown_as_written(jol: Harness) -> None:
    u = await jol.user("en", first_name='<Ann & "Bo">')
    await jol.start(u)
    welcome = await jol.reply(u)
    assert welcome.text is not None and '<Ann & "Bo">' in welcome.text
    await jol.reply(u, lambda m: "English" in m.button_texts)
    await jol.click(u, "English")
    await jol.click(u, "🙈 Continue without saving")
    await jol.start(u)
    back = await jol.reply_containing(u, "Welcome back")
    assert '<Ann & "Bo">' in (back.text or "")
