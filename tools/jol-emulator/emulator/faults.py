"""Scripted faults: "the next N calls of method M (in chat C) fail like this".

A bot's error policy (wait on 429, mark a user on 403, back off on 5xx, survive a reset
connection or a proxy's HTML error page) can only be tested if those errors can be produced on
demand. A rule is consumed before the call is processed, so a faulted call has no effect, as
when Telegram refuses a request.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["FAULT_KINDS", "FaultBook", "FaultRule"]

# error: a Bot API error answer; reset: the TCP connection is dropped without an answer;
# garbage: an undecodable non-JSON body (like a proxy's HTML page);
# delay: the call is answered normally after `delay` seconds (to exercise client timeouts).
FAULT_KINDS = ("error", "reset", "garbage", "delay")

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: scripted fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: scripted fault",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

# Methods that a rule without an explicit method does not hit: a rule meant for "the next
# send" should not be eaten by the polling loop or by start-up calls.
_IMPLICITLY_EXCLUDED = frozenset({"getupdates", "getme", "getwebhookinfo"})


@dataclass
class FaultRule:
    id: int
    kind: str
    remaining: int
    method: str | None = None  # lower-case Bot API method name
    chat_id: int | None = None
    bot_id: int | None = None
    status: int = 500
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    body: str = ""
    fired: int = 0

    def matches(self, bot_id: int, method: str, chat_id: int | None) -> bool:
        if self.remaining <= 0:
            return False
        if self.bot_id is not None and self.bot_id != bot_id:
            return False
        if self.method is not None:
            if self.method != method:
                return False
        elif method in _IMPLICITLY_EXCLUDED:
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(
        self,
        *,
        kind: str = "error",
        count: int = 1,
        method: str | None = None,
        chat_id: int | None = None,
        bot_id: int | None = None,
        status: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        body: str | None = None,
    ) -> FaultRule:
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        if kind == "garbage":
            status = status or 502
            body = (
                body
                if body is not None
                else (
                    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    "</body>\r\n</html>\r\n"
                )
            )
        if kind == "error":
            if retry_after is not None and status is None:
                status = 429
            status = status or 500
            if status == 429:
                retry_after = max(int(retry_after or 1), 1)
                description = description or f"Too Many Requests: retry after {retry_after}"
            description = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        rule = FaultRule(
            id=next(self._ids),
            kind=kind,
            remaining=count,
            method=method.lower() if method else None,
            chat_id=chat_id,
            bot_id=bot_id,
            status=status or 0,
            description=description or "",
            retry_after=retry_after,
            delay=float(delay),
            body=body or "",
        )
        self.rules.append(rule)
        return rule

    def take(self, bot_id: int, method: str, chat_id: int | None) -> FaultRule | None:
        """Consume one use of the first matching rule, oldest first."""
        for rule in self.rules:
            if rule.matches(bot_id, method, chat_id):
                rule.remaining -= 1
                rule.fired += 1
                return rule
        return None

    def remove(self, rule_id: int) -> bool:
        before = len(self.rules)
        self.rules = [rule for rule in self.rules if rule.id != rule_id]
        return len(self.rules) != before

    def clear(self) -> None:
        self.rules.clear()

    def active(self) -> list[FaultRule]:
        return [rule for rule in self.rules if rule.remaining > 0]
