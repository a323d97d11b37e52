"""Button presses and typed messages go straight to the routers that can take them.

aiogram tries a callback query on every router in order, and on each router every handler's
filters, until one matches. With ~130 button handlers that was up to ~90 filter checks (each
parsing the button's data, most failing with an exception) before a reminders button found its
handler; aiogram's routing machinery was about a tenth of the bot's CPU in `bench/updates.py`.

Each button handler here filters on a `CallbackData` class, so a router's handlers can only
take data whose first part is one of their classes' prefixes. `gate_routers` gives every such
router a root filter that lets through only data with one of the prefixes of the router and
its sub-routers: the other routers are passed over with one set lookup. A router with any
button handler that is not known this way (a catch-all such as the fallback) gets no gate,
nor do the routers above it, so the order of handling and what answers a press never change.

Typed messages the same way (`TypedGate`): most message handlers take only a command, or only
text typed in some conversation states (a booking's name, a question for the Center), so a
router whose every message handler is known so is passed over by a message its handlers
cannot take, judged by the conversation state and whether the text is a command. Search typed
as free text passed through some 40 routers' message filters on its way to the search router.
A handler with any other kind of condition (a text from the reply keyboard, a staff chat)
counts as taking anything, and so do its router and the routers above it.

Inside a router a press is tried on each button handler in turn: for each, aiogram ran its
filters, and the button filter parsed the data only to fail (with an exception) on another
handler's prefix. `prefix_first` compares the prefix before anything else, so a press
reaches the filters of the handlers of its own kind only (about 14 handler checks per update
in `bench/hotpath.py` before).

Most button handlers take one action of their kind (`BkCb.filter(F.a == "day")`), and a kind
has up to two dozen of them: a press on the last one still had its data unpacked into a
model (a pydantic validation) and the rule resolved by every handler before it. Where the
rule only compares one text field with literals (`==` or `.in_`), `prefix_first` compares
that part of the data first (`_wanted_values`), and the unpacking happens only for the
handler that takes the press.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Awaitable, Callable
from inspect import isclass, unwrap
from typing import Any, TypeVar, cast

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter
from magic_filter.operations import ComparatorOperation, FunctionOperation, GetAttributeOperation
from magic_filter.util import in_op

from bot.aiogram_compat import router_filters

G = TypeVar("G", bound=Filter)


class ButtonPrefixes(Filter):
    """True for a press whose data starts with one of the prefixes (per separator)."""

    def __init__(self, prefixes: dict[str, frozenset[str]]) -> None:
        self.prefixes = prefixes

    async def __call__(self, query: CallbackQuery) -> bool:
        return self.admits(query)

    def admits(self, query: CallbackQuery) -> bool:
        data = query.data
        if data is None:
            return False
        return any(data.split(sep, 1)[0] in heads for sep, heads in self.prefixes.items())

    def __str__(self) -> str:
        heads = sorted(h for heads in self.prefixes.values() for h in heads)
        return f"ButtonPrefixes({', '.join(heads)})"


def _data_class(handler: HandlerObject) -> type[CallbackData] | None:
    """The `CallbackData` class of the handler's (first) button filter; None without one."""
    button = _button_filter(handler)
    return None if button is None else cast(type[CallbackData], button.callback_data)


def _prefixes(router: Router) -> dict[str, set[str]] | None:
    """The prefixes (by separator) of every button `router` and its sub-routers can take;
    None when one of them could take any data."""
    found: dict[str, set[str]] = defaultdict(set)
    for handler in router.callback_query.handlers:
        data_class = _data_class(handler)
        if data_class is None:
            return None
        found[data_class.__separator__].add(data_class.__prefix__)
    for sub in router.sub_routers:
        below = _prefixes(sub)
        if below is None:
            return None
        for sep, heads in below.items():
            found[sep] |= heads
    return found


# A set of conversation states (None: no state); ANY_STATE where any state will do.
States = frozenset[str | None]
ANY_STATE: States | None = None


