"""Hostile text never loses data silently: NUL and lone surrogates are cleaned where updates
enter, a refused save is told as a failure, and random updates never break the bot."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import AsyncIterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from bot.metrics import Metrics
from db.models import Case, CaseMessage
from tests.ask.helpers import ask, case_messages, onboard, png, tr
from tests.harness import Harness

OPENED = "передан в Центр"  # "your question No. N is passed to the Center"
RECEIVED = "Передано консультанту"  # a later message of an open case
_raw_ids = itertools.count(800_000_001)


async def feed_text(jol: Harness, u: int, body: str, entities: list[Any] | None = None) -> None:
    """A text message fed to the real dispatcher as Telegram would send it. Used for what the
    emulator's own JSON cannot carry (lone surrogates): the bot's answers still go to it."""
    message: dict[str, Any] = {
        "message_id": next(_raw_ids),
        "date": 1_700_000_000,
        "chat": {"id": u, "type": "private"},
        "from": {"id": u, "is_bot": False, "first_name": "A"},
        "text": body,
    }
    if entities is not None:
        message["entities"] = entities
    await jol.dispatcher.feed_raw_update(
        jol.bot, {"update_id": next(_raw_ids), "message": message}
    )


def encodable(body: str) -> bool:
    return not any("\ud800" <= c <= "\udfff" for c in body)


async def test_nul_and_lone_surrogates_are_replaced_and_the_question_is_saved(
    jol: Harness,
) -> None:
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "documents")
    before = Metrics().sample("jol_hostile_characters_total")
    await feed_text(jol, u, "Паспорт\x00 забрали \ud83d в Казани")
    await jol.reply_containing(u, OPENED)
    async with jol.session() as session:
        case = await session.scalar(select(Case).where(Case.user_id == u))
        assert case is not None
    stored = await case_messages(jol, case.id)
    assert [m.text for m in stored] == ["Паспорт\ufffd забрали \ufffd в Казани"]
    assert Metrics().sample("jol_hostile_characters_total") == before + 2
    error = tr(jol, "ru")("error-generic")
    assert not [m for m in await jol.chat(u) if m.text == error]


@contextlib.asynccontextmanager
async def refusing_case_changes(jol: Harness) -> AsyncIterator[None]:
    """The database refuses the last write of "a new question" (noting that the person was
    told), a real DBAPIError as U+0000 gave: it fails at the transaction's final flush."""
    async with jol.session() as session:
        if jol.settings.database_url.startswith("postgresql"):
            await session.execute(
                text(
                    "CREATE FUNCTION jol_test_refuse() RETURNS trigger AS $$ "
                    "BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
                )
            )
            await session.execute(
                text(
                    "CREATE TRIGGER jol_test_refuse BEFORE UPDATE ON cases FOR EACH ROW "
                    "WHEN (NEW.person_acked_at IS DISTINCT FROM OLD.person_acked_at) "
                    "EXECUTE FUNCTION jol_test_refuse()"
                )
            )
        else:
            await session.execute(
                text(
                    "CREATE TRIGGER jol_test_refuse BEFORE UPDATE ON cases "
                    "WHEN NEW.person_acked_at IS NOT OLD.person_acked_at "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
    try:
        yield
    finally:
        async with jol.session() as session:
            await session.execute(text("DROP TRIGGER jol_test_refuse ON cases")) if (
                jol.settings.database_url.startswith("postgresql")
            ) else await session.execute(text("DROP TRIGGER jol_test_refuse"))
            if jol.settings.database_url.startswith("postgresql"):
                await session.execute(text("DROP FUNCTION jol_test_refuse()"))


async def test_a_refused_save_is_told_as_a_failure_never_as_saved(jol: Harness) -> None:
    u = await onboard(jol, "ru")
    await ask(jol, u, "ru", "documents")
    async with refusing_case_changes(jol):
        await jol.send(u, "Работодатель забрал паспорт")
    apology = await jol.reply_containing(u, "не сохранилось")
    assert tr(jol, "ru")("error-generic") == apology.text
    assert not [m for m in await jol.chat(u) if OPENED in (m.text or "")]
    async with jol.session() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0
    # Sent again once the database takes it: saved, and only now confirmed.
    await jol.send(u, "Работодатель забрал паспорт")
    await jol.reply_containing(u, OPENED)
    async with jol.session() as session:
        saved = await session.scalars(select(CaseMessage.text))
        assert list(saved) == ["Работодатель забрал паспорт"]


# ---------------------------------------------------------------- random updates

# Any Unicode, including NUL, lone surrogates, RTL marks, combining marks and emoji.
hostile = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), min_size=1, max_size=300
) | st.sampled_from(["\x00", "\ud800", "a\udfffb", "/start \x00", "/ask \ud83d", "‮" * 50])
# What a form upload can carry (aiohttp refuses to encode lone surrogates into multipart).
uploadable = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
shapes = st.one_of(
    st.tuples(st.just("text"), hostile),
    st.tuples(st.just("command"), st.sampled_from(["/start", "/ask", "/mydata", "/x"]), hostile),
    st.tuples(st.just("photo"), uploadable),
    st.tuples(st.just("document"), uploadable),
    st.tuples(st.just("button"), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("long"), st.integers(min_value=1, max_value=4096)),
    st.tuples(st.just("entities"), hostile, st.integers(0, 400), st.integers(0, 400)),
)


class Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def send_shape(jol: Harness, u: int, shape: tuple[Any, ...]) -> str | None:
    """Deliver one random update; returns the callback query id for a button press."""
    kind = shape[0]
    if kind == "text":
        if encodable(shape[1]) and shape[1].strip():
            await jol.send(u, shape[1])
        else:
            await feed_text(jol, u, shape[1])
    elif kind == "command":
        await feed_text(jol, u, f"{shape[1]} {shape[2]}"[:4000])
    elif kind == "photo":
        await jol.send_photo(u, png(), caption=shape[1] or None)
    elif kind == "document":
        await jol.send_document(u, "x.txt", b"hello", "text/plain", caption=shape[1] or None)
    elif kind == "button":
        data = shape[1].decode("utf-8", "replace")[:32] or "x"
        await jol.send(u, "/menu")
        pressed = await jol.emu.press_button(u, callback_data=data, forged=True)
        await jol.processed.wait(int(pressed["update_id"]))
        return str(pressed["callback_query_id"])
    elif kind == "long":
        await jol.send(u, "я" * shape[1])
    elif kind == "entities":
        # A shape no client sends: entities pointing anywhere, fed to the real dispatcher.
        await feed_text(
            jol,
            u,
            shape[1],
            [
                {"type": "bold", "offset": shape[2], "length": shape[3]},
                {"type": "text_link", "offset": 0, "length": 1, "url": "https://x.org"},
            ],
        )
    return None


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shape_list=st.lists(shapes, min_size=1, max_size=4))
async def test_random_updates_never_break_the_bot(
    jol: Harness, shape_list: list[tuple[Any, ...]]
) -> None:
    t = tr(jol, "ru")
    failures = Failures()
    logging.getLogger("jol.errors").addHandler(failures)
    try:
        u = await onboard(jol, "ru")
        await ask(jol, u, "ru", "documents")
        for shape in shape_list:
            callback = await send_shape(jol, u, shape)
            if callback is not None:  # 0 unanswered callbacks
                await jol.emu.wait_for_callback_answer(callback)
        # 0 unhandled errors: nothing failed, nobody got the apology.
        assert failures.count == 0
        chat = await jol.chat(u)
        assert not [m for m in chat if m.text == t("error-generic")]
        # 0 false "saved": every confirmation has its case stored.
        confirmed = [m for m in chat if OPENED in (m.text or "") or RECEIVED in (m.text or "")]
        async with jol.session() as session:
            stored = await session.scalar(
                select(func.count())
                .select_from(CaseMessage)
                .join(Case, Case.id == CaseMessage.case_id)
                .where(Case.user_id == u)
            )
        assert (stored or 0) >= len(confirmed)
    finally:
        logging.getLogger("jol.errors").removeHandler(failures)
