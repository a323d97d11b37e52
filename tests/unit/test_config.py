from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


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
