"""The guides' view of the runtime's content holder (content/library.py:ContentHolder).

One holder per runtime: `bot/runtime.py:build_runtime` creates it and puts it into the
dispatcher as `content_holder`; this middleware also hands the guides' handlers the current
guides as `content`, read once per update so one update sees one version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.types import TelegramObject

from bot.middleware_types import NextHandler, UpdateData
from content.library import ContentHolder


def holder_from(data: Mapping[str, Any]) -> ContentHolder:
    holder = data.get("content_holder")
    if not isinstance(holder, ContentHolder):
        raise LookupError("no content_holder in the dispatcher (bot/runtime.py puts it there)")
    return holder


async def inject_content(handler: NextHandler, event: TelegramObject, data: UpdateData) -> Any:
    """Router middleware: `content` (the current guides) and `content_holder` for handlers."""
    holder = holder_from(data)
    data["content"] = holder.store
    return await handler(event, data)


__all__ = ["ContentHolder", "holder_from", "inject_content"]
