"""A local Telegram Bot API emulator for end-to-end tests and the playground.

It speaks the Bot API over HTTP (so a real aiogram bot long-polls it or receives webhooks from
it through `TELEGRAM_API_BASE`), validates requests as strictly as Telegram (HTML entities,
lengths, callback data, answer timeouts, blocked users, flood limits) and offers a control API
under `/__control/` to simulate users and inspect everything the bot did.

    python -m emulator --port 8081
    async with running_emulator() as emu: ...
"""

from .client import ChatMessage, EmulatorClient, EmulatorError
from .faults import FaultRule
from .flood import FloodConfig
from .server import EmulatorServer, RunningEmulator, create_app, running_emulator
from .state import Emulator, EmulatorConfig

__all__ = [
    "ChatMessage",
    "Emulator",
    "EmulatorClient",
    "EmulatorConfig",
    "EmulatorError",
    "EmulatorServer",
    "FaultRule",
    "FloodConfig",
    "RunningEmulator",
    "create_app",
    "running_emulator",
]
