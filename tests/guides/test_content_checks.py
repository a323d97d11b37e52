"""Honest dates: "information as of" until a named staff member records a check, and the
staff commands that record checks and list what nobody has checked (issue 15, item 3)."""

from __future__ import annotations

from sqlalchemy import select

from bot.features import personal_data_of
from content import load_content
from content.library import ContentLibrary
from db.models import AuditEvent, ContentCheck
from db.models.users import UserRole
from db.types import utcnow
from handlers import FEATURES
from tests.ask.helpers import onboard
from tests.guides.helpers import AS_OF_MAY_2026, LANGUAGE_BUTTON, anonymous_user, tr
from tests.harness import Harness


async def staff_member(jol: Harness, lang: str, name: str, role: str = "staff") -> int:
    uid = await jol.user(lang, name)
    async with jol.session() as session:
        session.add(UserRole(user_id=uid, role=role, granted_by=0, granted_at=utcnow()))
    await jol.start(uid)
    await jol.reply(uid, lambda m: LANGUAGE_BUTTON[lang] in m.button_texts)
    await jol.click(uid, LANGUAGE_BUTTON[lang])
    await jol.click(uid, tr(jol, lang)("consent-decline"))
    return uid


async def test_check_recorded_by_staff_replaces_as_of_for_everyone(jol: Harness) -> None:
    staff = await staff_member(jol, "ru", "Айгерим")
    person = await anonymous_user(jol, "ky")

    await jol.start(person, "g_russia_entry_ban")
    before = await jol.reply_containing(person, "Россия")
    assert AS_OF_MAY_2026["ky"] in (before.text or "")

    await jol.send(staff, "/content_status")
    status = await jol.reply_containing(staff, "Ещё никто в Центре не проверил: 41")
    assert "russia/entry_ban — информация на май 2026 года" in (status.text or "")
    assert "russia/medical — информация на январь 2022 года" in (status.text or "")

    await jol.send(staff, "/content_checked russia/entry_ban")
    today = utcnow().astimezone(jol.settings.tz).date()
    shown = f"{today.day}.{today.month}.{today.year}"
    ok = await jol.reply_containing(staff, "Записано")
    assert "Айгерим" in (ok.text or "") and shown in (ok.text or "")

    async with jol.session() as session:
        rows = (await session.scalars(select(ContentCheck))).all()
        audit = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "content_checked"))
        ).all()
    assert [(r.key, r.checked_by_id, r.checked_by_name) for r in rows] == [
        ("russia/entry_ban", staff, "Айгерим")
    ]
    assert [(a.actor_id, a.target) for a in audit] == [(staff, "russia/entry_ban")]

    # Every reader now sees who vouches for the text and when; the as-of line is gone.
    await jol.start(person, "g_russia_entry_ban")
    after = await jol.reply_containing(person, "Россия")
    assert f"Борбор текшерген: {shown}" in (after.text or "")
    assert AS_OF_MAY_2026["ky"] not in (after.text or "")
    # Other sections stay "as of" until someone checks them.
    await jol.start(person, "g_russia_documents")
    other = await jol.reply_containing(person, "Россия")
    assert "Маалымат 2026-жылдын январь айындагы абал боюнча" in (other.text or "")

    await jol.send(staff, "/content_status")
    status = await jol.reply_containing(staff, "Ещё никто в Центре не проверил: 40")
    assert "russia/entry_ban — информация" not in (status.text or "")
    assert f"russia/entry_ban — Айгерим, {shown}" in (status.text or "")


async def test_emergency_card_check_and_spellings(jol: Harness) -> None:
    staff = await staff_member(jol, "en", "Nurlan")
    for spelling, key in (
        ("sos/korea", "sos/korea"),
        ("g_turkey_visa_free", "turkey/visa_free"),
        ("medical", "russia/medical"),  # a section id that only one guide has
    ):
        await jol.send(staff, f"/content_checked {spelling}")
        await jol.reply_containing(staff, "Recorded", key)
    person = await anonymous_user(jol, "en")
    await jol.start(person, "sos_korea")
    card = await jol.reply_containing(person, "Korea")
    today = utcnow().astimezone(jol.settings.tz).date()
    assert f"Checked by the Center on {today.day}.{today.month}.{today.year}" in (card.text or "")


