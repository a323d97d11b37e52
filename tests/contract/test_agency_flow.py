"""The licensed-agency check as a person uses it (fixture agencies, not real ones)."""

from __future__ import annotations

from tests.contract.helpers import load_register
from tests.harness import Harness

MINISTRY_LIST = "https://mlsp.gov.kg"  # content/guides/general.yaml cites it for the list


async def ask(jol: Harness, user: int, typed: str) -> str:
    await jol.send(user, typed)
    return (await jol.last(user)).text or ""


async def test_licensed_suspended_expired_and_not_found(jol: Harness) -> None:
    await load_register(jol)
    u = await jol.user("en")
    await jol.send(u, "/agency")
    prompt = await jol.last(u)
    assert "Type the agency's name or its permit number" in (prompt.text or "")
    assert "Last loaded:" in (prompt.text or "")

    licensed = await ask(jol, u, "Fikstura Alfa LLC")  # Latin spelling, legal form
    assert "ОсОО «Фикстура Альфа»" in licensed
    assert "FX-0001" in licensed and "Турция, Германия" in licensed
    assert "the permit is valid" in licensed

    suspended = await ask(jol, u, "№ fx 0002")  # by permit number
    assert "Fixture Beta LLC" in suspended and "The permit is suspended" in suspended

    expired = await ask(jol, u, "FIXTURE GAMMA")
    assert "The permit ended on 01.01.2020" in expired

    missing = await ask(jol, u, "Totally Unknown Recruiters")
    assert "is not on the list of licensed agencies" in missing
    assert "Do not pay" in missing
    screen = await jol.last(u)
    assert MINISTRY_LIST in [b.get("url") for b in screen.inline_buttons]
    assert "book:consultation:check" in screen.callback_data
    assert "ask:contract:check" in screen.callback_data


async def test_a_typo_offers_did_you_mean_and_the_card_on_tap(jol: Harness) -> None:
    await load_register(jol)
    u = await jol.user("ru")
    await jol.send(u, "/agency")
    answer = await ask(jol, u, "Фикстура Альва")
    assert "Может быть, вы имели в виду" in answer
    await jol.click(u, "ОсОО «Фикстура Альфа»")
    card = await jol.reply_containing(u, "Номер разрешения: FX-0001")
    assert "разрешение действует" in (card.text or "")


async def test_the_search_opens_from_the_check_and_speaks_kyrgyz(jol: Harness) -> None:
    await load_register(jol)
    u = await jol.user("ky")
    await jol.send(u, "/check")
    await jol.click(u, "🔎 Агенттикти текшерүү")
    answer = await ask(jol, u, "Эч ким билбеген агенттик")
    assert "уруксаты бар агенттиктердин тизмесинде жок" in answer


async def test_without_a_register_it_never_says_not_licensed(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.send(u, "/agency")
    answer = await ask(jol, u, "Any Agency")
    assert "has not been loaded" in answer
    assert "not on the list" not in answer
    # It cannot answer, so it links the Ministry's own list (the site the guides cite).
    buttons = {b["text"]: b.get("url") for b in (await jol.last(u)).inline_buttons}
    assert buttons["🏛 The Ministry's list — official website"] == MINISTRY_LIST


async def test_the_sos_button_is_not_taken_for_an_agency_name(jol: Harness) -> None:
    await load_register(jol)
    u = await jol.user("en")
    await jol.send(u, "/agency")
    await jol.send(u, "🆘 SOS")
    assert "not on the list" not in ((await jol.last(u)).text or "")


async def test_going_back_to_the_check_ends_the_search(jol: Harness) -> None:
    await load_register(jol)
    u = await jol.user("en")
    await jol.send(u, "/check")
    await jol.click(u, "🔎 Check an agency")
    await jol.click(u, "◀ Back")
    await jol.send(u, "Totally Unknown Recruiters")
    assert "not on the list" not in ((await jol.last(u)).text or "")
