"""Getting into the console: a one-time link from the bot, a session cookie, and every
refusal (a migrant, a used or expired link, a form without its token, a revoked role)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from db.clock import Clock
from db.models import ConsoleLoginToken, ConsoleSession, UserRole
from db.queries.console import PERSONAL_DATA, prune_spent
from handlers.console.web.kit import CONTENT_SECURITY_POLICY, CONTEXT, LOGIN_COOKIE, SESSION_COOKIE
from tests.console.conftest import PREFIX, Console, grant
from tests.harness import Harness


def text(jol: Harness, key: str) -> str:
    return jol.catalog.translator(jol.settings.default_locale)(key)


async def staff_member(jol: Harness, role: str = "staff", lang: str = "en") -> int:
    user_id = await jol.user(lang, "Staff")
    await grant(jol, user_id, role)
    return user_id


async def test_staff_signs_in_with_the_link_from_the_bot(console: Console, jol: Harness) -> None:
    user_id = await staff_member(jol)
    token = await console.link_token(user_id)
    # Opening the link (as a link preview would) does not spend it.
    for _ in range(2):
        page, form_token = await console.open_link(token)
        assert page.status == 200
        assert form_token
    signed_in = await console.post(f"/login/{token}", {"csrf": form_token})
    assert signed_in.status == 303
    assert signed_in.headers["Location"] == f"{PREFIX}/"
    cookie = signed_in.cookies[SESSION_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == PREFIX
    assert not cookie["secure"]  # plain http here; Secure behind HTTPS (test below)

    dashboard = await console.get("/")
    assert dashboard.status == 200
    assert dashboard.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert dashboard.headers["Cache-Control"] == "no-store"
    assert dashboard.headers["Referrer-Policy"] == "same-origin"
    async with jol.session() as session:
        [row] = await session.scalars(select(ConsoleSession))
        assert row.user_id == user_id
        # Only a hash is stored, never the cookie itself.
        assert cookie.value not in (row.id_hash, row.csrf)


async def test_secure_cookie_behind_https(console: Console, jol: Harness) -> None:
    console_app = console.client.server.app._subapps[0]  # type: ignore[attr-defined]
    context = console_app[CONTEXT]
    context.settings = context.settings.model_copy(
        update={"console_url": "https://jol.example.org/console"}
    )
    user_id = await staff_member(jol, "coordinator")
    token = await console.link_token(user_id)
    page, form_token = await console.open_link(token)
    assert page.cookies[LOGIN_COOKIE]["secure"] is True
    # A browser sends a Secure cookie only over HTTPS; this test client is told to.
    signed_in = await console.client.post(
        f"{PREFIX}/login/{token}",
        data={"csrf": form_token},
        headers={"Cookie": f"{LOGIN_COOKIE}={form_token}"},
        allow_redirects=False,
    )
    assert signed_in.status == 303
    assert signed_in.cookies[SESSION_COOKIE]["secure"] is True


async def test_a_migrant_gets_no_link(console: Console, jol: Harness) -> None:
    migrant = await jol.user("ky", "Aigul")
    await jol.send(migrant, "/console")
    reply = await jol.last(migrant)
    assert reply.text == jol.catalog.translator("ky")("access-denied")
    async with jol.session() as session:
        assert list(await session.scalars(select(ConsoleLoginToken))) == []
    # And no page opens without a session.
    assert (await console.get("/")).status == 401
    assert (await console.get("/week")).status == 401


async def test_a_used_link_is_refused(console: Console, jol: Harness) -> None:
    user_id = await staff_member(jol)
    token = await console.link_token(user_id)
    _page, form_token = await console.open_link(token)
    assert (await console.post(f"/login/{token}", {"csrf": form_token})).status == 303
    console.client.session.cookie_jar.clear()
    again, _ = await console.open_link(token)
    assert again.status == 403
    assert text(jol, "console-login-used") in await again.text()
    # Even with the form and its cookie kept from the first time.
    replay = await console.client.post(
        f"{PREFIX}/login/{token}",
        data={"csrf": form_token},
        headers={"Cookie": f"{LOGIN_COOKIE}={form_token}"},
        allow_redirects=False,
    )
    assert replay.status == 403
    assert text(jol, "console-login-used") in await replay.text()
    assert SESSION_COOKIE not in replay.cookies


async def test_an_expired_link_is_refused(console: Console, jol: Harness, clock: Clock) -> None:
    user_id = await staff_member(jol)
    token = await console.link_token(user_id)
    _page, form_token = await console.open_link(token)
    clock.travel(clock.now() + timedelta(minutes=10, seconds=1))
    refused = await console.post(f"/login/{token}", {"csrf": form_token})
    assert refused.status == 403
    assert text(jol, "console-login-expired") in await refused.text()
    assert SESSION_COOKIE not in refused.cookies


async def test_a_link_is_bound_to_its_person(console: Console, jol: Harness) -> None:
    """The link signs in the person it was sent to, whoever opens it: if that person lost the
    role meanwhile, nobody gets in with it."""
    user_id = await staff_member(jol)
    token = await console.link_token(user_id)
    _page, form_token = await console.open_link(token)
    async with jol.session() as session:
        await session.execute(delete(UserRole).where(UserRole.user_id == user_id))
    refused = await console.post(f"/login/{token}", {"csrf": form_token})
    assert refused.status == 403
    assert SESSION_COOKIE not in refused.cookies


async def test_posts_without_the_csrf_token_are_refused(console: Console, jol: Harness) -> None:
    user_id = await staff_member(jol)
    token = await console.link_token(user_id)
    _page, form_token = await console.open_link(token)
    # The sign-in form without its token, or with another one.
    assert (await console.post(f"/login/{token}", {})).status == 403
    assert (await console.post(f"/login/{token}", {"csrf": "forged"})).status == 403
    # The link was not spent by those: the real form still signs in.
    assert (await console.post(f"/login/{token}", {"csrf": form_token})).status == 303
    # Signed in: signing out without the session's token is refused and changes nothing.
    assert (await console.post("/logout", {})).status == 403
    assert (await console.post("/logout", {"csrf": form_token})).status == 403
    assert (await console.get("/")).status == 200
    signed_out = await console.post("/logout", {"csrf": await console.csrf()})
    assert signed_out.status == 303
    assert (await console.get("/")).status == 401


async def test_revoking_the_role_ends_the_session_at_once(console: Console, jol: Harness) -> None:
    user_id = await staff_member(jol, "coordinator")
    assert (await console.sign_in(user_id)).status == 303
    assert (await console.get("/")).status == 200
    async with jol.session() as session:
        await session.execute(delete(UserRole).where(UserRole.user_id == user_id))
    assert (await console.get("/")).status == 401
    # Ended for good: granting the role again does not bring this session back.
    await grant(jol, user_id, "coordinator")
    assert (await console.get("/")).status == 401
    async with jol.session() as session:
        [row] = await session.scalars(select(ConsoleSession))
        assert row.ended_at is not None


async def test_the_session_ends_after_8_hours_idle(
    console: Console, jol: Harness, clock: Clock
) -> None:
    user_id = await staff_member(jol)
    assert (await console.sign_in(user_id)).status == 303
    clock.travel(clock.now() + timedelta(hours=7, minutes=59))
    assert (await console.get("/")).status == 200  # in use: the 8 hours start again
    clock.travel(clock.now() + timedelta(hours=7, minutes=59))
    assert (await console.get("/")).status == 200
    clock.travel(clock.now() + timedelta(hours=8))
    assert (await console.get("/")).status == 401


async def test_deletemydata_erases_links_and_sessions(console: Console, jol: Harness) -> None:
    """A staff member's sign-in links and sessions are personal data: exported for /mydata,
    erased by /deletemydata (and the session stops working)."""
    user_id = await staff_member(jol)
    assert (await console.sign_in(user_id)).status == 303
    await console.link_token(user_id)  # one more link, never used
    async with jol.session() as session:
        [section] = PERSONAL_DATA
        exported = await section.export(session, user_id)
    assert [link["used"] for link in exported["sign_in_links"]] == [True, False]
    assert len(exported["sessions"]) == 1
    assert jol.catalog.translator("en")("mydata-section-console") != "mydata-section-console"
    await jol.send(user_id, "/deletemydata")
    await jol.click(user_id, jol.catalog.translator("en")("erase-yes"))
    async with jol.session() as session:
        tokens = list(await session.scalars(select(ConsoleLoginToken)))
        sessions = list(await session.scalars(select(ConsoleSession)))
    assert (tokens, sessions) == ([], [])
    assert (await console.get("/")).status == 401


async def test_spent_links_and_ended_sessions_are_pruned(
    console: Console, jol: Harness, clock: Clock
) -> None:
    """The hourly job deletes what can no longer be used: spent or expired links, and ended or
    idle sessions; a live link and a live session stay."""
    from handlers.console import FEATURE
    from handlers.console.jobs import JOBS

    assert set(JOBS) <= set(FEATURE.jobs)
    first, second = await staff_member(jol), await staff_member(jol)
    assert (await console.sign_in(first)).status == 303  # a spent link, a session
    clock.travel(clock.now() + timedelta(hours=8))  # that session is now idle for good
    await console.link_token(first)  # a link that will expire
    clock.travel(clock.now() + timedelta(minutes=11))
    live_link = await console.link_token(second)
    async with jol.session() as session:
        assert await prune_spent(session, clock.now()) == (2, 1)
    async with jol.session() as session:
        tokens = list(await session.scalars(select(ConsoleLoginToken)))
        sessions = list(await session.scalars(select(ConsoleSession)))
    assert [t.user_id for t in tokens] == [second] and sessions == []
    _page, form_token = await console.open_link(live_link)  # the live link still works
    assert (await console.post(f"/login/{live_link}", {"csrf": form_token})).status == 303
    async with jol.session() as session:
        assert await prune_spent(session, clock.now()) == (1, 0)  # spent now; its session lives
