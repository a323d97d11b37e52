"""Webhook mode (the real `run_webhook` loop, in-process) on SQLite and PostgreSQL: the secret,
failures answered 500 and redelivered, poison updates given up, redeliveries not handled twice,
health/readiness/metrics, and draining on stop."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest
from aiogram.types import Update
from sqlalchemy import select, text

from bot.i18n import Catalog
from db.engine import create_engine, create_sessionmaker
from db.models import WebhookUpdate
from emulator.timeouts import scaled
from tests.production.conftest import WebhookJol, text_update

RU = Catalog.load().translator("ru")


async def started(jol: WebhookJol, uid: int) -> int:
    """The person presses Start; returns the update id once the reply is there."""
    await jol.client.create_user(uid, "Ann", language_code="ru")
    action = await jol.client.start(uid)
    await jol.client.wait_for_message(uid)
    return int(action["update_id"])


async def test_updates_flow_and_service_endpoints(webhook_jol: WebhookJol) -> None:
    jol = webhook_jol
    uid = 7_200_000_001
    await jol.client.create_user(uid, "Ann", language_code="ru")
    await jol.client.start(uid)
    reply = await jol.client.wait_for_message(uid)
    assert "Ann" in (reply.text or "")

    profile = await jol.client.bot_profile()
    assert profile["webhook"]["has_secret_token"] is True
    assert (await jol.get("/healthz"))[0] == 200
    assert (await jol.get("/readyz")) == (200, '{"ready": true}')
    status, body = await jol.get("/metrics")
    assert status == 200
    assert 'jol_updates_total{outcome="ok",type="message"} 1' in body
    assert 'jol_webhook_requests_total{result="ok"} 1' in body
    assert 'jol_update_handling_seconds_count{type="message"} 1' in body
    assert 'jol_outbox_messages{status="pending"}' in body
    assert "jol_metrics_database_up 1" in body


async def test_requests_without_the_secret_are_refused(webhook_jol: WebhookJol) -> None:
    jol = webhook_jol
    uid = 7_200_000_002
    await jol.client.create_user(uid, "Ann", language_code="ru")
    assert (await jol.post(text_update(900_001, uid, "/start"), secret=None))[0] == 401
    assert (await jol.post(text_update(900_002, uid, "/start"), secret="wrong"))[0] == 401
    assert (await jol.post({"no": "update"}))[0] == 400
    assert "chats" not in str(await jol.client.chats()) or uid not in [
        c["chat"]["id"] for c in await jol.client.chats()
    ]
    assert await jol.metric('jol_webhook_requests_total{result="unauthorized"}') == 2


async def test_a_failed_update_answers_500_and_is_handled_on_redelivery(
    webhook_jol: WebhookJol,
) -> None:
    jol = webhook_jol
    uid = 7_200_000_003
    await jol.client.create_user(uid, "Ann", language_code="ru")
    # The handler's reply fails once (Telegram 500): the update must come back, not vanish.
    await jol.client.script_fault("sendMessage", chat_id=uid, count=1, status=500)
    await jol.client.start(uid)
    reply = await jol.client.wait_for_message(uid)
    assert "Ann" in (reply.text or "")
    await jol.client.wait_for_event(lambda e: e["type"] == "webhook.delivered")
    texts = [m.text for m in await jol.client.bot_messages(uid)]
    # The greeting and the language picker, once each; no apology for the failed try.
    assert len(texts) == 2 and texts[0] == reply.text and RU("error-generic") not in texts
    assert (await jol.client.stats())["webhook_failures"] == 1
    assert await jol.metric('jol_webhook_requests_total{result="retry"}') == 1
    assert await jol.metric('jol_webhook_requests_total{result="ok"}') == 1


async def test_a_poison_update_is_given_up_and_the_person_told_once(
    webhook_jol: WebhookJol, sessionmaker: object
) -> None:
    jol = webhook_jol
    uid = 7_200_000_004
    await jol.client.create_user(uid, "Ann", language_code="ru")
    # Every delivery fails (WEBHOOK_MAX_DELIVERIES=3); the fourth send is the apology.
    await jol.client.script_fault("sendMessage", chat_id=uid, count=3, status=500)
    action = await jol.client.start(uid)
    notice = await jol.client.wait_for_message(uid)
    assert notice.text == RU("error-generic")
    await jol.client.wait_for_event(lambda e: e["type"] == "webhook.delivered")
    assert [m.text for m in await jol.client.bot_messages(uid)] == [RU("error-generic")]
    assert await jol.client.pending_updates() == []  # accepted: the chat is not stuck
    stats = await jol.client.stats()
    assert stats["webhook_failures"] == 2 and stats["webhook_deliveries"] == 1
    assert await jol.metric('jol_webhook_requests_total{result="gave_up"}') == 1

    engine = create_engine(jol.settings.database_url)
    async with create_sessionmaker(engine)() as session:
        row = await session.scalar(
            select(WebhookUpdate).where(WebhookUpdate.update_id == int(action["update_id"]))
        )
    await engine.dispose()
    assert row is not None and (row.done, row.failures) == (True, 3)


async def test_a_redelivered_update_is_not_handled_twice(webhook_jol: WebhookJol) -> None:
    jol = webhook_jol
    uid = 7_200_000_005
    first = await started(jol, uid)
    await jol.client.wait_for_event(lambda e: e["type"] == "webhook.delivered")
    per_start = len(await jol.client.bot_messages(uid))  # greeting and language picker

    # Telegram resends an update that was handled (its 200 got lost): nothing happens again.
    assert (await jol.post(text_update(first, uid, "/start")))[0] == 200
    assert len(await jol.client.bot_messages(uid)) == per_start

    # Two deliveries of a new update at once (a resend racing a slow first attempt): one reply.
    fresh = first + 1000
    answers = await asyncio.gather(*(jol.post(text_update(fresh, uid, "/start")) for _ in "ab"))
    assert [status for status, _ in answers] == [200, 200]
    assert len(await jol.client.bot_messages(uid)) == 2 * per_start
    assert await jol.metric('jol_webhook_requests_total{result="duplicate"}') == 2
    assert await jol.metric('jol_updates_total{outcome="duplicate"') == 2


async def test_a_press_is_answered_in_the_webhook_response(webhook_jol: WebhookJol) -> None:
    """The button's answer rides on the response to Telegram's request (Telegram makes the
    call): exactly one answer, and not a request of the bot's own."""
    jol = webhook_jol
    uid = 7_200_000_011
    first = await started(jol, uid)
    await jol.client.wait_for_event(
        lambda e: e["type"] == "webhook.delivered" and e["update_id"] == first
    )
    press = await jol.client.press_button(uid, callback_data="lang:ru")
    answer = await jol.client.wait_for_callback_answer(press["callback_query_id"])
    assert answer["text"] is None and not answer["show_alert"]
    delivered = await jol.client.wait_for_event(
        lambda e: e["type"] == "webhook.delivered" and e["update_id"] == press["update_id"],
        since=press["seq"],  # the reply is made after the delivery: the cursor is past it
    )
    assert delivered["reply"] == "answerCallbackQuery"
    assert (await jol.client.stats())["methods"]["answerCallbackQuery"] == 1
    # The press was handled: the next onboarding step is there.
    consent = await jol.client.wait_for_message(
        uid, lambda m: "ob:consent:yes" in m.callback_data, since=press["seq"]
    )
    assert consent.text

    # A message's update has no answer to give: its response carries no call.
    status, body = await jol.post(text_update(press["update_id"] + 1000, uid, "/help"))
    assert (status, body) == (200, "")


