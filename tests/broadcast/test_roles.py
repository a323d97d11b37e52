"""Only staff and admins run broadcasts; the staff routers declare the role (one gate checks
it before any handler runs), so a forged button from anyone else changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from tests.broadcast.helpers import (
    broadcast_row,
    onboarded,
    russian_draft,
    send_now,
    staff,
    tr,
    wait_status,
)
from tests.harness import Harness

FORGED = ["go", "ok", "no", "pause", "resume", "cancelyes", "txt", "lang", "card", "prev", "del"]


async def test_plain_people_and_coordinators_are_refused(jol: Harness) -> None:
    person = await onboarded(jol, "ru")
    coordinator = await staff(jol, "ru", role="coordinator")
    denied = tr(jol, "ru")("access-denied")
    for uid in (person, coordinator):
        await jol.send(uid, "/broadcast")
        assert (await jol.last(uid)).text == denied
        await jol.send(uid, "/broadcasts")
        assert (await jol.last(uid)).text == denied
    async with jol.session() as session:
        refused = list(
            await session.scalars(select(AuditEvent.target).where(AuditEvent.action == "refused"))
        )
    assert refused.count("broadcast.compose") == 2 and refused.count("broadcast.history") == 2


@pytest.mark.parametrize("action", FORGED)
async def test_forged_buttons_from_a_plain_user_change_nothing(jol: Harness, action: str) -> None:
    author, _, broadcast_id = await russian_draft(jol, 2, "Текст")
    if action in ("pause", "resume", "cancelyes"):
        await send_now(jol, author, broadcast_id)
    before = await broadcast_row(jol, broadcast_id)
    intruder = await onboarded(jol, "ru")
    value = "ru" if action in ("txt", "lang") else ""
    pressed = await jol.forge_click(intruder, f"bc:{action}:{broadcast_id}:{value}")
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"], since=0)
    assert answer["show_alert"] and answer["text"] == tr(jol, "ru")("access-denied")
    after = await broadcast_row(jol, broadcast_id)
    if action not in ("pause", "resume", "cancelyes"):
        assert after.status == before.status and after.languages == before.languages
    else:
        assert (await wait_status(jol, broadcast_id, "done")).sent == 2  # not paused/cancelled
    assert not [m for m in await jol.chat(intruder) if "Текст" in (m.text or "")]
    async with jol.session() as session:
        refusals = await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "refused", AuditEvent.actor_id == intruder
            )
        )
        assert [e.target for e in refusals] and all(
            (e.target or "").startswith("broadcast.") for e in refusals
        )


async def test_admins_may_broadcast(jol: Harness) -> None:
    admin = await jol.admin()
    await jol.start(admin)
    await jol.click(admin, "English")
    await jol.click(admin, tr(jol, "en")("consent-decline"))
    await jol.send(admin, "/broadcast")
    assert "Broadcast #" in ((await jol.last(admin)).text or "")
