"""Every staff action declares its role (bot.access.declare_role); none checks it by hand.

What a staff action is, by rules that a new handler cannot slip past:
- a command from a staff command menu (bot/commands.py: CONSULTANT_, STAFF_, COORDINATOR_ and
  ADMIN_COMMANDS); and every command any handler answers is in some menu (or HIDDEN_COMMANDS);
- a button of a staff CallbackData class; and every CallbackData class of the handlers is
  sorted into STAFF_CALLBACKS or PEOPLE_CALLBACKS here;
- a step of a staff dialogue (a state of a StatesGroup); and every StatesGroup of the handlers
  is sorted into STAFF_STATES or PEOPLE_STATES here;
- anything that answers only in the consultants' forum group (chat scope "staff").
A staff action must sit under a router (its own or an ancestor) that declares a role, and no
declared role may open it wider than its menu / class / group says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from sqlalchemy import delete, select

import handlers
from bot import commands
from bot.access import declare_role, declared_roles
from bot.aiogram_compat import router_filters
from bot.filters import ChatScope
from db.models import AuditEvent, FsmRecord, UserRole
from domain.roles import Role
from handlers import build_root_router
from handlers.broadcast.callbacks import BcCb
from handlers.contract.callbacks import AgImpCb
from handlers.roles import RoleCb
from tests.contract.helpers import FIXTURE_CSV, grant
from tests.foundation.helpers import onboard
from tests.harness import Harness

CONSULTANT = frozenset({Role.STAFF, Role.COORDINATOR})
STAFF = frozenset({Role.STAFF})
COORDINATOR = frozenset({Role.COORDINATOR})
ADMIN = frozenset({Role.ADMIN})

STAFF_COMMANDS: dict[str, frozenset[Role]] = {
    **dict.fromkeys(commands.CONSULTANT_COMMANDS, CONSULTANT),
    **dict.fromkeys(commands.STAFF_COMMANDS, STAFF),
    **dict.fromkeys(commands.COORDINATOR_COMMANDS, COORDINATOR),
    **dict.fromkeys(commands.ADMIN_COMMANDS, ADMIN),
}
HIDDEN_COMMANDS: frozenset[str] = frozenset()  # answered, but in no menu

STAFF_CALLBACKS: dict[str, frozenset[Role]] = {
    "handlers.broadcast.callbacks.BcCb": STAFF,
    "handlers.contract.callbacks.AgImpCb": STAFF,
    "handlers.booking.callbacks.CoCb": COORDINATOR,
    "handlers.booking.callbacks.HrCb": COORDINATOR,
    "handlers.ask.callbacks.CaseCb": CONSULTANT,
    "handlers.roles.RoleCb": ADMIN,
}
PEOPLE_CALLBACKS = {
    "handlers.menu.MenuCb",
    "handlers.reminders.callbacks.RemCb",
    "handlers.privacy.EraseCb",
    "handlers.ask.callbacks.AskCb",
    "handlers.ask.callbacks.AskStepCb",
    "handlers.ask.callbacks.MyCaseCb",
    "handlers.booking.callbacks.BookCb",
    "handlers.booking.callbacks.BkCb",
    "handlers.contract.callbacks.CkCb",
    "handlers.contract.callbacks.AgCb",
    "handlers.settings.SetCb",
    "handlers.onboarding.LangCb",
    "handlers.onboarding.ObCb",
    "handlers.guides.callbacks.GuideCb",
    "handlers.guides.callbacks.SosCb",
    "handlers.broadcast.callbacks.NewsCb",
}
STAFF_STATES: dict[str, frozenset[Role]] = {
    "handlers.broadcast.compose.BroadcastFlow": STAFF,
    "handlers.contract.staff.ImportAgencies": STAFF,
    "handlers.booking.review.CoInput": COORDINATOR,
    "handlers.booking.hours.HoursInput": COORDINATOR,
    "handlers.ask.staff.StaffFlow": CONSULTANT,
}
PEOPLE_STATES = {
    "handlers.ask.person.AskFlow",
    "handlers.booking.flow.BookingFlow",
    "handlers.contract.agency.AgencySearch",
    "handlers.onboarding.Onboarding",
    "handlers.guides.search.GuideSearch",
}

# Routers whose staff handlers still check the role by hand (this list only shrinks; it is
# empty now). A router named here may hold staff handlers without a declaration.
NOT_YET_DECLARED: set[str] = set()
# Where the role depends on runtime data, so `bot.access.allowed` stays inside the handler:
# the staff forum group's messages are consultants' replies only inside a case's topic; every
# other message there (colleagues' chat, service messages, other bots) is ignored silently.
RUNTIME_CHECKED = {"handlers.ask.forum"}


def qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@dataclass(frozen=True)
class Handler:
    router: str
    observer: str
    name: str
    needs: frozenset[Role] | None  # the narrowest role set its staff parts call for; None: public
    why: tuple[str, ...]  # what makes it a staff action
    gates: tuple[frozenset[Role], ...]  # roles declared on its router and the routers above


def parts(flt: FilterObject | object) -> Iterator[object]:
    """The filter objects inside a handler's filter, through and/or/not combinations."""
    callback = getattr(flt, "callback", flt)
    yield callback
    for inner in getattr(callback, "targets", ()) or ():
        yield from parts(inner)
    target = getattr(callback, "target", None)
    if target is not None:
        yield from parts(target)


