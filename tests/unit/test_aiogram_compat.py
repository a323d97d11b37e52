"""One test per seam of bot/aiogram_compat.py: each fails if an aiogram upgrade breaks what the
seam assumes (an attribute gone, or aiogram behaving differently), before production does."""

from __future__ import annotations

import asyncio
import gc
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.dispatcher.event.handler import CallableObject, FilterObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.dispatcher.middlewares.manager import MiddlewareManager
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import InlineKeyboardButton, Message, TelegramObject, Update
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import aiogram_compat
from bot.aiogram_compat import (
    InFlightUpdates,
    bind_bot_in_one_step,
    close_session_now,
    export_keyboards_without_deep_copies,
    keep_response_models,
    module_router,
    propagate_without_empty_layers,
    router_filters,
    run_sync_filters_inline,
)


class Step(StatesGroup):
    one = State()


# A person's text message, as an update.
TEXT = {
    "update_id": 5,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 7, "type": "private"},
        "from": {"id": 7, "is_bot": False, "first_name": "A"},
        "text": "hello",
    },
}


# ---------------------------------------------------------------- 1. sync filters on the loop


async def test_aiogram_still_runs_sync_filters_in_a_thread() -> None:
    """The reason for the seam: if aiogram stops doing this, drop the seam."""
    threads: list[int] = []

    def sync_filter(event: object) -> bool:
        threads.append(threading.get_ident())
        return True

    await FilterObject(sync_filter).call(object())
    assert threads and threads[0] != threading.get_ident()


async def test_router_filters_are_where_the_seam_reads_them() -> None:
    router = Router()
    router.message.filter(F.text)
    assert [f.magic for f in router_filters(router.message)] == [F.text]


async def test_inline_filters_run_on_the_loop_with_the_same_arguments() -> None:
    threads: list[int] = []
    seen: list[dict[str, Any]] = []

    def predicate(message: object, raw_state: str | None) -> bool:
        threads.append(threading.get_ident())
        seen.append({"raw_state": raw_state})
        return raw_state == "Step:one"

    router = Router()
    router.message.filter(predicate)  # router-level (observer._handler)

    async def handler(message: Message) -> None: ...

    router.message.register(handler, Step.one)  # a State used as a filter
    run_sync_filters_inline(router)

    level = router_filters(router.message)[0]
    state_filter = router.message.handlers[0].filters[0]  # type: ignore[index]
    assert level.awaitable and state_filter.awaitable
    # `params` still describe the original: only the arguments it takes are passed.
    assert await level.call(object(), raw_state="Step:one", session="not for it") is True
    assert await state_filter.call(object(), raw_state="Step:one") is True
    assert threads == [threading.get_ident()]
    assert seen == [{"raw_state": "Step:one"}]


async def test_magic_filters_run_on_the_loop_and_still_decide() -> None:
    """`F.text` is called as `F.text.resolve(message)`, a plain function: a thread hop per
    check until the seam makes it inline."""
    threads: list[int] = []

    def is_hi(text: str) -> bool:
        threads.append(threading.get_ident())
        return text == "hi"

    router = Router()

    async def handler(message: Message) -> None: ...

    router.message.register(handler, F.text.func(is_hi))
    magic = router.message.handlers[0].filters[0]  # type: ignore[index]
    assert magic.magic is not None and not magic.awaitable
    await magic.call(SimpleNamespace(text="hi"))
    assert threads[-1] != threading.get_ident()  # aiogram alone: a worker thread

    run_sync_filters_inline(router)
    assert magic.awaitable
    assert await magic.call(SimpleNamespace(text="hi"), raw_state=None) is True
    assert not await magic.call(SimpleNamespace(text="bye"))
    assert threads[1:] == [threading.get_ident()] * 2


def test_callable_object_fields_the_seam_sets_still_exist() -> None:
    def sync(event: object) -> bool:
        return True

    obj = CallableObject(sync)
    assert {"callback", "awaitable", "params", "varkw"} <= set(vars(obj))
    assert obj.awaitable is False and obj.params == {"event"}


# ---------------------------------------------------------------- 2. answer models kept


def test_response_models_are_built_once_and_kept() -> None:
    keep_response_models()
    assert SendMessage.__returning__ is Message
    first = Response[Message]
    assert aiogram_compat._RESPONSE_MODELS[Message] is first
    first_id = id(first)
    del first
    gc.collect()
    # After a collection pydantic still hands out the kept model, not a rebuilt one.
    assert id(Response[Message]) == first_id
    answer = {
        "ok": True,
        "result": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}},
    }
    assert Response[Message].model_validate(answer).result.message_id == 1


# ---------------------------------------------------------------- 3. keyboards without copies


def test_keyboards_export_their_buttons_without_copies() -> None:
    builder = InlineKeyboardBuilder()
    assert hasattr(builder, "_markup")
    export_keyboards_without_deep_copies()
    builder.button(text="a", callback_data="x")
    first = builder.as_markup()
    second = builder.as_markup()
    assert first.inline_keyboard[0][0] is second.inline_keyboard[0][0]
    assert isinstance(first.inline_keyboard[0][0], InlineKeyboardButton)


