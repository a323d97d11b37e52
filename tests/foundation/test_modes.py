"""Modes are explicit (issue 20, part 3): whatever free-text mode a person is in — writing to
the Center, search, a date, an agency name, a broadcast text — a command wins, and text typed
after it is read as if no mode had been open (a search)."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Case, CaseMessage
from db.models.broadcast import Broadcast
from tests.ask.helpers import ask, onboard, the_case, tr
from tests.broadcast.helpers import broadcast_row, staff
from tests.harness import Harness

SEARCH_WORD = "патент"


async def command_wins(jol: Harness, u: int, lang: str = "ru") -> None:
    """/help answers with the help text, and the next word typed is a search in the guides."""
    t = tr(jol, lang)
    await jol.send(u, "/help")
    assert (await jol.last(u)).text == t("help-text").replace("<b>", "").replace("</b>", "")
    await jol.send(u, SEARCH_WORD)
    results = await jol.last(u)
    assert SEARCH_WORD in (results.text or ""), results.text
    assert t("guides-btn-search-again") in results.button_texts


async def test_a_command_ends_writing_to_the_center(jol: Harness) -> None:
    """The issue's walk: a question, /mydata, then "патент" — a search, not the case's."""
    t = tr(jol, "ru")
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "documents")
    await jol.send(u, "Работодатель забрал паспорт")
    case = await the_case(jol, u)
    await jol.send(u, "/mydata")
    assert any(m.document for m in await jol.chat(u)), (
        "/mydata answered with its export while writing"
    )
    await command_wins(jol, u)
    # The menu button does the same, and the case itself stays open.
    await jol.click(u, t("ask-btn-history"))
    await jol.send(u, "/menu")
    await jol.click(u, t("menu-ask"))
    await jol.press_reply(u, t("kb-menu"))
    await jol.send(u, SEARCH_WORD)
    assert SEARCH_WORD in ((await jol.last(u)).text or "")
    async with jol.session() as session:
        texts = list(
            await session.scalars(select(CaseMessage.text).where(CaseMessage.case_id == case.id))
        )
        status = await session.scalar(select(Case.status).where(Case.id == case.id))
    assert texts == ["Работодатель забрал паспорт"]
    assert status != "closed"


async def test_a_command_ends_the_search_prompt(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await jol.send(u, "/search")
    await command_wins(jol, u)


async def test_a_command_ends_the_agency_name_prompt(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await jol.send(u, "/agency")
    await command_wins(jol, u)


async def test_a_command_ends_broadcast_compose_and_its_date(jol: Harness) -> None:
    author = await staff(jol, "ru")
    await jol.send(author, "/broadcast")
    row = await broadcast_row(jol)
    await jol.click(author, callback_data=f"bc:txt:{row.id}:ru")
    await command_wins(jol, author)
    # The schedule time ("25.12 18:30") is a date typed as text: a command ends it too.
    await jol.send(author, "/broadcast")
    await jol.click(author, callback_data=f"bc:when:{row.id}:")
    await command_wins(jol, author)
    async with jol.session() as session:
        texts = await session.scalar(select(Broadcast.texts))
    assert not texts, "neither /help nor the search word became the broadcast's text"
