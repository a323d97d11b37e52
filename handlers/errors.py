"""The last line of defence: log the failure without personal data, and tell the person."""

from __future__ import annotations

import contextlib
import logging
import traceback

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, User

from bot.config import Settings
from bot.i18n import Catalog, Translator, pick_locale

router = Router(name=__name__)
log = logging.getLogger("jol.errors")


def redacted_traceback(exc: BaseException) -> str:
    """Frames only. The exception's message is dropped: it can carry SQL parameters, a
    contract's text or a phone number."""
    frames = traceback.format_tb(exc.__traceback__)
    return "".join(frames[-8:]) + type(exc).__name__


@router.errors()
async def on_error(event: ErrorEvent, bot: Bot, catalog: Catalog, **data: object) -> bool:
    update = event.update
    log.error(
        "handler failed",
        extra={
            "update_id": update.update_id,
            "type": update.event_type,
            "error": type(event.exception).__name__,
            "trace": redacted_traceback(event.exception),
        },
    )
    t = data.get("t")
    if isinstance(t, Translator):
        translator = t
    else:
        # Failed before the person's row was read: their Telegram language, as for a newcomer.
        sender = data.get("event_from_user")
        settings = data.get("settings")
        translator = catalog.translator(
            pick_locale(
                None,
                sender.language_code if isinstance(sender, User) else None,
                settings.default_locale if isinstance(settings, Settings) else "ky",
            )
        )
    chat_id = None
    if update.message:
        chat_id = update.message.chat.id
    elif update.callback_query:
        chat_id = update.callback_query.from_user.id
    if chat_id is not None:
        with contextlib.suppress(TelegramAPIError):
            await bot.send_message(chat_id, translator("error-generic"))
    return True