# ---------------------------------------------------------------- 4. module-level routers


def test_a_router_still_refuses_a_second_parent() -> None:
    """The reason for `_detach`: if aiogram lets a router move, drop the seam."""
    child = Router()
    Router().include_router(child)
    with pytest.raises(RuntimeError):
        Router().include_router(child)


def test_module_router_moves_a_module_router_to_a_new_tree() -> None:
    import types

    module = types.ModuleType("handlers.example")
    module.router = Router(name="example")  # type: ignore[attr-defined]
    first = Router()
    first.include_router(module_router(module))
    second = Router()
    second.include_router(module_router(module))
    assert first.sub_routers == [] and second.sub_routers == [module.router]  # type: ignore[attr-defined]


def test_module_router_prefers_build_router() -> None:
    import types

    module = types.ModuleType("handlers.example")
    module.build_router = lambda: Router(name="fresh")  # type: ignore[attr-defined]
    assert module_router(module) is not module_router(module)


# ---------------------------------------------------------------- 5. closing a session at once


async def test_close_session_now_closes_the_inner_aiohttp_session() -> None:
    bot = Bot("42:TEST", session=AiohttpSession())
    await bot.session.create_session()
    inner = bot.session._session  # type: ignore[attr-defined]
    assert inner is not None and not inner.closed
    await close_session_now(bot)
    assert inner.closed
    await bot.session.close()  # nothing left to wait for


# ---------------------------------------------------------------- public: in-flight updates


async def test_polling_handles_each_update_in_a_task_the_middleware_sees() -> None:
    """`InFlightUpdates` relies on aiogram running an update's middlewares in the task that
    polling created for it (handle_as_tasks), and on `feed_update` reaching outer middlewares."""
    tracker = InFlightUpdates()
    dispatcher = Dispatcher(disable_fsm=True)
    dispatcher.update.outer_middleware(tracker)
    release = asyncio.Event()
    seen: list[asyncio.Task[Any] | None] = []

    @dispatcher.message()
    async def slow(message: Message) -> None:
        seen.append(asyncio.current_task())
        await release.wait()

    update = Update.model_validate(TEXT)
    bot = Bot("42:TEST")
    task = asyncio.create_task(dispatcher.feed_update(bot, update))
    while not seen:
        await asyncio.sleep(0)
    assert tracker.tasks == {task} == set(seen)
    draining = asyncio.create_task(tracker.drain(5))
    await asyncio.sleep(0)
    assert not draining.done()  # waits for the update being handled
    release.set()
    await draining
    assert task.done() and tracker.tasks == set()
    await bot.session.close()


def test_disable_fsm_keeps_aiogram_fsm_middleware_out() -> None:
    from aiogram.fsm.middleware import FSMContextMiddleware

    def fsm_middlewares(dispatcher: Dispatcher) -> list[object]:
        middlewares = dispatcher.update.outer_middleware
        return [m for m in middlewares if isinstance(m, FSMContextMiddleware)]

    assert fsm_middlewares(Dispatcher(disable_fsm=True)) == []
    with_fsm = Dispatcher()
    assert fsm_middlewares(with_fsm) == [with_fsm.fsm]


# ---------------------------------------------------------------- 6. binding the bot in one step

PRESS = {
    "update_id": 5,
    "callback_query": {
        "id": "q",
        "from": {"id": 7, "is_bot": False, "first_name": "A"},
        "chat_instance": "c",
        "data": "x",
        "message": {
            "message_id": 3,
            "date": 1,
            "chat": {"id": 7, "type": "private"},
            "text": "t",
            "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]},
        },
    },
}


def test_every_object_of_an_update_gets_the_bot_in_one_step() -> None:
    bind_bot_in_one_step()
    bot = Bot("42:TEST")
    for cls in (Update, Message, InlineKeyboardButton, SendMessage, TelegramObject):
        assert cls.model_post_init is aiogram_compat._bind_bot, cls
    update = Update.model_validate(PRESS, context={"bot": bot})
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    markup = query.message.reply_markup
    assert markup is not None
    for item in (update, query, query.from_user, query.message, query.message.chat, markup):
        assert item.bot is bot
    assert markup.inline_keyboard[0][0].bot is bot
    assert query.message.model_copy(update={"text": "u"}).bot is bot
    assert SendMessage(chat_id=1, text="x").bot is None
    assert SendMessage(chat_id=1, text="x").as_(bot).bot is bot


def test_the_one_step_does_what_pydantic_and_aiogram_did() -> None:
    """What the seam assumes: aiogram's hook (behind pydantic's private-attribute set-up) leaves
    exactly `{"_bot": <the context's bot>}` as the private values, for every class changed."""
    bind_bot_in_one_step()
    replaced = aiogram_compat._REPLACED_HOOKS
    assert len(replaced) > 400  # every Telegram type and method
    bot = Bot("42:TEST")
    message = Message.model_validate(PRESS["callback_query"]["message"])  # type: ignore[index]
    for context in ({"bot": bot}, None, {}):
        object.__setattr__(message, "__pydantic_private__", None)
        replaced[Message](message, context)
        theirs = message.__pydantic_private__
        object.__setattr__(message, "__pydantic_private__", None)
        aiogram_compat._bind_bot(message, context)
        assert message.__pydantic_private__ == theirs == {"_bot": bot if context else None}


