"""Shared steps for the contract tests driven through the emulator."""

from __future__ import annotations

from content.library import ContentLibrary
from db.models import UserRole
from db.queries import contract as q
from db.types import utcnow
from domain.agencies import parse_csv, preview
from domain.contract import Level
from emulator import ChatMessage
from tests.foundation.helpers import onboard as onboard_person
from tests.harness import Harness

Q = ContentLibrary.load().questionnaire

# For each question, the answer that is not a warning sign.
SAFE = {
    x.id: next(a for a in x.answers if x.level_of(a) is Level.GREEN and a != "unsure")
    for x in Q.questions
}

START = {"en": "▶ Start the check", "ru": "▶ Начать проверку", "ky": "▶ Текшерүүнү баштоо"}
DEST = {
    "en": {"turkey": "🇹🇷 Turkey", "russia": "🇷🇺 Russia", "korea": "🇰🇷 South Korea"},
    "ru": {"turkey": "🇹🇷 Турция", "russia": "🇷🇺 Россия", "korea": "🇰🇷 Южная Корея"},
    "ky": {"turkey": "🇹🇷 Түркия", "russia": "🇷🇺 Россия", "korea": "🇰🇷 Түштүк Корея"},
}
PROGRESS = {"en": "Question", "ru": "Вопрос", "ky": "Суроо"}

# Made-up agencies: the repository ships no register.
FIXTURE_CSV = (
    "name;permit_number;countries;valid_until;status\n"
    "ОсОО «Фикстура Альфа»;FX-0001;Турция|Германия;2099-12-31;active\n"
    "Fixture Beta LLC;FX-0002;Корея;2099-12-31;suspended\n"
    "Fixture Gamma;FX-0003;Россия;2020-01-01;active\n"
).encode()


def current_question(message: ChatMessage) -> str | None:
    """The id of the question on screen, read from its answer buttons (`ck:ans:<id>:<v>`)."""
    for data in message.callback_data:
        parts = data.split(":")
        if parts[:2] == ["ck", "ans"]:
            return parts[2]
    return None


async def answer(jol: Harness, user: int, question_id: str, value: str) -> ChatMessage:
    await jol.click(user, callback_data=f"ck:ans:{question_id}:{value}")
    return await jol.last(user)


async def answer_all(
    jol: Harness, user: int, overrides: dict[str, str] | None = None
) -> tuple[ChatMessage, list[str]]:
    """Answer every question shown until the result; returns the result and progress lines."""
    overrides = overrides or {}
    progress: list[str] = []
    screen = await jol.last(user)
    for _ in range(30):
        question_id = current_question(screen)
        if question_id is None:
            return screen, progress
        progress.append((screen.text or "").split("\n", 1)[0])
        screen = await answer(
            jol, user, question_id, overrides.get(question_id, SAFE[question_id])
        )
    raise AssertionError("the check did not end")


async def begin(jol: Harness, user: int, lang: str, destination: str) -> ChatMessage:
    await jol.send(user, "/check")
    await jol.click(user, START[lang])
    await jol.click(user, DEST[lang][destination])
    return await jol.last(user)


async def onboard(jol: Harness) -> int:
    """An English-speaking person who agreed to the privacy notice and plans to go to Turkey."""
    return await onboard_person(jol, destination="🇹🇷 Turkey", departure=None)


async def grant(jol: Harness, user: int, role: str) -> None:
    async with jol.session() as session:
        session.add(UserRole(user_id=user, role=role, granted_by=0, granted_at=utcnow()))


async def load_register(jol: Harness, data: bytes = FIXTURE_CSV) -> None:
    async with jol.session() as session:
        parsed = parse_csv(data)
        current = await q.all_agencies(session)
        job = await q.create_import(
            session, 1, parsed, preview(current, parsed), q.fingerprint(current)
        )
        await q.apply_import(session, job)
