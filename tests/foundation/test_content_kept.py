"""Messages people keep are never overwritten (issue 20, part 2).

An answer from the Center, a guide section, the emergency card, a check result and a booking
receipt stay in the chat as they arrived: pressing a button under one brings the next screen as
a new message (or changes only the buttons). The walk below presses those buttons in every
flow, then reads every edit the emulator recorded and fails on any edit that replaced the text
of a message carrying content. Which messages carry content is `bot.ui.CONTENT_MARKS`; the
answer's own words are checked on top, so the test does not rest on the registry alone.
"""

from __future__ import annotations

import itertools
from typing import Any

from bot.i18n import Catalog
from bot.ui import content_fragments, plain
from emulator import ChatMessage
from tests.ask.helpers import ask, consultant, deliver_outbox, onboard, the_case, tr
from tests.booking.helpers import to_confirm
from tests.contract.helpers import answer_all, begin
from tests.contract.helpers import onboard as onboard_en
from tests.harness import Harness

ANSWER = "Сходите в посольство с паспортом; ваш договор — ваша защита."


def overwritten(messages: list[ChatMessage], fragments: frozenset[str]) -> list[dict[str, Any]]:
    """Every edit that replaced the text of a content-carrying version with other text."""
    found = []
    for message in messages:
        versions = [*message.get("edits", []), dict(message)]
        for before, after in itertools.pairwise(versions):
            old = before.get("text") or before.get("caption") or ""
            new = after.get("text") or after.get("caption") or ""
            if old != new and any(f in old for f in fragments):
                found.append({"message_id": message.message_id, "was": old[:80], "now": new[:80]})
    return found


async def test_no_edit_replaces_a_message_people_keep(jol: Harness) -> None:
    fragments = content_fragments(jol.catalog)
    chats: list[int] = []

    # An answer from the Center; then "✅ My question is solved" under it, and "Yes".
    t = tr(jol, "ru")
    staff = await consultant(jol, "ru")
    person = await onboard(jol, "ru")
    chats += [staff, person]
    await ask(jol, person, "ru", "documents")
    await jol.send(person, "Паспорт забрал работодатель")
    case = await the_case(jol, person)
    await jol.send(staff, "/cases")
    await jol.click(staff, callback_data=f"case:view:{case.id}:open:0")
    await jol.click(staff, t("ask-staff-btn-reply"))
    await jol.send(staff, ANSWER)
    await deliver_outbox(jol)
    answer = next(m for m in await jol.chat(person) if ANSWER in (m.text or ""))
    await jol.click(person, t("ask-btn-solved"), message_id=answer.message_id)
    await jol.click(person, t("ask-close-yes"))
    assert t("ask-closed-by-you", number=str(case.id)) == (await jol.last(person)).text
    after = next(m for m in await jol.chat(person) if m.message_id == answer.message_id)
    assert after.text == answer.text, "the consultant's answer must stay in the chat"

    # The emergency card and a guide section: "Ask the Center", "Back", "Home" under them.
    await jol.send(person, "/sos")
    await jol.reply_containing(person, "если случилась беда")
    await jol.click(person, t("guides-btn-ask"))
    await jol.click(person, t("btn-home"))
    await jol.send(person, "/guides")
    await jol.click(person, "🇷🇺 Россия")
    sections = (await jol.last(person)).button_texts
    await jol.click(person, sections[0])
    await jol.click(person, t("btn-back"))
    await jol.click(person, t("btn-home"))

    # A job-offer check result: "Ask the Center / report the offer" under it.
    checker = await onboard_en(jol)
    chats.append(checker)
    await begin(jol, checker, "en", "turkey")
    result, _ = await answer_all(jol, checker, {"pay_fee": "yes", "passport": "yes"})
    assert result.button_texts, "the result offers next steps"
    await jol.click(checker, tr(jol, "en")("contract-btn-ask"), message_id=result.message_id)

    # A booking receipt, and every button under it.
    booker = await onboard(jol, "ru")
    chats.append(booker)
    await jol.send(booker, "/menu")
    await to_confirm(jol, booker, "ru", "consultation")
    await jol.click(booker, t("booking-btn-confirm"))
    receipt = await jol.last(booker)
    for button in receipt.button_texts:
        await jol.click(booker, button, message_id=receipt.message_id)

    replaced = []
    for chat in chats:
        replaced += overwritten(await jol.chat(chat), fragments)
    assert not replaced, f"edits overwrote content: {replaced}"


def test_the_registry_marks_each_kind_in_every_language() -> None:
    """Each kind of kept message leaves a distinctive mark in ky, ru and en (a template whose
    fixed text vanished would silently stop being protected)."""
    catalog = Catalog.load()
    fragments = content_fragments(catalog)
    for locale in ("ky", "ru", "en"):
        t = catalog.translator(locale)
        assert any(f in plain(t("ask-reply-from-center", number="1")) for f in fragments)
        assert any(f in plain(t("guides-as-of", month="5", year="2026")) for f in fragments)
        assert any(f in plain(t("contract-result-red")) for f in fragments)
    # Ordinary screens are not marked: they may be edited freely.
    t = catalog.translator("ru")
    for key in ("ask-topic-question", "ask-close-confirm", "menu-title"):
        text = plain(t(key, number="1"))
        assert not any(f in text for f in fragments), key