def commands_in(callback: object) -> Iterator[str]:
    if isinstance(callback, Command):
        for command in callback.commands:
            if isinstance(command, re.Pattern):
                raise AssertionError(f"a command pattern can't be checked: {command.pattern}")
            yield getattr(command, "command", command)


def groups_in(callback: object) -> Iterator[type[StatesGroup]]:
    states = callback.states if isinstance(callback, StateFilter) else (callback,)
    for state in states:
        if isinstance(state, State) and state.group is not None:
            yield state.group
        elif isinstance(state, type) and issubclass(state, StatesGroup):
            yield state


def staff_needs(filters: list[FilterObject]) -> tuple[frozenset[Role] | None, tuple[str, ...]]:
    needs: list[frozenset[Role]] = []
    why: list[str] = []
    chats = set(ChatScope.SCOPES)
    for flt in filters:
        for callback in parts(flt):
            if isinstance(callback, ChatScope):
                chats &= callback.scopes
            for command in commands_in(callback):
                known = command in STAFF_COMMANDS or command in commands.USER_COMMANDS
                assert known or command in HIDDEN_COMMANDS, f"/{command} is in no command menu"
                if command in STAFF_COMMANDS:
                    needs.append(STAFF_COMMANDS[command])
                    why.append(f"/{command}")
            if isinstance(callback, CallbackQueryFilter):
                name = qualname(callback.callback_data)
                if name in STAFF_CALLBACKS:
                    needs.append(STAFF_CALLBACKS[name])
                    why.append(name)
            for group in groups_in(callback):
                name = qualname(group)
                if name in STAFF_STATES:
                    needs.append(STAFF_STATES[name])
                    why.append(name)
    if chats and chats <= {"staff"}:
        needs.append(CONSULTANT)
        why.append("the staff chat")
    if not needs:
        return None, ()
    return frozenset.intersection(*needs), tuple(why)