async def test_bad_check_arguments_get_an_answer_and_store_nothing(jol: Harness) -> None:
    staff = await staff_member(jol, "en", "Nurlan")
    await jol.send(staff, "/content_checked")
    await jol.reply_containing(staff, "/content_checked russia/entry_ban")
    await jol.send(staff, "/content_checked russia/<b>nope</b>")
    answer = await jol.reply_containing(staff, "There is no section")
    assert "&lt;b&gt;" in (answer.text or "") or "<b>nope" in (answer.text or "")
    # "coming_back" exists in several guides: ambiguous, so nothing is guessed.
    await jol.send(staff, "/content_checked coming_back")
    await jol.reply_containing(staff, "There is no section")
    async with jol.session() as session:
        assert (await session.scalars(select(ContentCheck))).all() == []


async def test_plain_person_and_coordinator_cannot_record_a_check(jol: Harness) -> None:
    person = await anonymous_user(jol, "ru")
    await jol.send(person, "/content_checked russia/entry_ban")
    await jol.reply_containing(person, tr(jol, "ru")("access-denied"))
    coordinator = await staff_member(jol, "ru", "Бакыт", role="coordinator")
    await jol.send(coordinator, "/content_checked russia/entry_ban")
    await jol.reply_containing(coordinator, tr(jol, "ru")("access-denied"))
    async with jol.session() as session:
        assert (await session.scalars(select(ContentCheck))).all() == []
        refused = (
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "refused"))
        ).all()
    assert {r.target for r in refused} == {"content_checked"}


async def test_next_and_previous_section_buttons(jol: Harness) -> None:
    t = tr(jol, "ru")
    russia = load_content().guide("russia")
    assert russia is not None
    first, second, third = russia.sections[:3]
    last = russia.sections[-1]
    u = await anonymous_user(jol, "ru")

    await jol.start(u, f"g_russia_{first.id}")
    page = await jol.reply_containing(u, first.title["ru"])
    assert t("guides-btn-next-section") in page.button_texts
    assert t("guides-btn-prev-section") not in page.button_texts  # nothing before the first

    await jol.click(u, t("guides-btn-next-section"))
    assert second.title["ru"] in ((await jol.last(u)).text or "")
    await jol.click(u, t("guides-btn-next-section"))
    assert third.title["ru"] in ((await jol.last(u)).text or "")
    await jol.click(u, t("guides-btn-prev-section"))
    assert second.title["ru"] in ((await jol.last(u)).text or "")

    await jol.start(u, f"g_russia_{last.id}")
    end = await jol.reply_containing(u, last.title["ru"])
    assert t("guides-btn-next-section") not in end.button_texts
    assert t("guides-btn-prev-section") in end.button_texts


