from __future__ import annotations

import os

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import ConfigError, load_settings
from db.engine import create_engine
from tests import dbs


def test_defaults_are_the_embedded_sqlite_and_bishkek(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "TIMEZONE", "ADMIN_IDS", "BOT_TOKEN", "TELEGRAM_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///./data/")
    assert settings.timezone == "Asia/Bishkek"
    assert settings.telegram_api_base == "https://api.telegram.org"
    assert settings.bot_token is None


def test_admin_ids_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "5000000001, 42")
    assert load_settings(_env_file=None).admin_ids == (5000000001, 42)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "1,two"),
        ("TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://x"),
        ("TELEGRAM_API_BASE", "127.0.0.1:8081"),
        ("BOT_TOKEN", "not-a-token"),
        ("DEFAULT_LOCALE", "de"),
        ("EVENT_LOOP", "trio"),
    ],
)
def test_bad_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    assert name in caught.value.message


def test_libpq_style_postgres_url_uses_asyncpg() -> None:
    url = load_settings(_env_file=None, database_url="postgresql://u@h/db").database_url
    assert url == "postgresql+asyncpg://u@h/db"


SPECIAL_PASSWORD = "p@ss/w:rd#1?%&"


def test_postgres_parts_survive_any_password() -> None:
    settings = load_settings(
        _env_file=None, postgres_host="db.internal", postgres_port=6543,
        postgres_user="jol", postgres_password=SPECIAL_PASSWORD, postgres_db="jol",
    )  # fmt: skip
    url = make_url(settings.database_url)
    assert (url.drivername, url.host, url.port, url.database) == (
        "postgresql+asyncpg", "db.internal", 6543, "jol",
    )  # fmt: skip
    assert (url.username, url.password) == ("jol", SPECIAL_PASSWORD)
    assert "database_url" in settings.model_fields_set  # the playground keeps it


def test_postgres_host_needs_a_password_and_excludes_database_url() -> None:
    with pytest.raises(ConfigError) as missing:
        load_settings(_env_file=None, postgres_host="db")
    assert missing.value.message == (
        "Invalid configuration: POSTGRES_PASSWORD is required when POSTGRES_HOST is set"
    )
    with pytest.raises(ConfigError) as both:
        load_settings(
            _env_file=None, postgres_host="db", postgres_password="x",
            database_url="postgresql://u@h/db",
        )  # fmt: skip
    assert "DATABASE_URL and POSTGRES_HOST are both set" in both.value.message


async def test_a_role_with_a_special_password_logs_in_through_the_parts() -> None:
    """On the real server: a role whose password holds @ / : # logs in from POSTGRES_*."""
    server = make_url(dbs.SERVER_URL + "/postgres")
    admin = await asyncpg.connect(dbs.libpq_url(dbs.SERVER_URL) + "/postgres", timeout=10)
    role = f"jol_pw_{os.getpid()}"
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{SPECIAL_PASSWORD}'")
        settings = load_settings(
            _env_file=None, postgres_host=server.host, postgres_port=server.port or 5432,
            postgres_user=role, postgres_password=SPECIAL_PASSWORD, postgres_db="postgres",
        )  # fmt: skip
        engine = create_engine(settings.database_url)
        try:
            async with engine.connect() as connection:
                assert await connection.scalar(text("SELECT current_user")) == role
        finally:
            await engine.dispose()
    finally:
        await admin.execute(f"DROP ROLE IF EXISTS {role}")
        await admin.close()