class TypedGate(Filter):
    """True for a message that some handler of the router (or below) could take: by the
    conversation state it comes in, and by whether it is a command (its text or caption
    starts with one of `prefixes`, as aiogram's `Command` reads it)."""

    def __init__(self, plain: States | None, commands: States | None, prefixes: str) -> None:
        self.plain = plain  # the states in which a message that is no command can be taken
        self.commands = commands  # ... and a command (plain handlers may take one too)
        self.prefixes = prefixes

    async def __call__(self, message: Message, raw_state: str | None = None) -> bool:
        return self.admits(message, raw_state)

    def admits(self, message: Message, raw_state: str | None) -> bool:
        # As aiogram's `Command` reads it: the first word of the text or caption, whitespace
        # before it skipped (`str.split`), begins with the prefix.
        first = (message.text or message.caption or "").lstrip()[:1]
        command = first != "" and first in self.prefixes
        states = self.commands if command else self.plain
        return states is None or raw_state in states

    def __str__(self) -> str:
        return (
            f"TypedGate(plain={self.plain}, commands={self.commands}, prefixes={self.prefixes!r})"
        )


_UNKNOWN = object()


def _states_of(condition: object) -> States | object | None:
    """The states a handler's condition lets through (ANY_STATE: every state); _UNKNOWN when
    it is no condition on the state."""
    if isinstance(condition, StateFilter):
        allowed: set[str | None] = set()
        for state in condition.states:
            found = _states_of(state)
            if found is ANY_STATE or found is _UNKNOWN:
                return ANY_STATE
            allowed |= found  # type: ignore[arg-type]
        return frozenset(allowed)
    if isinstance(condition, str) or condition is None:
        return ANY_STATE if condition == "*" else frozenset({condition})
    if isinstance(condition, State):
        return ANY_STATE if condition.state == "*" else frozenset({condition.state})
    if isinstance(condition, StatesGroup):
        return frozenset(type(condition).__all_states_names__)
    if isclass(condition) and issubclass(condition, StatesGroup):
        return frozenset(condition.__all_states_names__)
    return _UNKNOWN


def _typed_needs(handler: HandlerObject) -> tuple[str, States | None]:
    """The command prefixes a handler needs ("" when it needs no command) and the states it
    can take a message in (ANY_STATE when any)."""
    prefixes = ""
    states: States | None = ANY_STATE
    # A sync filter may have been wrapped to run inline (bot/aiogram_compat.py): unwrapped, it
    # is the `State` or predicate it was declared as.
    for condition in (unwrap(f.callback) for f in handler.filters or ()):
        if isinstance(condition, Command):
            prefixes = prefixes or condition.prefix
            continue
        found = _states_of(condition)
        if found is _UNKNOWN:
            continue  # a condition on something else: it only narrows what is taken
        if found is not ANY_STATE:
            states = found if states is ANY_STATE else states & found  # type: ignore[operator,assignment]
    return prefixes, states


def _union(a: States | None, b: States | None) -> States | None:
    return ANY_STATE if a is ANY_STATE or b is ANY_STATE else a | b  # type: ignore[operator]


def _typed(router: Router) -> TypedGate | None:
    """What messages `router` and its sub-routers can take; None when they could take any."""
    plain: States | None = frozenset()
    commands: States | None = frozenset()
    prefixes = ""
    for handler in router.message.handlers:
        needs_prefixes, states = _typed_needs(handler)
        if not needs_prefixes and states is ANY_STATE:
            return None
        commands = _union(commands, states)
        if needs_prefixes:
            prefixes += "".join(p for p in needs_prefixes if p not in prefixes)
        else:
            plain = _union(plain, states)
    for sub in router.sub_routers:
        below = _typed(sub)
        if below is None:
            return None
        plain = _union(plain, below.plain)
        commands = _union(commands, below.commands)
        prefixes += "".join(p for p in below.prefixes if p not in prefixes)
    return TypedGate(plain, commands, prefixes)


def _buttons(router: Router) -> ButtonPrefixes | None:
    """What presses `router` and its sub-routers can take; None when they could take any."""
    found = _prefixes(router)
    if found is None:
        return None
    return ButtonPrefixes({sep: frozenset(heads) for sep, heads in found.items()})


