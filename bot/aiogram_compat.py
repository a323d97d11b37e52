"""Every place where Jol relies on aiogram's internals, in one module (aiogram 3.31).

Each seam says why it exists, which public extension point aiogram lacks, and is tested by
`tests/unit/test_aiogram_compat.py`, which fails if an aiogram upgrade moves or changes what
the seam assumes. Nothing else in Jol touches a private aiogram attribute.

Seams that were replaced by a public extension point (no longer here):
- Draining updates on stop read `Dispatcher._handle_update_tasks`; `InFlightUpdates` (an
  outer middleware, the public way to see every update) now tracks the tasks itself.
- Replacing aiogram's FSM middleware unregistered `dispatcher.fsm` from the outer middlewares;
  `Dispatcher(disable_fsm=True)` (public) now keeps it from being registered at all
  (bot/factory.py).

Seams that remain (aiogram has no public way):
1. `run_sync_filters_inline`: aiogram runs a plain-function filter in a worker thread.
2. `keep_response_models`: pydantic rebuilds aiogram's generic answer models after each GC.
3. `export_keyboards_without_deep_copies`: keyboard builders deep-copy every button.
4. `module_router` / `_detach`: module-level routers can have only one parent.
5. `close_session_now`: closing a Bot's aiohttp session without the TLS-shutdown wait.
6. `bind_bot_in_one_step`: pydantic's generic private-attribute set-up for every Telegram object.
7. `propagate_without_empty_layers`: a middleware layer built around every router an event
   passes through, with no middleware in it.
"""

from __future__ import annotations

import asyncio
import functools
from types import ModuleType
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.client.context_controller import BotContextController
from aiogram.dispatcher.event.handler import CallableObject, FilterObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.dispatcher.middlewares.manager import MiddlewareManager
from aiogram.methods.base import Response
from aiogram.types import TelegramObject
from aiogram.utils.keyboard import KeyboardBuilder

from bot.lazy_types import build_shared_models
from bot.middleware_types import NextHandler, UpdateData

# ---------------------------------------------------------------- public: updates in flight


