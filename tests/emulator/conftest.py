"""Fixtures: a fresh emulator per test and a real aiogram Bot talking to it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from aiogram import Bot
from emulator_support import ANN, TOKEN, make_bot

from emulator import EmulatorClient, RunningEmulator, running_emulator


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[RunningEmulator]:
    async with running_emulator(bots=[TOKEN]) as running:
        yield running


@pytest_asyncio.fixture
async def client(emu: RunningEmulator) -> EmulatorClient:
    return emu.client


@pytest_asyncio.fixture
async def bot(emu: RunningEmulator) -> AsyncIterator[Bot]:
    instance = make_bot(emu.base_url)
    yield instance
    await instance.session.close()


@pytest_asyncio.fixture
async def ann(client: EmulatorClient) -> int:
    """A user who has started the bot, so the bot may write to her."""
    await client.create_user(ANN, "Ann", last_name="Lee", language_code="ru")
    await client.start(ANN)
    return ANN