def gate_routers(router: Router) -> None:
    """Give `router` and every router below it the gates its handlers allow, for presses and
    for typed messages, and each router above a gated one a propagation that passes a closed
    door by (`_past_closed_doors`). Idempotent."""
    for name in ("propagate_event", "_propagate_event", _DOOR):
        router.__dict__.pop(name, None)
    prefix_first(router.callback_query)
    buttons = _put_gate(router.callback_query, ButtonPrefixes, _buttons(router))
    typed = _put_gate(router.message, TypedGate, _typed(router))
    if buttons is not None or typed is not None:
        door = router.__dict__[_DOOR] = _Door(buttons, typed)
        router.propagate_event = _passing_over(router, door)  # type: ignore[method-assign,assignment]
    for sub in router.sub_routers:
        gate_routers(sub)
    if any(_DOOR in sub.__dict__ for sub in router.sub_routers):
        router._propagate_event = _past_closed_doors(router)  # type: ignore[method-assign,assignment]


def prefix_first(observer: TelegramEventObserver) -> None:
    """Give each button handler of `observer` a prefilter that tells, before its filters run,
    a press whose data cannot be its `CallbackData` (`_could_be`, `_Prefilter`), and the
    observer a `trigger` that does not ask such a handler at all (`_asking_only_fit_handlers`).
    Idempotent: each build replaces what an earlier one put there."""
    observer.__dict__.pop("trigger", None)
    prefiltered = False
    for handler in observer.handlers:
        handler.__dict__.pop(_PREFILTER, None)
        button = _button_filter(handler)
        if button is not None:
            handler.__dict__[_PREFILTER] = _Prefilter(button)
            prefiltered = True
    if prefiltered:
        observer.trigger = _asking_only_fit_handlers(observer)  # type: ignore[method-assign,assignment]


# In a button handler's `__dict__`: its `_Prefilter`.
_PREFILTER = "jol_prefilter"


def _asking_only_fit_handlers(observer: TelegramEventObserver) -> Callable[..., Awaitable[Any]]:
    """`observer.trigger`, aiogram's `TelegramEventObserver.trigger` step for step, except
    that a handler whose prefilter turns the press away is passed over without being asked:
    its button filter would have refused the press (after the handler's other filters, which
    have no effects), and asking cost a copy of the update's data (some 30 entries, as keyword
    arguments), a coroutine and, before the prefilters, the data unpacked into a model, for
    each of the up to two dozen handlers of a kind before the one that takes the press.

    Missing public extension point: aiogram tries every handler of an observer in order and
    has no way to rule one out by the event alone. The seam sets `trigger` on the observer
    (not on the class), as `gate_routers` sets `propagate_event` on a router."""

    async def trigger(event: TelegramObject, **kwargs: Any) -> Any:
        data = getattr(event, "data", None)
        for handler in observer.handlers:
            prefilter = handler.__dict__.get(_PREFILTER)
            if prefilter is not None and not prefilter.may_take(data):
                continue
            kwargs["handler"] = handler
            result, found = await handler.check(event, **kwargs)
            if result:
                kwargs.update(found)
                try:
                    wrapped_inner = observer.outer_middleware.wrap_middlewares(
                        observer._resolve_middlewares(),
                        handler.call,
                    )
                    return await wrapped_inner(event, kwargs)
                except SkipHandler:
                    continue
        return UNHANDLED

    return trigger


def _could_be(data: str | None, prefix: str, head: str) -> bool:
    """Whether `data` could unpack as the `CallbackData` with this prefix (`head`: the prefix
    and the separator). aiogram's `unpack` splits at the separator and compares the first part
    with the prefix, which a prefix never contains; so it can only be the prefix alone (a
    class without fields) or begin with the head."""
    return data is not None and (data == prefix or data.startswith(head))


def _button_filter(handler: HandlerObject) -> CallbackQueryFilter | None:
    for f in handler.filters or ():
        if isinstance(f.callback, CallbackQueryFilter):
            return f.callback
    return None


