"""`python -m emulator`: run the Telegram Bot API emulator as a process.

    python -m emulator --host 127.0.0.1 --port 8081 --bot 123456:TEST-token

Prints one line `emulator listening on http://HOST:PORT` once the port is bound (useful with
`--port 0`; `--port-file` writes the port for scripts) and stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from pathlib import Path

from .flood import FloodConfig
from .server import EmulatorServer
from .state import Emulator, EmulatorConfig


def _parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m emulator", description="Local Telegram Bot API emulator."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8081, help="port; 0 picks a free one")
    parser.add_argument("--port-file", type=Path, help="write the bound port to this file")
    parser.add_argument(
        "--bot", action="append", default=[], metavar="TOKEN", help="register a bot token"
    )
    parser.add_argument("--bot-username", default=EmulatorConfig.bot_username)
    parser.add_argument(
        "--callback-timeout",
        type=float,
        default=EmulatorConfig.callback_answer_timeout,
        help="seconds a callback query may stay unanswered (Telegram: about 15)",
    )
    parser.add_argument(
        "--lenient-ampersand",
        action="store_true",
        help="accept a bare '&' in HTML as Telegram's server does (default: refuse it)",
    )
    parser.add_argument(
        "--flood", action="store_true", help="enable flood control with Telegram-like limits"
    )
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    config = EmulatorConfig(
        bot_username=args.bot_username,
        callback_answer_timeout=args.callback_timeout,
        strict_ampersand=not args.lenient_ampersand,
    )
    emulator = Emulator(config=config, flood=FloodConfig(enabled=args.flood))
    for token in args.bot:
        emulator.register_bot(token)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        logging.getLogger("emulator").warning(
            "binding %s: the control API has no authentication and is now reachable "
            "from other machines",
            args.host,
        )
    server = EmulatorServer(emulator, host=args.host, port=args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not available on Windows
            loop.add_signal_handler(sig, stop.set)
    await server.start()
    print(f"emulator listening on {server.base_url}", flush=True)
    if args.port_file:
        args.port_file.write_text(str(server.port))
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