async def test_a_pressed_message_is_validated_without_the_buttons_it_echoes(
    webhook_jol: WebhookJol, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram sends the pressed message whole, buttons and formatting: the webhook validates
    it without them (bot/bot_session.py:drop_pressed_echoes), and the press is handled."""
    jol = webhook_jol
    uid = 7_200_000_012
    validated: list[dict[str, Any]] = []
    validate = Update.model_validate

    def recording(payload: Any, **kwargs: Any) -> Update:
        validated.append(copy.deepcopy(payload))
        return validate(payload, **kwargs)

    first = await started(jol, uid)
    await jol.client.wait_for_event(
        lambda e: e["type"] == "webhook.delivered" and e["update_id"] == first
    )
    monkeypatch.setattr(Update, "model_validate", recording)
    press = await jol.client.press_button(uid, callback_data="lang:ru")
    await jol.client.wait_for_message(
        uid, lambda m: "ob:consent:yes" in m.callback_data, since=press["seq"]
    )
    pressed = [p["callback_query"]["message"] for p in validated if "callback_query" in p]
    assert len(pressed) == 1
    assert pressed[0]["text"] and pressed[0]["chat"]["id"] == uid
    assert not {"reply_markup", "entities"} & set(pressed[0])


async def test_hostile_characters_sent_to_the_webhook_are_cleaned(webhook_jol: WebhookJol) -> None:
    """The webhook trusts a body without a NUL or lone-surrogate escape as clean; one with them
    is cleaned (and counted) before anything reads it."""
    jol = webhook_jol
    uid = 7_200_000_012
    await started(jol, uid)
    before = await jol.metric("jol_hostile_characters_total")
    assert (await jol.post(text_update(900_101, uid, "/help")))[0] == 200
    assert await jol.metric("jol_hostile_characters_total") == before
    # JSON escapes both (\u0000, \ud83d): what Telegram would send for them.
    assert (await jol.post(text_update(900_102, uid, "Паспорт\x00 забрали \ud83d")))[0] == 200
    assert await jol.metric("jol_hostile_characters_total") == before + 2


async def test_readiness_needs_current_migrations(webhook_jol: WebhookJol) -> None:
    jol = webhook_jol
    engine = create_engine(jol.settings.database_url)
    async with engine.begin() as conn:
        heads = list(await conn.scalars(text("SELECT version_num FROM alembic_version")))
    try:
        # As if a newer release's migrations had not been applied yet.
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM alembic_version"))
            await conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
        status, body = await jol.get("/readyz")
        assert status == 503 and "migrations" in body
        assert (await jol.get("/healthz"))[0] == 200  # alive all the same: no restart loop
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM alembic_version"))
            for head in heads:
                await conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
        await engine.dispose()
    assert (await jol.get("/readyz"))[0] == 200


async def test_stopping_finishes_requests_in_flight_and_refuses_new_ones(
    webhook_jol: WebhookJol,
) -> None:
    jol = webhook_jol
    uid = 7_200_000_006
    first = await started(jol, uid)
    await jol.client.wait_for_event(lambda e: e["type"] == "webhook.delivered")
    before = len(await jol.client.bot_messages(uid))
    await jol.client.script_fault("sendMessage", chat_id=uid, kind="delay", delay=1.5)
    in_flight = asyncio.create_task(jol.post(text_update(first + 1, uid, "/start")))
    await jol.client.wait_for_event(lambda e: e["type"] == "fault.fired")

    jol.stop.set()
    async with asyncio.timeout(scaled(10)):
        while (await jol.get("/readyz"))[0] != 503:
            await asyncio.sleep(0.02)
    assert (await jol.post(text_update(first + 2, uid, "/help")))[0] == 503

    assert (await in_flight)[0] == 200  # the update being handled finished and committed
    await jol.task
    texts = [m.text or "" for m in await jol.client.bot_messages(uid)]
    assert len(texts) == 2 * before and "Ann" in texts[before]  # the second /start, complete


async def test_malformed_updates_end_with_200_and_are_counted_as_ignored(
    webhook_jol: WebhookJol,
) -> None:
    jol = webhook_jol
    uid = 7_200_000_009
    await jol.client.create_user(uid, "Ann", language_code="ru")
    poison = [
        text_update(-5, uid, "/start"),  # negative update_id
        text_update(2**63, uid, "/start"),  # above int64: cannot even be counted in the DB
        text_update(10**30, uid, "/start"),
        {"update_id": 900_100, "some_future_update": {"x": 1}},  # no known type
        {"update_id": 900_101, "message": None},
        {"update_id": "900102", "message": {}},  # not a number
    ]
    for payload in poison:
        # Telegram would resend anything but a 2xx for a day: every one must end here.
        assert (await jol.post(payload))[0] == 200
    assert await jol.metric('jol_webhook_requests_total{result="ignored"}') == len(poison)
    # The bot is unharmed, and said nothing before: the next real update is handled.
    await jol.client.start(uid)
    assert "Ann" in ((await jol.client.wait_for_message(uid)).text or "")
    assert "Ann" in ((await jol.client.bot_messages(uid))[0].text or "")


async def test_an_update_ends_even_when_counting_its_failures_fails(
    webhook_jol: WebhookJol,
) -> None:
    jol = webhook_jol
    uid = 7_200_000_010
    await jol.client.create_user(uid, "Ann", language_code="ru")
    postgres = jol.settings.database_url.startswith("postgresql")
    engine = create_engine(jol.settings.database_url)
    # The database refuses every delivery record: the claim fails (so the update fails) and
    # so does counting the failure. It must still end after WEBHOOK_MAX_DELIVERIES (3).
    async with engine.begin() as conn:
        if postgres:
            await conn.execute(
                text(
                    "CREATE FUNCTION jol_test_refuse() RETURNS trigger AS $$ "
                    "BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
                )
            )
            await conn.execute(
                text(
                    "CREATE TRIGGER jol_test_refuse BEFORE INSERT ON webhook_updates "
                    "FOR EACH ROW EXECUTE FUNCTION jol_test_refuse()"
                )
            )
        else:
            await conn.execute(
                text(
                    "CREATE TRIGGER jol_test_refuse BEFORE INSERT ON webhook_updates "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
    try:
        await jol.client.start(uid)
        notice = await jol.client.wait_for_message(uid)
        assert notice.text == RU("error-generic")
        await jol.client.wait_for_event(lambda e: e["type"] == "webhook.delivered")
        assert await jol.client.pending_updates() == []
        assert (await jol.client.stats())["webhook_failures"] == 2
        assert await jol.metric('jol_webhook_requests_total{result="gave_up"}') == 1
    finally:
        async with engine.begin() as conn:
            if postgres:
                await conn.execute(text("DROP TRIGGER jol_test_refuse ON webhook_updates"))
                await conn.execute(text("DROP FUNCTION jol_test_refuse()"))
            else:
                await conn.execute(text("DROP TRIGGER jol_test_refuse"))
        await engine.dispose()