def _wanted_values(button: CallbackQueryFilter) -> tuple[int, frozenset[str]] | None:
    """Where the part of a press's data that the button filter's rule looks at lies (its
    index after splitting at the separator) and the texts the rule takes there, when the rule
    is `F.<field> == "<text>"` or `F.<field>.in_({...texts})` on a `str` field; else None.

    Only then does the part's text decide alone: aiogram's `unpack` gives a `str` field the
    part as it is (pydantic keeps a text as it came, absent validators or `str_*` settings,
    which turn this off), and a text that is not empty and holds no separator can only come
    from that part. Anything else (another operation, a field of another type, a magic filter
    whose insides changed) gets None, and the full check as before."""
    data_class = cast(type[CallbackData], button.callback_data)
    rule = button.rule
    operations = getattr(rule, "_operations", None)
    if not isinstance(rule, MagicFilter) or not isinstance(operations, tuple):
        return None
    if getattr(data_class.unpack, "__func__", None) is not CallbackData.unpack.__func__:  # type: ignore[attr-defined]
        return None  # parsed its own way
    if len(operations) != 2:
        return None
    get, test = operations
    if type(get) is not GetAttributeOperation:
        return None
    names = list(data_class.model_fields)
    field = data_class.model_fields.get(get.name)
    if field is None or field.annotation is not str:
        return None
    decorators = data_class.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators or decorators.validators:
        return None
    if any(key.startswith("str_") for key in data_class.model_config):
        return None
    if type(test) is ComparatorOperation and test.comparator is operator.eq:
        values: Any = (test.right,)
    elif (
        type(test) is FunctionOperation
        and test.function is in_op
        and len(test.args) == 1
        and not test.kwargs
        and isinstance(test.args[0], set | frozenset | tuple | list)
    ):
        values = test.args[0]
    else:
        return None
    separator = data_class.__separator__
    if not all(isinstance(v, str) and v and separator not in v for v in values):
        return None
    return names.index(get.name) + 1, frozenset(values)


class _Prefilter:
    """What of a press's data can be judged before the handler's button filter unpacks it:
    its prefix, and where `_wanted_values` applies, its part count and the compared part."""

    def __init__(self, button: CallbackQueryFilter) -> None:
        data_class = cast(type[CallbackData], button.callback_data)
        self.prefix = data_class.__prefix__
        self.separator = data_class.__separator__
        self.head = self.prefix + self.separator
        self.parts = len(data_class.model_fields) + 1
        self.wanted = _wanted_values(button)

    def may_take(self, data: str | None) -> bool:
        """False only where the button filter would have refused `data` too."""
        if not _could_be(data, self.prefix, self.head):
            return False
        if self.wanted is None:
            return True
        split = cast(str, data).split(self.separator)
        return len(split) == self.parts and split[self.wanted[0]] in self.wanted[1]


def _put_gate(observer: TelegramEventObserver, kind: type[G], gate: G | None) -> G | None:
    """Returns the gate to check at the router's door: `gate`, or None without one. Where the
    observer has outer middleware, which must run before any filter as aiogram runs it, the
    gate is put on the observer as a root filter instead (and None returned). A gate an
    earlier build put there goes first (module-level routers are reused by every dispatcher a
    test process builds).

    Checked at the door, a gate is not a root filter as well: each router a press entered ran
    it a second time through aiogram's filter machinery, after the door had let the press in
    (and the router above had asked the door first, `_past_closed_doors`)."""
    filters = router_filters(observer)  # aiogram's own list (when it has one), changed in place
    filters[:] = [f for f in filters if not isinstance(f.callback, kind)]
    if gate is None:
        return None
    if observer.outer_middleware:
        observer.filter(gate)
        return None
    return gate


