"""`python -m bot` with a bad setting, or a service it cannot reach: one line naming the variable
(or the service's variable), a non-zero exit, never a traceback. Real processes, real servers."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from emulator import RunningEmulator
from emulator.timeouts import scaled
from tests import dbs
from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

TOKEN = "4242424242:E2E-token"
CLOSED = "127.0.0.1:1"  # nothing listens on port 1: connection refused at once
# Blocks the redis package in the child, as if it were not installed.
WITHOUT_REDIS = "import sys, runpy; sys.modules['redis'] = None; runpy.run_module('bot', "
WITHOUT_REDIS += "run_name='__main__', alter_sys=True)"


@dataclass
class Exited:
    code: int
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


async def run_bot(folder: Path, *args: str, python_code: str | None = None, **env: str) -> Exited:
    environment = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": f"http://{CLOSED}",
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'jol.sqlite3'}",
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": "WARNING",
        "HEALTH_PORT": "0",
        **env,
    }
    command = ["-c", python_code] if python_code else ["-m", "bot"]
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command, *args, cwd=folder, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _out, err = await asyncio.wait_for(process.communicate(), scaled(90))
    assert process.returncode is not None
    return Exited(process.returncode, err.decode(errors="replace"))


def assert_one_line(result: Exited, code: int, *fragments: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == code, result.stderr
    assert len(result.lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.lines[0], result.stderr


@pytest.mark.parametrize(
    ("env", "fragments"),
    [
        ({"LOG_LEVEL": "loud"}, ["LOG_LEVEL", "DEBUG, INFO, WARNING"]),
        ({"LOG_FORMAT": "xml"}, ["LOG_FORMAT", "json, plain"]),
        ({"STAFF_CHAT_ID": "staff"}, ["STAFF_CHAT_ID"]),
        ({"WEBHOOK_URL": "https://jol.example.org/tg"}, ["WEBHOOK_SECRET", "WEBHOOK_URL"]),
        (
            {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PASSWORD": "x"},
            ["DATABASE_URL", "POSTGRES_HOST"],
        ),
        ({"CONTENT_POLL_SECONDS": "0"}, ["CONTENT_POLL_SECONDS"]),
    ],
    ids=[
        "log-level",
        "log-format",
        "staff-chat",
        "webhook-secret",
        "two-databases",
        "content-poll",
    ],
)
async def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], fragments: list[str]
) -> None:
    result = await run_bot(tmp_path, "run", **env)
    assert_one_line(result, 2, "Invalid configuration", *fragments)


async def test_redis_url_without_the_redis_package(tmp_path: Path) -> None:
    result = await run_bot(
        tmp_path, "run", python_code=WITHOUT_REDIS, REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert_one_line(result, 2, "REDIS_URL", "redis package")


async def test_empty_optional_variables_mean_not_set_and_alembic_is_quiet(
    tmp_path: Path,
) -> None:
    result = await run_bot(
        tmp_path, "migrate", LOG_LEVEL="INFO",
        STAFF_CHAT_ID="", REDIS_URL="", WEBHOOK_URL="", ADMIN_IDS="", TIMEZONE="",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "migrations applied" in result.stderr
    assert "setup plugin" not in result.stderr


async def test_unreachable_postgresql(tmp_path: Path) -> None:
    result = await run_bot(tmp_path, "run", DATABASE_URL=f"postgresql://jol:pw@{CLOSED}/jol")
    assert_one_line(result, 1, "DATABASE_URL", "PostgreSQL at 127.0.0.1:1/jol", "Refused")


async def test_postgresql_refusing_the_login_says_why(tmp_path: Path) -> None:
    server = dbs.SERVER_URL.removeprefix("postgresql+asyncpg://").rpartition("@")[2]
    url = f"postgresql://no_such_role_jol@{server}/jol"
    result = await run_bot(tmp_path, "run", DATABASE_URL=url)
    # The server's own words (role unknown or password refused, depending on its auth rules).
    assert_one_line(result, 1, "DATABASE_URL", "no_such_role_jol")


async def test_unreachable_redis(tmp_path: Path) -> None:
    result = await run_bot(tmp_path, "run", REDIS_URL=f"redis://{CLOSED}/0")
    assert_one_line(result, 1, "REDIS_URL", "127.0.0.1:1")


async def test_unreachable_bot_api(tmp_path: Path) -> None:
    result = await run_bot(tmp_path, "run")
    assert_one_line(result, 1, "TELEGRAM_API_BASE", f"http://{CLOSED}", "Cannot connect")


async def test_a_token_the_bot_api_refuses(tmp_path: Path, emu: RunningEmulator) -> None:
    result = await run_bot(
        tmp_path, "run", TELEGRAM_API_BASE=emu.base_url, BOT_TOKEN="4242424242:wrong-secret"
    )  # the emulator knows this bot (conftest's TOKEN) with another secret
    assert_one_line(result, 1, "BOT_TOKEN", "refused")


async def test_a_health_port_in_use(tmp_path: Path) -> None:
    sender = "import runpy; runpy.run_module('bot.workers.run_sender', run_name='__main__')"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await run_bot(tmp_path, python_code=sender, HEALTH_PORT=str(port))
    assert_one_line(result, 1, "HEALTH_PORT", f"127.0.0.1:{port}")


async def test_a_webhook_port_in_use(tmp_path: Path, emu: RunningEmulator) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await run_bot(
            tmp_path, "run",
            TELEGRAM_API_BASE=emu.base_url,
            WEBHOOK_URL="https://jol.example.org/tg/hook", WEBHOOK_SECRET="e2e-secret",
            WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
        )  # fmt: skip
    assert_one_line(result, 1, "WEBHOOK_PORT", f"127.0.0.1:{port}")
