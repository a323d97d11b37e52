"""The one place that builds the Bot and the Dispatcher (used by bot/runtime.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bot_session import JsonAiohttpSession
from bot.callbacks import AnswerCallbacks, TrackCallbackAnswers
from bot.config import Settings
from bot.content_releases import ServeContent, seed_library
from bot.features import Feature, deep_links_of, personal_data_of
from bot.i18n import Catalog
from bot.middlewares.clean_text import CleanText
from bot.middlewares.db import UpdateTransaction
from bot.middlewares.logging import UpdateLogMiddleware
from bot.middlewares.modes import LeaveModes
from bot.middlewares.user import UserMiddleware
from bot.retry_after import RetryAfterOnce
from db.fsm_storage import SqlStorage


def create_bot(settings: Settings, token: str | None = None) -> Bot:
    """Every Bot in the process is made here, so all of them talk to TELEGRAM_API_BASE."""
    raw_token = token or (settings.bot_token.get_secret_value() if settings.bot_token else None)
    if not raw_token:
        raise ValueError("BOT_TOKEN is required to create a Bot")
    session = JsonAiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_base),
        # aiohttp keeps at most `limit` connections: the outbox's parallel sends plus room
        # for the handlers' own calls, or sends would queue for a socket behind the pacer.
        limit=max(100, settings.send_concurrency + 50),
    )
    session.middleware(TrackCallbackAnswers())
    session.middleware(RetryAfterOnce())
    return Bot(
        token=raw_token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog | None = None,
    storage: BaseStorage | None = None,
    observers: Sequence[BaseMiddleware] = (),
    features: Sequence[Feature] | None = None,
    **dependencies: Any,
) -> Dispatcher:
    """Long-lived dependencies go into the Dispatcher and reach handlers by parameter name.

    `observers` wrap everything else (outermost): they see an update only once its transaction
    has committed or rolled back — the place for metrics and for test probes. The routers are
    built fresh from `features` (default `handlers.FEATURES`), whose deep links and
    personal-data sections reach handlers as `deep_links` and `personal_data`.
    """
    from handlers import FEATURES, build_root_router

    if features is None:
        features = FEATURES
    catalog = catalog or Catalog.load()
    dependencies.setdefault("deep_links", deep_links_of(features))
    dependencies.setdefault("personal_data", personal_data_of(features))
    if "content_holder" not in dependencies:
        # build_runtime passes the runtime's holder; a dispatcher made on its own (a test)
        # gets one of its own on the seed files.
        from content.library import ContentHolder

        dependencies["content_holder"] = ContentHolder(seed_library(settings))
    dispatcher = Dispatcher(
        storage=storage or SqlStorage(sessionmaker, settings.tz),
        settings=settings,
        sessionmaker=sessionmaker,
        catalog=catalog,
        # Ours replaces aiogram's FSM middleware further in (see bot/middlewares/db.py), so
        # observers and the log see the update outside its transaction.
        disable_fsm=True,
        **dependencies,
    )
    for observer in observers:
        dispatcher.update.outer_middleware(observer)
    # Before anything reads the update: NUL and lone surrogates would fail the save.
    dispatcher.update.outer_middleware(CleanText())
    dispatcher.update.outer_middleware(ServeContent(dependencies["content_holder"]))
    token = settings.bot_token.get_secret_value() if settings.bot_token else "jol"
    dispatcher.update.outer_middleware(UpdateLogMiddleware(key=token.encode()))
    dispatcher.fsm = UpdateTransaction(dispatcher.fsm, sessionmaker)
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(UserMiddleware(catalog, settings))
    # A command or a main-menu tap ends any free-text mode before a handler is chosen.
    dispatcher.message.outer_middleware(LeaveModes())
    dispatcher.callback_query.outer_middleware(LeaveModes())
    # Every callback is answered once, even when the handler fails: no button keeps spinning.
    dispatcher.callback_query.middleware(AnswerCallbacks())
    dispatcher.include_router(build_root_router(features))
    return dispatcher
