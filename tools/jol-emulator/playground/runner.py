"""Start the playground: the Bot API emulator, the real bot long-polling it, demo data and the
web chat page, all in one process and one event loop on 127.0.0.1.

    async with running_playground(settings) as pg:
        print(pg.url)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import poll_until_stopped
from bot.config import Settings
from bot.runtime import build_runtime
from bot.web.pages import mount
from emulator import Emulator, EmulatorClient, EmulatorConfig, EmulatorServer
from playground.seed import DEMO_PEOPLE, seed_database, seed_emulator
from playground.web import WebContext, create_web_app, is_loopback

log = logging.getLogger("jol.playground")

# A fixed, obviously fake token: the emulator accepts any well-formed one.
PLAYGROUND_TOKEN = "1000000001:PLAYGROUND"  # noqa: S105 - not a secret
PLAYGROUND_BOT_ID = 1000000001
BOT_NAME = "Jol · Жол"
PLAYGROUND_DATABASE_URL = "sqlite+aiosqlite:///./data/playground.sqlite3"
READY_TIMEOUT = 60.0


@dataclass
class RunningPlayground:
    url: str
    emulator_url: str
    client: EmulatorClient
    settings: Settings  # what the bot runs with
    bot: asyncio.Task[None]  # run_polling; done early only if the bot crashed


def playground_settings(settings: Settings, emulator_url: str) -> Settings:
    """The operator's settings with the bot pointed at the emulator. The database is a
    playground one unless DATABASE_URL was given, so trying Jol never touches real data."""
    database_url = (
        settings.database_url
        if "database_url" in settings.model_fields_set
        else PLAYGROUND_DATABASE_URL
    )
    return settings.model_copy(
        update={
            "bot_token": SecretStr(PLAYGROUND_TOKEN),
            "telegram_api_base": emulator_url,
            "database_url": database_url,
        }
    )


def describe_database(settings: Settings, *, short: bool = False) -> str:
    """The database for people to read: a file path (`short`: its name, for the page), or a
    server URL without its password."""
    path = settings.sqlite_path()
    if path is not None:
        return path.name if short else str(path)
    return make_url(settings.database_url).render_as_string(hide_password=True)


async def _start_emulator(port: int) -> EmulatorServer:
    # Lenient about a bare "&" like Telegram's own server: editors review what people would see.
    # The emulator's control API has no authentication: it always binds loopback only.
    emulator = Emulator(
        EmulatorConfig(
            bot_username="jol_playground_bot", bot_first_name=BOT_NAME, strict_ampersand=False
        )
    )
    server = EmulatorServer(emulator, host="127.0.0.1", port=port)
    try:
        await server.start()
    except OSError:
        if port == 0:
            raise
        log.warning("port %s is busy; the emulator takes a free one", port)
        server = EmulatorServer(emulator, host="127.0.0.1", port=0)
        await server.start()
    return server


def _bind(host: str, port: int) -> socket.socket:
    """The page's listening socket, bound before the bot starts: the console's sign-in links
    (CONSOLE_URL) must name the page's real port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        if port == 0:
            sock.close()
            raise
        # Another program (often another dev server) has the port: any free one will do, the
        # address is printed anyway.
        log.warning("port %s is busy; the playground page takes a free one", port)
        sock.bind((host, 0))
    return sock


async def _start_web(app: web.Application, sock: socket.socket) -> web.AppRunner:
    # handler_cancellation: a closed tab ends its event stream at once.
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return runner


async def _wait_until_polling(client: EmulatorClient, bot: asyncio.Task[None]) -> None:
    """The bot is ready once it asks for updates; a bot that crashed on start raises here."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_TIMEOUT
    while not (await client.stats())["methods"].get("getUpdates"):
        if bot.done():
            bot.result()
            raise RuntimeError("the bot stopped before it started polling")
        if loop.time() > deadline:
            raise TimeoutError("the bot did not start polling the emulator")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def running_playground(
    settings: Settings, stop: asyncio.Event | None = None
) -> AsyncIterator[RunningPlayground]:
    """Everything started and the bot polling; on exit the bot drains first, then the emulator
    and the page stop."""
    stop = stop or asyncio.Event()
    emulator = await _start_emulator(settings.playground_api_port)
    client = EmulatorClient(emulator.base_url)
    host = settings.playground_host
    sock = _bind(host, settings.playground_port)
    port = int(sock.getsockname()[1])
    shown_host = f"[{host}]" if ":" in host else host
    page_url = f"http://{shown_host}:{port}/"
    # The staff console is served on the page's own server, at /console.
    bot_settings = playground_settings(settings, emulator.base_url).model_copy(
        update={"console_url": f"{page_url}console"}
    )
    runtimes = contextlib.AsyncExitStack()
    runner: web.AppRunner | None = None
    bot: asyncio.Task[None] | None = None
    try:
        await client.register_bot(PLAYGROUND_TOKEN, first_name=BOT_NAME)
        await seed_emulator(client)

        async def seed(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
            await seed_database(sessionmaker, granted_by=PLAYGROUND_BOT_ID)

        runtime = await runtimes.enter_async_context(build_runtime(bot_settings, prepare=seed))
        sessionmaker = runtime.sessionmaker
        context = WebContext(
            client=client,
            emulator_url=emulator.base_url,
            sessionmaker=sessionmaker,
            admin_ids=settings.admin_ids,
            database=describe_database(bot_settings, short=True),
            check_host=is_loopback(host),
        )
        app = create_web_app(context)
        mount(app, runtime.web_pages())
        runner = await _start_web(app, sock)
        bot = asyncio.create_task(poll_until_stopped(runtime, stop), name="playground-bot")
        await _wait_until_polling(client, bot)
        yield RunningPlayground(
            url=page_url,
            emulator_url=emulator.base_url,
            client=client,
            settings=bot_settings,
            bot=bot,
        )
    finally:
        stop.set()
        if bot is not None:
            # A crash of the bot is reported by the caller (run_playground re-raises it).
            await asyncio.gather(bot, return_exceptions=True)
        await runtimes.aclose()
        # The emulator before the page: it ends its event streams itself, so the page's
        # pass-through sees a clean end instead of a connection cut under it.
        await client.close()
        await emulator.stop()
        if runner is not None:
            await runner.cleanup()
        sock.close()


async def run_playground(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """`python -m bot playground`: run until Ctrl-C (SIGINT) or SIGTERM."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    # Installed before anything starts, so Ctrl-C during start-up also stops cleanly.
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    staff_names = " or ".join(p.first_name for p in DEMO_PEOPLE if p.role is not None)
    async with running_playground(settings, stop) as pg:
        if not is_loopback(settings.playground_host):
            print("WARNING: the playground is reachable from other machines", flush=True)
        print(
            f"\nJol playground is running: open {pg.url}\n"
            f"(Bot API emulator at {pg.emulator_url}; database {describe_database(pg.settings)})\n"
            f"Staff console: {pg.settings.console_url} (send /console as {staff_names})\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait({stopped, pg.bot}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
    if not pg.bot.cancelled() and pg.bot.exception() is not None:
        raise RuntimeError("the bot stopped with an error") from pg.bot.exception()
    print("Jol playground stopped.", flush=True)
