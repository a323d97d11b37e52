"""The content the bot serves, swapped whole on /reload_content.

A broken edit must never take the guides offline: `reload()` builds a new store first and
only replaces the current one when the new files are valid; otherwise it reports the problems
and the last good content keeps being served.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from aiogram.types import TelegramObject

from content import ContentError, ContentStore, load_content
from db.types import utcnow

log = logging.getLogger("jol.content")


class ContentHolder:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._store: ContentStore | None = None
        self.loaded_at: datetime | None = None
        #: Problems found by the last failed reload (cleared by a successful one).
        self.last_problems: list[str] = []

    @property
    def store(self) -> ContentStore:
        """The current content; loaded on first use. The shipped files are validated in CI,
        so a failure here is a deployment error and is raised, not hidden."""
        if self._store is None:
            self._store = load_content(self.path)
            self.loaded_at = utcnow()
        return self._store

    async def reload(self) -> list[str]:
        """Load the files again; [] on success, else the problems (old content stays)."""
        try:
            # File reading and validation take a few tens of ms: keep them off the event loop.
            new = await asyncio.to_thread(load_content, self.path)
        except ContentError as exc:
            self.last_problems = exc.problems
            log.warning("content reload refused", extra={"problems": len(exc.problems)})
            return exc.problems
        old = self._store.version if self._store else None
        self._store, self.loaded_at, self.last_problems = new, utcnow(), []
        log.info("content reloaded", extra={"old": old, "new": new.version})
        return []


#: The process-wide holder. Tests (or the app) may put another one into the Dispatcher as
#: `content_holder`, e.g. `dispatcher["content_holder"] = ContentHolder(tmp_path)`.
DEFAULT_HOLDER = ContentHolder()


def holder_from(data: Mapping[str, Any]) -> ContentHolder:
    holder = data.get("content_holder")
    return holder if isinstance(holder, ContentHolder) else DEFAULT_HOLDER


async def inject_content(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """Router middleware: `content` (the current store) and `content_holder` for handlers."""
    holder = holder_from(data)
    data["content_holder"] = holder
    data["content"] = holder.store
    return await handler(event, data)
