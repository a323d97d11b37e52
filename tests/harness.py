"""Drive the real Jol bot through the Bot API emulator, the way a person would.

The harness runs the production runtime (`bot/runtime.py:build_runtime`: routers, middlewares,
DB storage, the cluster's user locks, the throughput tuning, the command menus, the sender and
the scheduled jobs) with the Bot pointed at an in-process emulator, long-polling it like the
real process. Tests act as users through the emulator's control API and assert what users see
and what is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.types import TelegramObject, Update
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.background import Background
from bot.config import Settings
from bot.i18n import Catalog
from bot.middleware_types import NextHandler, UpdateData
from bot.runtime import Runtime, build_runtime
from db.models import OutboxMessage
from emulator import ChatMessage, EmulatorClient, RunningEmulator, running_emulator
from emulator.timeouts import scaled

_user_ids = itertools.count(7_000_000_001)  # beyond 32 bits on purpose: ids are BigInteger


class ProcessedUpdates(BaseMiddleware):
    """Outermost middleware: records each update once its handler finished and its transaction
    committed, so a test's next step never races the bot."""

    def __init__(self) -> None:
        self.done: set[int] = set()
        self.changed = asyncio.Condition()

    async def __call__(self, handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
        try:
            return await handler(event, data)
        finally:
            assert isinstance(event, Update)
            async with self.changed:
                self.done.add(event.update_id)
                self.changed.notify_all()

    async def wait(self, update_id: int, timeout: float = 10.0) -> None:
        async with asyncio.timeout(scaled(timeout)), self.changed:
            await self.changed.wait_for(lambda: update_id in self.done)


@dataclass
class Harness:
    emu_running: RunningEmulator
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    catalog: Catalog
    bot: Bot
    dispatcher: Dispatcher
    processed: ProcessedUpdates = field(default_factory=ProcessedUpdates)
    background: Background | None = None
    runtime: Runtime | None = None
    _polling: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def emu(self) -> EmulatorClient:
        return self.emu_running.client

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A transaction for assertions (and for arranging data) outside any update."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def outbox_to(self, chat_id: int) -> list[OutboxMessage]:
        """Every outbox row for one chat, oldest first."""
        async with self.session() as session:
            rows = await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.chat_id == chat_id)
                .order_by(OutboxMessage.id)
            )
            return list(rows)

    # ---------------------------------------------------------------- people

    async def user(
        self,
        language_code: str | None = "ru",
        first_name: str = "Aida",
        *,
        user_id: int | None = None,
        **fields: Any,
    ) -> int:
        """A new simulated person (not yet talking to the bot)."""
        uid = user_id if user_id is not None else next(_user_ids)
        await self.emu.create_user(uid, first_name, language_code=language_code, **fields)
        return uid

    async def admin(self, language_code: str = "en") -> int:
        """The person whose id is in ADMIN_IDS for the test settings."""
        return await self.user(language_code, "Admin", user_id=self.settings.admin_ids[0])

    # ---------------------------------------------------------------- actions

    # Each action returns once the bot has fully handled it (handler done, transaction
    # committed), so the next assertion sees the stored result.

    async def send(self, user_id: int, text: str) -> None:
        await self._handled(await self.emu.send_text(user_id, text))

    async def send_in(self, chat_id: int, user_id: int, text: str) -> None:
        """The person writes `text` in a group chat (create it with `jol.emu.create_group`)."""
        await self._handled(await self.emu.send_text(user_id, text, chat_id=chat_id))

    async def start(self, user_id: int, payload: str | None = None) -> None:
        await self._handled(await self.emu.start(user_id, payload))

    async def click(self, user_id: int, text: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """Press an inline button (by its text, or callback_data=...)."""
        pressed = await self.emu.press_button(user_id, text, **kwargs)
        await self._handled(pressed)
        return pressed

    async def forge_click(
        self, user_id: int, callback_data: str, message_id: int | None = None
    ) -> dict[str, Any]:
        """A tampered client sends `callback_data` the bot never offered this person."""
        pressed = await self.emu.press_button(
            user_id, callback_data=callback_data, message_id=message_id, forged=True
        )
        await self._handled(pressed)
        return pressed

    async def press_reply(self, user_id: int, text: str) -> None:
        await self._handled(await self.emu.press_reply_button(user_id, text))

    async def send_document(
        self, user_id: int, filename: str, data: bytes, mime: str | None = None, **kwargs: Any
    ) -> None:
        await self._handled(await self.emu.send_document(user_id, filename, data, mime, **kwargs))

    async def send_photo(self, user_id: int, data: bytes, **kwargs: Any) -> None:
        await self._handled(await self.emu.send_photo(user_id, data, **kwargs))

    async def send_contact(self, user_id: int, **kwargs: Any) -> None:
        await self._handled(await self.emu.send_contact(user_id, **kwargs))

    async def _handled(self, action: dict[str, Any]) -> None:
        update_id = action.get("update_id")
        if update_id is not None:
            await self.processed.wait(int(update_id))

    # ---------------------------------------------------------------- what the person sees

    async def reply(
        self,
        user_id: int,
        predicate: Callable[[ChatMessage], bool] | None = None,
        *,
        timeout: float = 10.0,
        include_edits: bool = True,
    ) -> ChatMessage:
        """The next message (or edit) from the bot in the person's chat that matches."""
        return await self.emu.wait_for_message(
            user_id, predicate, timeout=timeout, include_edits=include_edits
        )

    async def reply_containing(
        self, user_id: int, *fragments: str, timeout: float = 10.0
    ) -> ChatMessage:
        def matches(message: ChatMessage) -> bool:
            body = message.text or message.caption or ""
            return all(f in body for f in fragments)

        return await self.reply(user_id, matches, timeout=timeout)

    async def chat(self, user_id: int) -> list[ChatMessage]:
        return await self.emu.bot_messages(user_id)

    async def last(self, user_id: int) -> ChatMessage:
        messages = await self.chat(user_id)
        assert messages, "the bot has not written to this person"
        return messages[-1]

    # ---------------------------------------------------------------- lifecycle

    async def stop(self) -> None:
        """Stop polling; the runtime stops the background work and closes the rest."""
        if self._polling is not None:
            with contextlib.suppress(RuntimeError):
                await self.dispatcher.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling


@contextlib.asynccontextmanager
async def running_jol(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    background: bool = True,
    **emulator_config: Any,
) -> AsyncIterator[Harness]:
    """The production runtime on the test's database (its engine, already migrated)."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    async with running_emulator(bots=[token], **emulator_config) as emu:
        settings = settings.model_copy(update={"telegram_api_base": emu.base_url})
        processed = ProcessedUpdates()
        engine = sessionmaker.kw["bind"]
        async with build_runtime(
            settings, engine=engine, background=background, observers=[processed]
        ) as runtime:
            assert runtime.dispatcher is not None
            harness = Harness(
                emu,
                settings,
                sessionmaker,
                runtime.catalog,
                runtime.bot,
                runtime.dispatcher,
                processed,
                background=runtime.background,
                runtime=runtime,
            )
            harness._polling = runtime.start_polling(polling_timeout=1)
            try:
                yield harness
            finally:
                await harness.stop()
                if harness.background is not None and harness.background is not runtime.background:
                    await harness.background.stop()  # a test started another one
