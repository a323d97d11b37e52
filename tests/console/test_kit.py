"""The web kit as a section (the guide editor) uses it: `@requires` refuses other roles and
audits it; `audit_change` records who changed what, before and after; forms need the token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import CookieJar, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from db.models import AuditEvent
from domain.roles import Role
from handlers.console.web import (
    Section,
    audit_change,
    redirect,
    render,
    requires,
    staff_of,
    transaction,
)
from handlers.console.web.app import build_console_app, default_sections
from tests.console.conftest import PREFIX, Console, grant
from tests.harness import Harness


@requires(Role.STAFF)
async def notes(request: web.Request) -> web.StreamResponse:
    return await render(request, "error.html", message_key="console-title")


@requires(Role.STAFF)
async def save(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    async with transaction(request) as session:
        await audit_change(
            session,
            staff_of(request),
            "note-save",
            "note:1",
            before={"text": "old"},
            after={"text": str(form["text"])},
        )
    raise redirect(request, "notes")


def routes() -> list[web.AbstractRouteDef]:
    return [web.get("/notes", notes, name="notes"), web.post("/notes", save, name="notes-save")]


NOTES = Section(
    name="notes", nav_key="console-title", nav_route="notes", routes=routes, roles=(Role.STAFF,)
)


@pytest.fixture
async def kit_console(jol: Harness) -> AsyncIterator[Console]:
    app = web.Application()
    app.add_subapp(PREFIX, build_console_app(jol.runtime, (*default_sections(), NOTES)))
    client = TestClient(TestServer(app), cookie_jar=CookieJar(unsafe=True))
    await client.start_server()
    try:
        yield Console(jol, client)
    finally:
        await client.close()


async def test_requires_refuses_other_roles_and_audits(kit_console: Console, jol: Harness) -> None:
    coordinator = await jol.user("en", "Coordinator")
    await grant(jol, coordinator, "coordinator")
    assert (await kit_console.sign_in(coordinator)).status == 303
    dashboard = await (await kit_console.get("/")).text()
    assert f'href="{PREFIX}/notes"' not in dashboard  # not in their navigation either
    assert (await kit_console.get("/notes")).status == 403
    token = await kit_console.csrf()
    assert (await kit_console.post("/notes", {"csrf": token, "text": "new"})).status == 403
    async with jol.session() as session:
        refused = list(
            await session.scalars(
                select(AuditEvent).where(
                    AuditEvent.actor_id == coordinator, AuditEvent.action == "refused"
                )
            )
        )
        assert {e.target for e in refused} == {f"console:{PREFIX}/notes"}
        assert not list(
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "note-save"))
        )


async def test_audit_change_records_before_and_after(kit_console: Console, jol: Harness) -> None:
    staff = await jol.user("en", "Staff")
    await grant(jol, staff, "staff")
    assert (await kit_console.sign_in(staff)).status == 303
    assert f'href="{PREFIX}/notes"' in await (await kit_console.get("/")).text()
    assert (await kit_console.post("/notes", {"text": "new"})).status == 403  # no token
    saved = await kit_console.post("/notes", {"csrf": await kit_console.csrf(), "text": "new"})
    assert saved.status == 303
    assert saved.headers["Location"] == f"{PREFIX}/notes"
    async with jol.session() as session:
        [event] = await session.scalars(select(AuditEvent).where(AuditEvent.action == "note-save"))
    assert event.actor_id == staff
    assert event.target == "note:1"
    assert event.at is not None
    assert event.detail == {"via": "console", "before": {"text": "old"}, "after": {"text": "new"}}