def test_a_model_with_more_private_attributes_keeps_pydantic_s_path() -> None:
    bind_bot_in_one_step()
    from pydantic import PrivateAttr

    class Extended(TelegramObject):
        value: int
        _seen: list[int] = PrivateAttr(default_factory=list)

    assert bind_bot_in_one_step() == 0  # the new class is not changed: `_bot` is not its only one
    bot = Bot("42:TEST")
    extended = Extended.model_validate({"value": 1}, context={"bot": bot})
    assert extended.bot is bot
    assert extended._seen == []


# ---------------------------------------------------------------- 7. no empty middleware layers


def _tree() -> tuple[Dispatcher, list[tuple[str, Any]]]:
    """Dispatcher → first (a handler that never matches) → second (an outer middleware that
    adds data) → third (the handler that answers), and a router after them never reached."""
    seen: list[tuple[str, Any]] = []
    dispatcher = Dispatcher()
    first, second, third, after = Router(name="1"), Router(name="2"), Router(name="3"), Router()

    @first.message(F.text == "never")
    async def never(message: Message) -> None:
        seen.append(("never", None))

    async def add_data(handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        seen.append(("outer", data["event_router"].name))
        data["added"] = "by the second router"
        return await handler(event, data)

    second.message.outer_middleware(add_data)

    @third.message(F.text)
    async def answer(message: Message, event_router: Router, added: str, bot: Bot) -> str:
        seen.append(("answer", (event_router.name, added, message.text, bot.id)))
        return "handled"

    @after.message()
    async def unreached(message: Message) -> None:
        seen.append(("unreached", None))

    second.include_router(third)
    dispatcher.include_routers(first, second, after)
    return dispatcher, seen


def _layers_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the routers an outer middleware chain is built for, as events pass."""
    built: list[str] = []
    original = TelegramEventObserver.wrap_outer_middleware

    def counted(self: TelegramEventObserver, callback: Any, event: Any, data: Any) -> Any:
        built.append(self.router.name)
        return original(self, callback, event, data)

    monkeypatch.setattr(TelegramEventObserver, "wrap_outer_middleware", counted)
    return built


async def _feed(dispatcher: Dispatcher) -> Any:
    bot = Bot("42:TEST")
    return await dispatcher.feed_update(bot, Update.model_validate(TEXT, context={"bot": bot}))


async def test_aiogram_still_builds_a_layer_for_every_router(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reason for the seam: aiogram wraps each router's (empty) outer middleware."""
    monkeypatch.setattr(Router, "propagate_event", aiogram_compat._AIOGRAM_PROPAGATE)
    built = _layers_built(monkeypatch)
    dispatcher, seen = _tree()
    assert await _feed(dispatcher) == "handled"
    # The update's own observer, then the dispatcher and every router on the way.
    assert built.count("1") == 1 and built.count("3") == 1 and len(built) >= 5
    assert ("answer", ("3", "by the second router", "hello", 42)) in seen


async def test_propagation_skips_only_empty_layers_and_keeps_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    propagate_without_empty_layers()
    built = _layers_built(monkeypatch)
    dispatcher, seen = _tree()
    assert await _feed(dispatcher) == "handled"
    # Only the second router has outer middleware (the dispatcher's update observer has the
    # update's own chain): nothing is built for the others.
    assert [name for name in built if name in {"1", "2", "3"}] == ["2"]
    assert seen == [
        ("outer", "2"),
        ("answer", ("3", "by the second router", "hello", 42)),
    ]


async def test_the_same_handlers_answer_with_and_without_the_seam(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    propagate_without_empty_layers()
    with_seam = _tree()
    assert await _feed(with_seam[0]) == "handled"
    monkeypatch.setattr(Router, "propagate_event", aiogram_compat._AIOGRAM_PROPAGATE)
    monkeypatch.setattr(
        MiddlewareManager, "wrap_middlewares", staticmethod(aiogram_compat._AIOGRAM_WRAP)
    )
    without = _tree()
    assert await _feed(without[0]) == "handled"
    assert with_seam[1] == without[1]


def test_a_wrapped_chain_calls_the_middlewares_in_order() -> None:
    calls: list[str] = []

    def middleware(name: str) -> Any:
        def run(handler: Any, event: Any, data: dict[str, Any]) -> Any:
            calls.append(name)
            return handler(event, data)

        return run

    def handler(event: Any, **data: Any) -> Any:
        calls.append(f"handler {event} {data}")
        return "done"

    chain = aiogram_compat._wrap_middlewares([middleware("a"), middleware("b")], handler)
    assert chain("e", {"k": 1}) == "done"
    assert calls == ["a", "b", "handler e {'k': 1}"]