class _Door:
    """A router's gates, for presses and for typed messages, as checked at its door."""

    def __init__(self, buttons: ButtonPrefixes | None, typed: TypedGate | None) -> None:
        self.buttons = buttons
        self.typed = typed

    def refuses(self, update_type: str, event: TelegramObject, data: dict[str, Any]) -> bool:
        if update_type == "callback_query":
            return self.buttons is not None and not self.buttons.admits(cast(CallbackQuery, event))
        if update_type == "message":
            state = data.get("raw_state")
            return self.typed is not None and not self.typed.admits(cast(Message, event), state)
        return False


# In a gated router's `__dict__`: its `_Door`.
_DOOR = "jol_door"


def _passing_over(router: Router, door: _Door) -> Callable[..., Awaitable[Any]]:
    """`router.propagate_event` that turns a press or message its gate would refuse away at
    the door. A gated router's parent asks the door itself (`_past_closed_doors`) and then
    goes straight in; this serves a call that does not come through such a parent (a gated
    router right under the dispatcher, a direct call).

    Refused there, aiogram still copied the update's data (some 30 entries) into new calls
    and ran the router's root filters (the chat scope, then the gate) before passing on (and,
    before `bot/aiogram_compat.py:propagate_without_empty_layers`, wrapped its empty
    middleware chain): for the dozen or more routers a press passes on its way, a tenth of a
    millisecond of CPU per update. The answer is the same, UNHANDLED, and nothing of the
    router's ran: the observer has no outer middleware (else no shortcut is set for it) and
    root filters have no effects."""

    async def propagate_event(update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        if door.refuses(update_type, event, kwargs):
            return UNHANDLED
        # Looked up on the class at each call: `tune_for_throughput` may replace it later.
        return await Router.propagate_event(router, update_type, event, **kwargs)

    return propagate_event


def _past_closed_doors(router: Router) -> Callable[..., Awaitable[Any]]:
    """`router._propagate_event`, aiogram's `Router._propagate_event` step for step, except
    that a sub-router whose door refuses the event is passed over without being called: the
    call would answer UNHANDLED at once (`_passing_over`), but making it copied the update's
    data (some 30 entries, as keyword arguments) and made a coroutine, for each of the dozen
    routers a press passes on its way.

    Missing public extension point: aiogram calls every sub-router in turn and has no way to
    rule one out by the event alone. The seam sets `_propagate_event` on the router (not on
    the class), as `_passing_over` sets `propagate_event`."""

    async def _propagate_event(
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **kwargs: Any,
    ) -> Any:
        response = UNHANDLED
        if observer:
            result, data = await observer.check_root_filters(event, **kwargs)
            if not result:
                return UNHANDLED
            kwargs.update(data)
            response = await observer.trigger(event, **kwargs)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
        for sub in router.sub_routers:
            door = sub.__dict__.get(_DOOR)
            if door is not None and door.refuses(update_type, event, kwargs):
                continue
            # Past its door: straight in (`sub.propagate_event` would ask the door again).
            # Looked up on the class at each call: `tune_for_throughput` may replace it later.
            response = await Router.propagate_event(
                sub, update_type=update_type, event=event, **kwargs
            )
            if response is not UNHANDLED:
                break
        return response

    return _propagate_event


def _gate_on(observer: TelegramEventObserver, kind: type[G]) -> G | None:
    for f in router_filters(observer):
        if isinstance(f.callback, kind):
            return f.callback
    return None


def gate_of(router: Router) -> ButtonPrefixes | None:
    """The router's gate for presses: at its door, or among its root filters."""
    door = router.__dict__.get(_DOOR)
    if door is not None and door.buttons is not None:
        return cast(ButtonPrefixes, door.buttons)
    return _gate_on(router.callback_query, ButtonPrefixes)


def typed_gate_of(router: Router) -> TypedGate | None:
    """The router's gate for typed messages: at its door, or among its root filters."""
    door = router.__dict__.get(_DOOR)
    if door is not None and door.typed is not None:
        return cast(TypedGate, door.typed)
    return _gate_on(router.message, TypedGate)


__all__ = [
    "ButtonPrefixes",
    "TypedGate",
    "gate_of",
    "gate_routers",
    "prefix_first",
    "typed_gate_of",
]
