"""Roles: ADMIN_IDS bootstraps admins, admins grant and revoke, everyone else is refused —
including a forged callback."""

from __future__ import annotations

from sqlalchemy import select

from bot.commands import set_staff_commands
from db.models import AuditEvent, User, UserRole
from db.queries.users import grant_role
from handlers.roles import RoleCb
from tests.harness import Harness


async def _roles(jol: Harness, user_id: int) -> set[str]:
    async with jol.session() as session:
        return set(await session.scalars(select(UserRole.role).where(UserRole.user_id == user_id)))


async def _refusals(jol: Harness, actor: int) -> list[str]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(AuditEvent.target).where(
                AuditEvent.actor_id == actor, AuditEvent.action == "refused"
            )
        )
        return list(rows)


async def test_admin_grants_and_revokes_from_the_chat(jol: Harness) -> None:
    admin = await jol.admin()
    colleague = await jol.user("ru", "Coordinator")
    await jol.start(colleague)  # has opened the bot, so their command menu can follow

    await jol.send(admin, f"/grant {colleague} coordinator")
    await jol.reply_containing(admin, f"{colleague}", "coordinator")
    assert await _roles(jol, colleague) == {"coordinator"}

    # Without a role name: buttons for every role; pressing one grants it.
    await jol.send(admin, f"/grant {colleague}")
    await jol.reply(admin, lambda m: "➕ staff" in m.button_texts)
    await jol.click(admin, "➕ staff")
    assert await _roles(jol, colleague) == {"coordinator", "staff"}
    await jol.click(admin, "➖ coordinator")
    assert await _roles(jol, colleague) == {"staff"}

    await jol.send(admin, "/roles")
    listing = await jol.reply_containing(admin, "Roles")
    assert f"{colleague} — staff" in (listing.text or "")

    await jol.send(admin, f"/revoke {colleague} staff")
    await jol.reply_containing(admin, "no longer staff")
    assert await _roles(jol, colleague) == set()

    async with jol.session() as session:
        actions = list(await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["role.grant", "role.grant", "role.revoke", "role.revoke"]


async def _menu(jol: Harness, user_id: int) -> set[str]:
    """The commands this person sees in the bot's menu."""
    return {c["command"] for c in (await jol.emu.commands(user_id=user_id))["effective"]}


async def test_a_granted_role_brings_its_menu_at_once_and_a_revoked_one_takes_it(
    jol: Harness,
) -> None:
    """No language or consent step is needed first: the menu follows the grant."""
    admin = await jol.admin()
    colleague = await jol.user("ru", "Coordinator")
    await jol.start(colleague)  # pressed Start, chose nothing yet
    assert "bookings" not in await _menu(jol, colleague)

    await jol.send(admin, f"/grant {colleague} coordinator")
    assert {"bookings", "hours", "cases"} <= await _menu(jol, colleague)
    await jol.send(admin, f"/grant {colleague} staff")
    assert {"broadcast", "bookings"} <= await _menu(jol, colleague)

    await jol.send(admin, f"/revoke {colleague} coordinator")
    menu = await _menu(jol, colleague)
    assert "broadcast" in menu and "bookings" not in menu
    await jol.send(admin, f"/revoke {colleague} staff")
    menu = await _menu(jol, colleague)
    assert not menu & {"broadcast", "bookings", "cases", "roles"}  # back to everyone's menu


async def test_start_up_sets_the_menus_of_admins_and_existing_staff(jol: Harness) -> None:
    admin = await jol.user("en", "Admin", user_id=jol.settings.admin_ids[0])
    staff = await jol.user("ru", "Staff")
    coordinator = await jol.user("ky", "Coordinator")
    async with jol.session() as session:
        await grant_role(session, staff, "staff", granted_by=0)
        await grant_role(session, coordinator, "coordinator", granted_by=0)
        session.add(User(id=coordinator, locale="ky"))
    for person in (admin, staff, coordinator):
        await jol.start(person)  # opened the bot once; the menu is set without another tap
    for person in (admin, staff, coordinator):
        assert "cases" not in await _menu(jol, person)

    count = await set_staff_commands(
        jol.bot, jol.sessionmaker, jol.catalog, jol.settings.admin_ids, "ky"
    )
    assert count == 3
    assert {"roles", "grant", "revoke"} <= await _menu(jol, admin)
    assert {"broadcast", "cases"} <= await _menu(jol, staff)
    assert {"bookings", "cases"} <= await _menu(jol, coordinator)
    menu = (await jol.emu.commands(user_id=coordinator))["effective"]
    described = {c["command"]: c["description"] for c in menu}
    assert described["bookings"] == jol.catalog.translator("ky")("cmd-bookings")


async def test_role_commands_validate_their_input(jol: Harness) -> None:
    admin = await jol.admin()
    await jol.send(admin, "/grant")
    await jol.reply_containing(admin, "/grant 123456789")
    await jol.send(admin, "/grant 5 emperor")
    await jol.reply_containing(admin, 'There is no role "emperor"')
    assert await _roles(jol, 5) == set()


async def test_plain_user_is_refused_and_it_is_audited(jol: Harness) -> None:
    u = await jol.user("ky")
    await jol.send(u, f"/grant {u} admin")
    await jol.reply_containing(u, "Борбордун кызматкерлери үчүн гана")
    await jol.send(u, "/roles")
    await jol.reply_containing(u, "Борбордун кызматкерлери үчүн гана")
    assert await _roles(jol, u) == set()
    assert await _refusals(jol, u) == ["roles.grant", "roles.list"]


async def test_forged_callback_from_a_plain_user_is_refused(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.send(u, "/help")
    await jol.reply(u)
    forged = RoleCb(action="grant", user_id=u, role="admin").pack()
    pressed = await jol.forge_click(u, forged)
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
    assert "only for the Center's staff" in (answer.get("text") or "")
    assert answer.get("show_alert") is True
    assert await _roles(jol, u) == set()
    assert await _refusals(jol, u) == ["roles.grant"]


async def test_staff_cannot_grant_roles(jol: Harness) -> None:
    staff = await jol.user("en")
    async with jol.session() as session:
        session.add(UserRole(user_id=staff, role="staff"))
    await jol.send(staff, f"/grant {staff} admin")
    await jol.reply_containing(staff, "only for the Center's staff")
    await jol.forge_click(staff, RoleCb(action="grant", user_id=staff, role="admin").pack())
    assert await _roles(jol, staff) == {"staff"}


async def test_stale_or_garbage_buttons_get_an_answer(jol: Harness) -> None:
    u = await jol.user("en")
    await jol.send(u, "/help")
    await jol.reply(u)
    pressed = await jol.forge_click(u, "zz:garbage")
    answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
    assert "out of date" in (answer.get("text") or "")