class InFlightUpdates(BaseMiddleware):
    """Outermost update middleware that remembers the task handling each update, so a process
    stopping can let them finish (their transactions commit) before it closes the database.

    Replaces reading `Dispatcher._handle_update_tasks`: polling runs each update in a task of
    its own, and this middleware runs inside that task."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        task = asyncio.current_task()
        if task is None:
            return await handler(event, data)
        self.tasks.add(task)
        try:
            return await handler(event, data)
        finally:
            self.tasks.discard(task)

    async def drain(self, grace_seconds: float) -> None:
        """Wait up to `grace_seconds` for the updates being handled; cancel what is still running
        (its transaction rolls back, and Telegram delivers the update again)."""
        pending = {t for t in self.tasks if not t.done() and t is not asyncio.current_task()}
        if not pending:
            return
        _done, late = await asyncio.wait(pending, timeout=grace_seconds)
        for task in late:
            task.cancel()


# ---------------------------------------------------------------- 1. sync filters on the loop


def router_filters(observer: TelegramEventObserver) -> list[FilterObject]:
    """The filters set on a whole observer with `observer.filter(...)` (router-level filters).

    aiogram keeps them in the private `observer._handler` and has no public getter."""
    return observer._handler.filters or []


def run_sync_filters_inline(root: Router) -> None:
    """aiogram runs a filter that is a plain function (a `State` used as a filter, a `def`
    predicate, a magic filter such as `F.text`, called as `F.text.resolve`) in a worker thread
    on every check (`CallableObject.call` → `asyncio.to_thread`), to keep a slow one from
    blocking the loop. Ours are instant and pure; a thread hop per check costs far more than the
    check, and a text message is checked against dozens of them. Run them on the loop instead.

    Missing public extension point: a way to declare a sync filter "cheap" (or a dispatcher
    option to call sync filters inline). The seam wraps `CallableObject.callback` in a
    coroutine function and sets `awaitable`; `params`/`varkw` still describe the original, so
    it receives exactly the arguments it did."""

    def routers(router: Router) -> list[Router]:
        return [router, *(r for child in router.sub_routers for r in routers(child))]

    for router in routers(root):
        for observer in router.observers.values():
            filter_lists = [
                router_filters(observer),
                *(h.filters or [] for h in observer.handlers),
            ]
            for filters in filter_lists:
                for flt in filters:
                    if not flt.awaitable:  # magic filters too: `F.text` is `F.text.resolve`
                        _make_inline(flt)


def _make_inline(obj: CallableObject) -> None:
    sync = obj.callback

    async def inline(*args: object, **kwargs: object) -> object:
        return sync(*args, **kwargs)

    inline.__wrapped__ = sync  # type: ignore[attr-defined]  # what it is (inspect.unwrap)
    obj.callback = inline
    obj.awaitable = True


# ---------------------------------------------------------------- 2. answer models kept

# Strong references to aiogram's answer models (see keep_response_models), by answer type.
_RESPONSE_MODELS: dict[Any, type] = {}


def keep_response_models() -> None:
    """aiogram validates every Bot API answer with `Response[<the method's return type>]`, and
    pydantic keeps such a generic model only in a weak cache: after each garbage collection the
    next call rebuilds it, which costs milliseconds. Keep each one, once built, for good.

    They are kept as they are first used, not built up front: building all 41 (one per answer
    type of the Bot API) builds nearly every aiogram type, ~1 s of start-up that
    `bot/lazy_types.py` otherwise saves, for answers Jol never gets.

    Missing public extension point: aiogram builds `Response[...]` per call inside
    `BaseSession.check_response`; there is no hook to cache it. The seam wraps
    `Response.__class_getitem__` (pydantic's generic parametrisation) with a plain dict."""
    if getattr(Response.__class_getitem__, "_jol_kept", False):
        return
    parametrise = Response.__class_getitem__.__func__  # type: ignore[attr-defined]

    def class_getitem(cls: type[Any], answer: Any) -> Any:
        if cls is not Response:
            return parametrise(cls, answer)
        try:
            return _RESPONSE_MODELS[answer]
        except KeyError:
            model = _RESPONSE_MODELS[answer] = parametrise(cls, answer)
            return model
        except TypeError:  # an unhashable parameter: pydantic's own path
            return parametrise(cls, answer)

    class_getitem._jol_kept = True  # type: ignore[attr-defined]
    Response.__class_getitem__ = classmethod(class_getitem)  # type: ignore[assignment,method-assign]


# ---------------------------------------------------------------- 3. keyboards without copies


def export_keyboards_without_deep_copies() -> None:
    """aiogram's keyboard builders deep-copy every button (a pydantic model, field by field) in
    `as_markup()`, so that a builder could go on changing buttons it already handed out. No
    builder method changes a button in place and Jol never does either, so copying the rows is
    enough. The deep copies were 10-15 % of the bot's CPU in bench/updates.py.

    Missing public extension point: `KeyboardBuilder(copy=False)` or similar. The seam replaces
    `KeyboardBuilder.export` and reads the builder's private `_markup` rows."""
    if getattr(KeyboardBuilder.export, "_jol_shallow", False):
        return

    def export(self: KeyboardBuilder[Any]) -> list[list[Any]]:
        return [list(row) for row in self._markup]

    export._jol_shallow = True  # type: ignore[attr-defined]
    KeyboardBuilder.export = export  # type: ignore[method-assign]


# ---------------------------------------------------------------- 4. module-level routers


def module_router(module: ModuleType, name: str = "router") -> Router:
    """A fresh router from `module`: `build_<name>()` when the module has been converted to
    build its routers (docs/CONVENTIONS.md), else its module-level `<name>` detached from the
    tree of a previous build.

    Transitional: once every handler module has `build_router()`, `_detach` goes away."""
    build = getattr(module, f"build_{name}", None)
    if callable(build):
        router = build()
        if not isinstance(router, Router):
            raise TypeError(f"{module.__name__}.build_{name}() did not return a Router")
        return router
    router = getattr(module, name)
    if not isinstance(router, Router):
        raise TypeError(f"{module.__name__}.{name} is not a Router")
    _detach(router)
    return router


def _detach(router: Router) -> None:
    """A module-level router can have one parent, and a test process builds several root
    routers (one per dispatcher). Move it out of its previous tree.

    Missing public extension point: aiogram has no way to detach a router
    (`Router.parent_router`'s setter refuses a router that already has one), so this writes
    the private `_parent_router`."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None


# ---------------------------------------------------------------- 5. closing a session at once


async def close_session_now(bot: Bot) -> None:
    """Close `bot`'s HTTP session without `AiohttpSession.close()`'s 250 ms sleep (it waits for
    a TLS shutdown; against the local emulator there is no TLS). For tests and benches, which
    start and stop hundreds of bots.

    Missing public extension point: AiohttpSession has no option to skip the wait; the seam
    closes its private aiohttp `_session` directly."""
    inner = getattr(bot.session, "_session", None)
    if inner is not None and not inner.closed:
        await inner.close()


# ---------------------------------------------------------------- 6. binding the bot in one step


# The hooks `bind_bot_in_one_step` replaced, by class (for its test, which compares the two).
_REPLACED_HOOKS: dict[type[Any], Any] = {}


def _bind_bot(self: BotContextController, context: Any, /) -> None:
    """What pydantic's wrapper and aiogram's `model_post_init` do together, for a model whose
    only private attribute is `_bot`: the private values, with the bot from the context."""
    bot = context.get("bot") if context else None
    private = getattr(self, "__pydantic_private__", None)
    if private is None:
        object.__setattr__(self, "__pydantic_private__", {"_bot": bot})
    else:  # a copy keeps its private values; aiogram sets the bot anew all the same
        private["_bot"] = bot


def bind_bot_in_one_step() -> int:
    """Every aiogram object (an update, each user, chat, message and button in it, each answer
    and each method call) gets the bot it belongs to in `model_post_init`. Because the class
    has a private attribute (`_bot`), pydantic wraps that hook in its generic set-up of private
    attributes: for each one, it looks up the default and copies it. Then aiogram's hook sets
    `self._bot` through pydantic's `__setattr__`. That made up half of each object's
    validation: a button press's update (with its message's keyboard) 71 → 37 µs, a message
    as an edit's answer 53 → 27 µs (pydantic 2.13). `_bind_bot` does the same in one step.

    It replaces the hook only where `_bot` is the class's one private attribute, which holds
    for every aiogram type and method; elsewhere pydantic's own path stays. Returns how many
    classes it changed.

    Missing public extension point: pydantic has no way to set a private attribute's value at
    validation but this hook, and aiogram none to pass the bot other than `_bot`. The seam
    writes `__pydantic_private__` (the dictionary pydantic keeps private values in) and
    replaces `model_post_init` on aiogram's classes (pydantic-core looks the hook up by name
    on each validation)."""
    changed = 0
    pending: list[type[Any]] = [BotContextController]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        hook = cls.__dict__.get("model_post_init")
        if hook is None or hook is _bind_bot:
            continue
        if set(getattr(cls, "__private_attributes__", ())) != {"_bot"}:
            continue
        _REPLACED_HOOKS[cls] = hook
        cls.model_post_init = _bind_bot
        changed += 1
    return changed


# ---------------------------------------------------------------- 7. no empty middleware layers

# aiogram's own, kept for what still needs them (an observer with outer middleware) and tests.
_AIOGRAM_PROPAGATE = Router.propagate_event
_AIOGRAM_WRAP = MiddlewareManager.wrap_middlewares


async def _propagate_event(
    self: Router, update_type: str, event: TelegramObject, **kwargs: Any
) -> Any:
    """`Router.propagate_event`, straight to the router's handlers and sub-routers where the
    observer has no outer middleware to run first."""
    observer = self.observers.get(update_type)
    if observer is not None and observer.outer_middleware:
        return await _AIOGRAM_PROPAGATE(self, update_type, event, **kwargs)
    kwargs["event_router"] = self
    return await self._propagate_event(
        observer=observer, update_type=update_type, event=event, **kwargs
    )


def _wrap_middlewares(middlewares: Any, handler: Any) -> Any:
    """`MiddlewareManager.wrap_middlewares` without `functools.wraps`: the wrapper's name and
    docstring are never read, and copying them was most of the cost of a call."""

    def handler_wrapper(event: TelegramObject, kwargs: dict[str, Any]) -> Any:
        return handler(event, **kwargs)

    middleware = handler_wrapper
    for m in reversed(middlewares):
        middleware = functools.partial(m, middleware)
    return middleware


def propagate_without_empty_layers() -> None:
    """aiogram hands an event to each router on its way (`Router.propagate_event`) through the
    router's outer middleware for that kind of event: it builds a closure, wraps it in a
    middleware chain (`wrap_middlewares`, which copies the closure's name and docstring with
    `functools.wraps`) and passes the update's data (~28 entries) on as keyword arguments three
    times. Jol's routers have no outer middleware but the root's, and a press passes through
    about six routers. Here a router without outer middleware goes straight to its handlers
    and sub-routers, with the same data (`event_router` set to it), as aiogram's chain of no
    middleware ends up doing; a router with outer middleware keeps aiogram's path. And the
    chain built for middleware that does exist (the update's, a handler's inner ones) no
    longer copies names and docstrings.

    Missing public extension point: aiogram builds the chain anew for every router and event
    and has no option to skip an empty one. The seam replaces `Router.propagate_event` and
    `MiddlewareManager.wrap_middlewares` (a static method) on the classes."""
    Router.propagate_event = _propagate_event  # type: ignore[method-assign]
    MiddlewareManager.wrap_middlewares = staticmethod(_wrap_middlewares)  # type: ignore[method-assign]


def tune_for_throughput(root: Router) -> None:
    """The start-up fixes measured in bench/updates.py (docs/PERFORMANCE.md has the figures)."""
    build_shared_models()
    bind_bot_in_one_step()
    propagate_without_empty_layers()
    keep_response_models()
    run_sync_filters_inline(root)
    export_keyboards_without_deep_copies()


__all__ = [
    "InFlightUpdates",
    "bind_bot_in_one_step",
    "close_session_now",
    "export_keyboards_without_deep_copies",
    "keep_response_models",
    "module_router",
    "propagate_without_empty_layers",
    "router_filters",
    "run_sync_filters_inline",
    "tune_for_throughput",
]
