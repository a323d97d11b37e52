"""A round-robin proxy in front of several bot processes that delivers like Telegram does.

The emulator posts each update to the proxy, one at a time; the proxy takes it at once and
delivers it the way Telegram's webhook sender does (tdlib/telegram-bot-api, WebhookActor): the
updates of one chat one after another, different chats in parallel, an update resent until a
backend answers 2xx. Backends are taken in turn, so consecutive updates of one person land on
different processes.

`duplicate(update_id)` says which updates to deliver twice at the same time, to two
backends: what happens when Telegram resends an update whose first request is still being
handled (its answer was late or the connection dropped).
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from emulator.timeouts import scaled

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Queued = tuple[dict[str, Any], dict[str, str]]  # an update and the headers to pass on


def chat_of(update: dict[str, Any]) -> int:
    for value in update.values():
        if isinstance(value, dict):
            chat = value.get("chat") or (value.get("message") or {}).get("chat")
            if isinstance(chat, dict):
                return int(chat["id"])
            sender = value.get("from")
            if isinstance(sender, dict):
                return int(sender["id"])
    return 0


class TelegramLikeProxy:
    def __init__(
        self,
        backends: list[str],
        *,
        duplicate: Callable[[int], bool] = lambda _update_id: False,
    ) -> None:
        self.backends = backends
        self.duplicate = duplicate
        self._turn = itertools.count()
        self._queues: dict[int, asyncio.Queue[Queued]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._unfinished = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepted: Counter[str] = Counter()  # 2xx answers by backend
        self.answers: dict[int, list[int]] = defaultdict(list)  # statuses by update_id
        self._http: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> str:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        app = web.Application()
        app.add_routes([web.post("/{tail:.*}", self._accept)])
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def idle(self, timeout: float = 60.0) -> None:
        """Until every update taken so far was accepted by a backend."""
        async with asyncio.timeout(scaled(timeout)):
            await self._idle.wait()

    async def _accept(self, request: web.Request) -> web.Response:
        update = await request.json()
        headers = {SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        chat = chat_of(update)
        queue = self._queues.get(chat)
        if queue is None:
            queue = self._queues[chat] = asyncio.Queue()
            self._workers.append(asyncio.create_task(self._deliver_chat(queue)))
        self._unfinished += 1
        self._idle.clear()
        queue.put_nowait((update, headers))
        return web.Response()

    async def _deliver_chat(self, queue: asyncio.Queue[Queued]) -> None:
        while True:
            update, headers = await queue.get()
            update_id = int(update["update_id"])
            delay = 0.05
            while True:
                copies = 2 if self.duplicate(update_id) else 1
                statuses = await asyncio.gather(
                    *(self._post(update, headers) for _ in range(copies))
                )
                self.answers[update_id].extend(statuses)
                if any(200 <= s < 300 for s in statuses):
                    break
                await asyncio.sleep(delay)  # like Telegram: back off, then resend
                delay = min(delay * 2, 1.0)
            self._unfinished -= 1
            if self._unfinished == 0:
                self._idle.set()

    async def _post(self, update: dict[str, Any], headers: dict[str, str]) -> int:
        assert self._http is not None
        backend = self.backends[next(self._turn) % len(self.backends)]
        try:
            async with self._http.post(backend, json=update, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    self.accepted[backend] += 1
                return response.status
        except aiohttp.ClientError:
            return 599
