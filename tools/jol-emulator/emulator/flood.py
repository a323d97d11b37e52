"""Flood control: Telegram's 429 "Too Many Requests: retry after N".

Telegram does not publish its limits; the commonly observed ones are about 1 message per second
per chat, 20 per minute per group and about 30 per second for the whole bot. A broadcast worker
that paces itself correctly never sees a 429 here; one that does not, gets the same answer as
from Telegram, including a ban that refuses *every* send until `retry_after` has passed.

Limits are sliding windows ("at most `limit` sends in any `window` seconds"). Off by default so
that functional tests are not coupled to timing; tests of pacing switch it on.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .errors import ApiError, too_many_requests

__all__ = ["FloodConfig", "FloodMeter"]


@dataclass
class FloodConfig:
    enabled: bool = False
    global_limit: int = 30
    global_window: float = 1.0
    chat_limit: int = 1
    chat_window: float = 1.0
    group_limit: int = 20
    group_window: float = 60.0
    # Fixed retry_after to answer (seconds). None: the time until the window frees up.
    retry_after: int | None = None
    # Telegram also limits edits; off by default because bots edit progress messages often.
    count_edits: bool = False

    def update(self, changes: dict[str, Any]) -> None:
        names = {f.name for f in fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown flood settings: {', '.join(sorted(unknown))}")
        for name, value in changes.items():
            if name == "retry_after":
                value = None if value is None else max(int(value), 1)
            elif name in ("enabled", "count_edits"):
                value = bool(value)
            elif name.endswith("_limit"):
                value = int(value)
                if value < 1:
                    raise ValueError(f"{name} must be at least 1")
            else:
                value = float(value)
                if value <= 0:
                    raise ValueError(f"{name} must be positive")
            setattr(self, name, value)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FloodMeter:
    """Per-bot send history and bans."""

    sends: deque[float] = field(default_factory=deque)
    chat_sends: dict[int, deque[float]] = field(default_factory=dict)
    banned_until: float = 0.0
    chat_banned_until: dict[int, float] = field(default_factory=dict)

    def check(self, config: FloodConfig, chat_id: int, is_group: bool, now: float) -> None:
        """Raise a 429 ApiError if a send to `chat_id` now would exceed a limit."""
        if not config.enabled:
            return
        if self.banned_until > now:
            raise too_many_requests(math.ceil(self.banned_until - now))
        chat_ban = self.chat_banned_until.get(chat_id, 0.0)
        if chat_ban > now:
            raise too_many_requests(math.ceil(chat_ban - now))
        window_error = self._check_window(
            self.sends, config.global_limit, config.global_window, now, config
        )
        if window_error is not None:
            self.banned_until = now + (window_error.retry_after or 1)
            raise window_error
        history = self.chat_sends.get(chat_id, deque())
        limit, window = (
            (config.group_limit, config.group_window)
            if is_group
            else (config.chat_limit, config.chat_window)
        )
        window_error = self._check_window(history, limit, window, now, config)
        if window_error is not None:
            self.chat_banned_until[chat_id] = now + (window_error.retry_after or 1)
            raise window_error

    @staticmethod
    def _check_window(
        history: deque[float], limit: int, window: float, now: float, config: FloodConfig
    ) -> ApiError | None:
        while history and history[0] <= now - window:
            history.popleft()
        if len(history) < limit:
            return None
        wait = config.retry_after or math.ceil(history[0] + window - now)
        return too_many_requests(wait)

    def record(self, chat_id: int, now: float) -> None:
        self.sends.append(now)
        self.chat_sends.setdefault(chat_id, deque()).append(now)
        # Keep memory bounded on long runs: nothing older than a minute matters by default.
        while self.sends and self.sends[0] < now - 3600:
            self.sends.popleft()
