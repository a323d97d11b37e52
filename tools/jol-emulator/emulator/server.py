"""The aiohttp application and ways to run it: in-process for tests, or as a process.

    async with running_emulator() as emu:
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
        await emu.client.create_user(1001, first_name="Ann")
        ...

The server binds 127.0.0.1 by default: the control API has no authentication and must not be
reachable from other machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from .bot_api import EMULATOR_KEY, HTTP_KEY, handle_bot_request, handle_file_download
from .control import CLOSING_KEY, control_routes
from .flood import FloodConfig
from .methods_updates import terminate_long_poll
from .state import Emulator, EmulatorConfig
from .webhook import stop_webhook

if TYPE_CHECKING:
    from .client import EmulatorClient

__all__ = ["EmulatorServer", "RunningEmulator", "create_app", "running_emulator"]

log = logging.getLogger(__name__)

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@web.middleware
async def _cors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Let a playground page served from another local port call the control API.

    Only pages on localhost may, so that an arbitrary web site open in the developer's
    browser cannot drive the emulator.
    """
    origin = request.headers.get("Origin")
    allowed = (
        origin is not None
        and request.path.startswith("/__control/")
        and urlsplit(origin).hostname in _LOCAL_HOSTS
    )
    if request.method == "OPTIONS" and allowed:
        response: web.StreamResponse = web.Response(status=204)
    else:
        response = await handler(request)
    if allowed and origin is not None and not response.prepared:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Last-Event-ID"
        response.headers["Vary"] = "Origin"
    return response


async def _on_startup(app: web.Application) -> None:
    # One client session for webhook deliveries and file URLs given to send* methods.
    app[HTTP_KEY] = aiohttp.ClientSession()


async def _on_shutdown(app: web.Application) -> None:
    """Release long polls and event streams so that the server can stop at once."""
    app[CLOSING_KEY].set()
    emu = app[EMULATOR_KEY]
    for bot in emu.bots.values():
        terminate_long_poll(bot, "shutdown")
        stop_webhook(bot)
    emu.publish("emulator.stopping")


async def _on_cleanup(app: web.Application) -> None:
    session = app.get(HTTP_KEY)
    if session is not None:
        await session.close()


def create_app(emulator: Emulator | None = None) -> web.Application:
    """The emulator as an aiohttp application (Bot API, file downloads, control API)."""
    emu = emulator or Emulator()
    # Uploads up to Telegram's 50 MB limit plus form overhead.
    app = web.Application(
        middlewares=[_cors], client_max_size=emu.config.max_upload_bytes + 1024 * 1024
    )
    app[EMULATOR_KEY] = emu
    app[CLOSING_KEY] = asyncio.Event()
    app.add_routes(control_routes())
    app.add_routes(
        [
            web.route("*", "/bot{token}/{method}", handle_bot_request),
            web.get("/file/bot{token}/{path:.+}", handle_file_download, allow_head=False),
        ]
    )
    app.on_startup.append(_on_startup)
    app.on_shutdown.append(_on_shutdown)
    app.on_cleanup.append(_on_cleanup)
    return app


class EmulatorServer:
    """Runs the application on a TCP port; `port=0` picks a free one."""

    def __init__(
        self, emulator: Emulator | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.emulator = emulator or Emulator()
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        # handler_cancellation: a client that goes away (a stopped poller) ends its request;
        # no access log, because URLs contain bot tokens.
        self._runner = web.AppRunner(
            create_app(self.emulator),
            handler_cancellation=True,
            access_log=None,
            shutdown_timeout=1.0,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        # With port 0 the OS picked one; read it back.
        self.port = int(self._runner.addresses[0][1])
        log.info("Telegram Bot API emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


@dataclass
class RunningEmulator:
    server: EmulatorServer
    client: EmulatorClient

    @property
    def emulator(self) -> Emulator:
        return self.server.emulator

    @property
    def base_url(self) -> str:
        """Use as TELEGRAM_API_BASE / `TelegramAPIServer.from_base(base_url)`."""
        return self.server.base_url

    @property
    def port(self) -> int:
        return self.server.port


@contextlib.asynccontextmanager
async def running_emulator(
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    config: EmulatorConfig | None = None,
    flood: FloodConfig | None = None,
    bots: Iterable[str] = (),
    **config_changes: Any,
) -> AsyncIterator[RunningEmulator]:
    """Start an emulator in this event loop; tokens in `bots` are registered up front."""
    from .client import EmulatorClient

    emulator = Emulator(config=config, flood=flood)
    if config_changes:
        emulator.config.update(config_changes)
    for token in bots:
        emulator.register_bot(token)
    server = EmulatorServer(emulator, host=host, port=port)
    await server.start()
    client = EmulatorClient(server.base_url)
    try:
        yield RunningEmulator(server=server, client=client)
    finally:
        await client.close()
        await server.stop()