async def test_guide_file_says_as_of_and_has_no_chat_lines(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await anonymous_user(jol, "ru")
    await jol.click(u, t("menu-guides"))
    await jol.click(u, "🇷🇺 Россия")
    screen = await jol.last(u)
    assert t("guides-choose-section") in (screen.text or "")  # in the chat: yes
    await jol.click(u, t("guides-btn-download"))
    message = await jol.reply(u, lambda m: m.document is not None)
    assert message.document is not None
    html_doc = (await jol.emu.download(message.document["file_id"])).decode("utf-8")
    assert "Выберите раздел" not in html_doc  # in the offline file: no
    assert "Информация по состоянию на май 2026 года" in html_doc
    assert "Информация по состоянию на январь 2022 года" in html_doc  # russia/medical
    assert "Проверено:" not in html_doc and "28.11.2026" not in html_doc


EMERGENCY_NUMBERS = {
    "russia": ["112", "102", "103"],
    "turkey": ["112", "157"],
    "korea": ["112", "119", "1345", "1644-0644"],
    "europe": ["112", "999", "08000 121 700"],
}


async def test_emergency_cards_show_the_numbers_with_their_sources(jol: Harness) -> None:
    store = load_content()
    u = await anonymous_user(jol, "ky")
    for dest, numbers in EMERGENCY_NUMBERS.items():
        await jol.start(u, f"sos_{dest}")
        card = await jol.reply_containing(u, store.emergency(dest).title["ky"])
        text = card.text or ""
        for number in numbers:
            assert number in text, (dest, number)
        assert "Жергиликтүү шашылыш кызматка" not in text  # no more "call local services"
        assert AS_OF_MAY_2026["ky"] in text
        # The Center: where to ask for its address (no street is invented) and its hours.
        assert "🏢 Борбор, Бишкек (так даректи бул чатта сураңыз" in text
        assert "Кеңешчилер бул чатта" in text
        assert len(text) <= 4096
    # Each card's numbers rest on an official source, listed first.
    assert "mchs.gov.ru" in store.emergency("russia").sources[0].title
    # ⚠ items are visibly marked and counted for staff.
    korea = store.emergency("korea")
    assert korea.body["ru"].count("⚠") == 2 and len(korea.to_check) == 2
    staff = await staff_member(jol, "en", "Nurlan")
    await jol.send(staff, "/content_status")
    status = await jol.reply_containing(staff, "need a check on the official page")
    assert "sos/korea: 1345: hours" in (status.text or "")
    assert "sos/turkey: 157 YİMER" in (status.text or "")
    await jol.send(staff, "/content_checked sos/korea")
    await jol.reply_containing(staff, "Recorded")
    await jol.send(staff, "/content_status")
    status = await jol.reply_containing(staff, "need a check on the official page")
    assert "sos/korea: 1345" not in (status.text or "")  # the check covered them


async def test_missing_topics_say_ask_the_center_and_are_listed_for_editors(
    jol: Harness,
) -> None:
    u = await anonymous_user(jol, "ru")
    # UK: where to report abuse rests on the fact base (§8 helpline, 999, the GLAA).
    await jol.start(u, "g_europe_uk_risks")
    uk = (await jol.reply_containing(u, "Куда сообщить о нарушениях")).text or ""
    assert "08000 121 700" in uk and "999" in uk and "GLAA" in uk
    # Korea after arrival: no facts, so the guide says so and sends people to the Center.
    await jol.start(u, "g_korea_eps_steps")
    korea = await jol.reply_containing(u, "После приезда в Корею")
    assert "Спросите в Центре" in (korea.text or "")

    staff = await staff_member(jol, "en", "Nurlan")
    await jol.send(staff, "/content_gaps")
    report = (await jol.last(staff)).text or ""
    known = report.split("Topics the guides cannot answer yet", 1)[1]
    for line in (
        "russia/work_rights: Russia: taxes on pay",
        "turkey/residence: Turkey: SGK health insurance",
        "turkey/scams: Turkey: rights of care and domestic workers",
        "korea/eps_steps: Korea: alien registration",
        "korea/eps_steps: Korea: rules for changing workplace",
        "europe/uk_risks: UK: how to report to the GLAA directly",
    ):
        assert line in known, line


async def test_sources_are_explained_in_the_readers_language_official_first(
    jol: Harness,
) -> None:
    u = await anonymous_user(jol, "ky")
    await jol.start(u, "g_russia_entry_ban")
    text = (await jol.reply_containing(u, "Россия")).text or ""
    sources = text.split("📎", 1)[1]
    assert "mfa.gov.kg (КРдын Россиядагы элчилигинин эскертмеси)" in sources
    assert "memo of the KR Embassy" not in sources  # the English explanation is not shown
    # Official pages (the embassy, the law) before news sites.
    assert sources.index("mfa.gov.kg") < sources.index("114-FZ") < sources.index("24.kg")


async def test_booking_shows_the_same_center_address_line(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await onboard(jol, "ru")
    await jol.click(u, t("menu-booking"))
    await jol.click(u, "Индивидуальная консультация")
    card = (await jol.last(u)).text or ""
    assert "Центр, Бишкек (точный адрес спросите в этом чате" in card


async def test_staff_data_export_and_erasure_cover_checks(jol: Harness) -> None:
    from db.privacy import erase_user_data, export_user_data

    staff = await staff_member(jol, "en", "Nurlan")
    await jol.send(staff, "/content_checked russia/entry_ban")
    await jol.reply_containing(staff, "Recorded")
    async with jol.session() as session:
        exported = await export_user_data(session, staff, personal_data_of(FEATURES))
    assert [row["section"] for row in exported["content-checks"]] == ["russia/entry_ban"]
    async with jol.session() as session:
        await erase_user_data(session, staff, personal_data_of(FEATURES))
    async with jol.session() as session:
        row = (await session.scalars(select(ContentCheck))).one()
    # The section stays checked (the text was checked); who did it is forgotten.
    assert (row.key, row.checked_by_id, row.checked_by_name) == ("russia/entry_ban", None, "—")


async def test_coming_home_is_a_real_button_to_the_general_guide(jol: Harness) -> None:
    t = tr(jol, "ky")
    store = load_content()
    home = store.section("other", "coming_home")
    assert home is not None
    u = await anonymous_user(jol, "ky")
    for dest in ("russia", "turkey", "korea", "europe"):
        await jol.start(u, f"g_{dest}_coming_back")
        section = store.section(dest, "coming_back")
        assert section is not None
        page = await jol.reply_containing(u, section.title["ky"])
        assert "жалпы гид" not in (page.text or "")
        await jol.click(u, t("guides-btn-link", title=home.title["ky"]))
        assert home.title["ky"] in ((await jol.last(u)).text or "")


async def test_content_status_lists_reminders_as_of_and_the_center_hours_to_check(
    jol: Harness,
) -> None:
    assert jol.runtime is not None
    campaigns = jol.runtime.content.library.campaigns.campaigns
    staff = await staff_member(jol, "en", "Nurlan")
    await jol.send(staff, "/content_status")
    status = (await jol.reply_containing(staff, "Reminders:")).text or ""
    assert f"Reminders: {len(campaigns)}" in status
    first = campaigns[0]
    assert first.as_of is not None
    month = tr(jol, "en")("guides-month", month=first.as_of.month)
    assert f"{first.id} — information as of {month} {first.as_of.year}" in status
    # The Center's hours are not in the fact base: staff see them as a task.
    assert "services/center_hours: The Center's opening hours" in status


async def test_a_check_no_longer_counts_once_the_text_changes(jol: Harness) -> None:
    assert jol.runtime is not None
    holder = jol.runtime.content
    staff = await staff_member(jol, "ru", "Айгерим")
    person = await anonymous_user(jol, "ru")
    await jol.send(staff, "/content_checked russia/entry_ban")
    await jol.reply_containing(staff, "Записано")
    await jol.start(person, "g_russia_entry_ban")
    assert "Проверено Центром" in ((await jol.reply_containing(person, "Россия")).text or "")

    # An editor changes the section's text and publishes: the check vouched for the old text.
    docs = holder.library.documents
    russia = docs["guides/russia.yaml"]
    section = holder.library.guides.section("russia", "entry_ban")
    assert section is not None
    old = section.body["ru"].split("\n")[0]
    docs["guides/russia.yaml"] = russia.replace(old, old + " Текст изменён.", 1)
    holder.swap(ContentLibrary.from_documents(docs))
    await jol.start(person, "g_russia_entry_ban")
    after = (await jol.reply_containing(person, "Текст изменён.")).text or ""
    assert "Проверено Центром" not in after and AS_OF_MAY_2026["ru"] in after
    await jol.send(staff, "/content_status")
    status = (await jol.reply_containing(staff, "Ещё никто в Центре не проверил: 41")).text
    assert "russia/entry_ban — информация на май 2026 года" in (status or "")
    # An unchanged section keeps its check: only the changed text lost it.
    await jol.send(staff, "/content_checked sos/russia")
    await jol.reply_containing(staff, "Записано")
    docs["glossary.yaml"] += "\n# an edit elsewhere\n"
    holder.swap(ContentLibrary.from_documents(docs))
    await jol.send(staff, "/content_status")
    status = (await jol.reply_containing(staff, "Ещё никто в Центре не проверил: 40")).text
    assert "sos/russia — Айгерим" in (status or "")


async def test_booking_and_the_emergency_card_show_the_center_hours(jol: Harness) -> None:
    t = tr(jol, "ru")
    u = await onboard(jol, "ru")
    await jol.click(u, t("menu-booking"))
    home = (await jol.reply_containing(u, "Центр работает")).text or ""
    assert "Центр работает: Пн–Пт, 09:00–18:00 (по времени Бишкека)." in home
    await jol.send(u, "/sos")
    card = (await jol.reply_containing(u, "Консультанты отвечают")).text or ""
    assert "Пн–Пт, 09:00–18:00" in card
