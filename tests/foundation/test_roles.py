"""Roles: ADMIN_IDS bootstraps admins, admins grant and revoke, everyone else is refused —
including a forged callback."""

from __future__ import annotations

from sqlalchemy import select

from db.models import AuditEvent, UserRole
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