def walk(
    router: Router,
    gates: dict[str, tuple[frozenset[Role], ...]] | None = None,
    filters: dict[str, list[FilterObject]] | None = None,
) -> Iterator[Handler]:
    """Every handler of the tree, with the roles declared above it and the router filters."""
    gates, filters = gates or {}, filters or {}
    here_gates: dict[str, tuple[frozenset[Role], ...]] = {}
    here_filters: dict[str, list[FilterObject]] = {}
    for name, observer in router.observers.items():
        if name in ("error", "update"):
            continue
        declared = declared_roles(router, name)
        here_gates[name] = gates.get(name, ()) + ((declared,) if declared else ())
        here_filters[name] = filters.get(name, []) + router_filters(observer)
        for handler in observer.handlers:
            needs, why = staff_needs(here_filters[name] + list(handler.filters or ()))
            callback_name = getattr(handler.callback, "__name__", "?")
            yield Handler(router.name, name, callback_name, needs, why, here_gates[name])
    for child in router.sub_routers:
        yield from walk(child, here_gates, here_filters)


def undeclared(root: Router, exempt: set[str]) -> list[str]:
    """Staff handlers without a declared role, or declared wider than they may be."""
    problems = []
    for h in walk(root):
        if h.needs is None or h.router in exempt:
            continue
        where = f"{h.router}.{h.name} ({h.observer}: {', '.join(h.why)})"
        if not h.gates:
            problems.append(f"{where} declares no role")
        for gate in h.gates:
            if not gate <= h.needs:
                problems.append(f"{where} lets {sorted(gate - h.needs)} in")
    return problems


def test_every_staff_handler_declares_its_role() -> None:
    root = build_root_router()
    found = list(walk(root))
    assert len(found) > 100  # the walk reached every feature
    assert [h for h in found if h.needs is not None]  # and found staff actions
    assert undeclared(root, NOT_YET_DECLARED | RUNTIME_CHECKED) == []


def test_the_exemptions_are_still_needed() -> None:
    """A router that now declares its role (or has no staff handler) leaves the lists."""
    found = list(walk(build_root_router()))
    routers = {h.router for h in found}
    assert routers >= NOT_YET_DECLARED | RUNTIME_CHECKED, "a listed router no longer exists"
    for router in NOT_YET_DECLARED:
        staff = [h for h in found if h.router == router and h.needs is not None]
        assert staff, f"{router} has no staff handler: drop it from NOT_YET_DECLARED"
        assert not all(h.gates for h in staff), f"{router} is declared: drop it from the list"


def test_every_callback_and_dialogue_of_the_handlers_is_sorted() -> None:
    """A new CallbackData class or StatesGroup must be called staff or people's here."""
    build_root_router()  # imports every feature module

    def subclasses(cls: type) -> Iterator[type]:
        sub: type
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    mine = [c for c in subclasses(CallbackData) if c.__module__.startswith(handlers.__name__)]
    assert {qualname(c) for c in mine} == set(STAFF_CALLBACKS) | PEOPLE_CALLBACKS
    groups = [g for g in subclasses(StatesGroup) if g.__module__.startswith(handlers.__name__)]
    assert {qualname(g) for g in groups} == set(STAFF_STATES) | PEOPLE_STATES


@pytest.mark.parametrize("command", ["broadcast", "grant", "bookings"])
def test_a_new_staff_command_without_a_declaration_fails_the_walk(command: str) -> None:
    """The walk itself can fail: a staff command added without declare_role is caught, with
    a declaration it passes, and a declaration wider than the menu is caught."""

    async def new_tool() -> None: ...

    def root_with(roles: tuple[Role, ...]) -> Router:
        root = build_root_router()
        extra = Router(name="tests.new_tool")
        extra.message(Command(command))(new_tool)
        if roles:
            declare_role(extra, *roles)
        root.include_router(extra)
        return root

    exempt = NOT_YET_DECLARED | RUNTIME_CHECKED
    assert [p for p in undeclared(root_with(()), exempt) if "tests.new_tool" in p] != []
    right = tuple(STAFF_COMMANDS[command])
    assert [p for p in undeclared(root_with(right), exempt) if "tests.new_tool" in p] == []
    wide = (*right, Role.STAFF, Role.COORDINATOR)
    if set(wide) != set(right):
        assert [p for p in undeclared(root_with(wide), exempt) if "tests.new_tool" in p] != []


def test_a_router_declares_one_role_set() -> None:
    """Declaring again (tests build many dispatchers) adds no second gate; declaring other
    roles on the same router is a mistake, caught at start-up."""
    router = Router(name="tests.twice")
    declare_role(router, Role.STAFF)
    declare_role(router, Role.STAFF)
    gates = [len(router.observers[name].middleware) for name in ("message", "callback_query")]
    assert gates == [1, 1]
    assert declared_roles(router, "message") == STAFF
    with pytest.raises(ValueError, match="already declares"):
        declare_role(router, Role.ADMIN)


# ---------------------------------------------------------------- the gate, end to end

DENIED = "only for the Center's staff"
# (what a plain person sends, the action audited): one per declared router.
STAFF_TRIES = [
    ("/broadcast", "broadcast.compose"),
    ("/broadcasts", "broadcast.history"),
    ("/import_agencies", "import_agencies"),
    ("/check_stats", "check_stats"),
    ("/content_status", "content_status"),
    ("/content_checked russia/entry_ban", "content_checked"),
    ("/reload_content", "reload_content"),
    ("/roles", "roles.list"),
    ("/revoke 1 staff", "roles.revoke"),
]
FORGED = [
    (BcCb(a="txt", i=1, v="ru").pack(), "broadcast.compose"),
    (BcCb(a="prev", i=1).pack(), "broadcast.preview"),
    (BcCb(a="card", i=1).pack(), "broadcast.history"),
    (BcCb(a="ok", i=1).pack(), "broadcast.approve"),
    (BcCb(a="pause", i=1).pack(), "broadcast.pause"),
    (AgImpCb(a="apply", id=1).pack(), "import_agencies"),
    (RoleCb(action="grant", user_id=1, role="admin").pack(), "roles.grant"),
]


async def _refusals(jol: Harness, actor: int) -> list[str | None]:
    async with jol.session() as session:
        rows = await session.scalars(
            select(AuditEvent.target)
            .where(AuditEvent.action == "refused", AuditEvent.actor_id == actor)
            .order_by(AuditEvent.id)
        )
        return list(rows)


async def test_a_plain_persons_staff_commands_and_forged_buttons_are_refused(
    jol: Harness,
) -> None:
    u = await onboard(jol)
    for text, _ in STAFF_TRIES:
        before = len(await jol.chat(u))
        await jol.send(u, text)
        answers = (await jol.chat(u))[before:]
        assert [DENIED in (m.text or "") for m in answers] == [True], text
    for data, _ in FORGED:
        before = len(await jol.chat(u))
        pressed = await jol.forge_click(u, data)
        answer = await jol.emu.wait_for_callback_answer(pressed["callback_query_id"])
        assert answer["show_alert"] and DENIED in answer["text"], data
        assert len(await jol.chat(u)) == before, data  # no screen: the handler never ran
    expected = [action for _, action in STAFF_TRIES + FORGED]
    assert await _refusals(jol, u) == expected
    async with jol.session() as session:
        assert (await session.scalars(select(UserRole))).all() == []


async def test_a_role_taken_away_mid_dialogue_ends_the_dialogue(jol: Harness) -> None:
    """The gate refuses a step of a staff dialogue begun while the person held the role, and
    the dialogue ends (the state is cleared), so their next words are theirs again."""
    u = await jol.user("en", "Staff")
    await grant(jol, u, "staff")
    await jol.send(u, "/import_agencies")
    await jol.reply_containing(u, "name;permit_number")
    async with jol.session() as session:
        await session.execute(delete(UserRole).where(UserRole.user_id == u))
    await jol.send_document(u, "agencies.csv", FIXTURE_CSV, "text/csv")
    assert DENIED in ((await jol.last(u)).text or "")
    assert await _refusals(jol, u) == ["import_agencies"]
    async with jol.session() as session:
        states = await session.scalars(select(FsmRecord.state).where(FsmRecord.user_id == u))
        assert set(states) <= {None}
