"""Settings read from the environment (and an optional `.env`), validated at start-up.

A bad value stops the process with one line per bad setting, naming the variable (or both
variables, for a rule about two), so an operator never has to guess which of a dozen settings
is wrong. An empty variable (`STAFF_CHAT_ID=`) means "not set": the default applies.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.event_loop import EVENT_LOOPS, uvloop_available

SUPPORTED_LOCALES = ("ky", "ru", "en")
OFFICIAL_API_BASE = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/jol.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("json", "plain")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
    )

    bot_token: SecretStr | None = None
    telegram_api_base: str = OFFICIAL_API_BASE
    database_url: str = DEFAULT_DATABASE_URL
    # Instead of DATABASE_URL (docker-compose.yml): PostgreSQL from separate parts, so a password
    # with any characters (@ / : # …) works as it is; it is URL-encoded here.
    postgres_host: str | None = None
    postgres_port: int = Field(default=5432, ge=1, le=65535)
    postgres_user: str = "jol"
    postgres_password: SecretStr | None = None
    postgres_db: str = "jol"
    redis_url: str | None = None
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    timezone: str = "Asia/Bishkek"
    default_locale: str = "ky"

    # Outgoing messages: Telegram allows about 30 messages/s per bot and 1/s per chat.
    send_rate_per_second: float = Field(default=25.0, gt=0)
    send_min_interval_per_chat: float = Field(default=1.0, ge=0)
    # How often background jobs wake up; tests shrink these to run in seconds.
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    campaign_poll_seconds: float = Field(default=60.0, gt=0)
    # Content (content/library.py): the seed YAML (default: the package's content/ folder),
    # and how often each instance looks for a newer published release.
    content_dir: Path | None = None
    content_poll_seconds: float = Field(default=2.0, gt=0)
    # Quiet hours in the user's local time: nothing proactive is sent in between.
    quiet_hours_start: int = Field(default=21, ge=0, le=23)
    quiet_hours_end: int = Field(default=9, ge=0, le=23)
    # Outbox sender (bot/workers/outbox.py): rows per claim, how long a claim holds a row
    # before another process may take it over, retries of 5xx/network errors with backoff.
    outbox_batch_size: int = Field(default=100, ge=1, le=5000)
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    outbox_max_attempts: int = Field(default=6, ge=1)
    outbox_backoff_seconds: float = Field(default=5.0, ge=0)
    outbox_backoff_max_seconds: float = Field(default=900.0, ge=0)
    # On PostgreSQL only one process sends at a time (advisory lock), so the rate stays global.
    outbox_single_sender: bool = True
    # Requests in flight at once: enough for the rate times a slow answer (25/s × 0.6 s).
    send_concurrency: int = Field(default=16, ge=1)
    send_timeout_seconds: float = Field(default=20.0, gt=0)
    # Reminders: a reminder missed by less than this is still sent (once), never older ones.
    reminder_grace_hours: float = Field(default=6.0, ge=0)
    # Coordinators' daily digest, local time in TIMEZONE.
    digest_hour: int = Field(default=8, ge=0, le=23)
    # An instance started after today's digest hour and before the evening sends today's digest
    # then, once (a restart or a deploy missed it). The tests turn it off: started during the
    # Center's day, a digest would otherwise reach a coordinator in the middle of a test.
    digest_catch_up: bool = True

    # Ask the Center (consultants work the Center's hours: `center_hours` in
    # content/services.yaml). Optionally a forum supergroup where each case becomes a topic
    # (the bot must be an admin).
    # A case waiting for the person closes by itself after this many quiet days (0: never).
    ask_auto_close_days: int = Field(default=14, ge=0)
    staff_chat_id: int | None = None

    # Booking: how long a freed place is held for the first person on its waiting list.
    waitlist_offer_hours: float = Field(default=3.0, gt=0)
    # Catering skills lab: people to certify per calendar year (IOM target), shown in /stats.
    certification_target: int = Field(default=200, gt=0)

    # Staff broadcasts (handlers/broadcast, handlers/broadcast/jobs.py). Above the threshold of
    # recipients a second staff member must approve. The feeder runs every tick and keeps
    # about `window` seconds of sending queued in the outbox, so an urgent notice never waits
    # behind a whole broadcast; the progress message is edited at most every `progress` s.
    broadcast_approval_threshold: int = Field(default=500, ge=0)
    broadcast_tick_seconds: float = Field(default=1.0, gt=0)
    broadcast_window_seconds: float = Field(default=4.0, gt=0)
    broadcast_progress_seconds: float = Field(default=3.0, gt=0)
    # Delivery rows of a broadcast (one per recipient, with its text) are deleted this long
    # after it ended; its figures stay in the history.
    broadcast_rows_retention_days: int = Field(default=30, ge=1)
    # Other settled outbox rows (replies, staff alerts, reminders) lose their text this long
    # after they were due; what stops a reminder being planned again stays as a bare record.
    outbox_sent_retention_days: int = Field(default=30, ge=1)

    # Production (bot/web, bot/cluster.py). With WEBHOOK_URL the process serves a webhook (and
    # /healthz, /readyz, /metrics) instead of polling; an update whose handler fails answers 500
    # so Telegram redelivers it, up to WEBHOOK_MAX_DELIVERIES times, then the person is told.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=0, le=65535)
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    webhook_max_deliveries: int = Field(default=5, ge=1)
    webhook_handler_timeout: float = Field(default=50.0, gt=0)
    # False when a one-shot `python -m bot migrate` runs before the bots (docker-compose.yml).
    migrate_on_start: bool = True

    playground_host: str = "127.0.0.1"
    playground_port: int = Field(default=8080, ge=0, le=65535)
    playground_api_port: int = Field(default=8081, ge=0, le=65535)

    # Side HTTP server of polling and sender-only processes: /healthz, /readyz, /metrics
    # (webhook mode serves them on WEBHOOK_PORT). HEALTH_PORT=0 turns it off.
    health_host: str = "127.0.0.1"
    health_port: int = Field(default=8081, ge=0, le=65535)

    # The staff console (handlers/console): its public address. `/console` sends links under
    # it; webhook mode serves it on the webhook server at this URL's path, polling mode on a
    # small side server listening on this URL's host and port.
    console_url: str = "http://127.0.0.1:8090"

    log_level: str = "INFO"
    log_format: str = "json"
    # bot/event_loop.py: uvloop when installed ("auto"), or asyncio's own loop.
    event_loop: str = "auto"

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @field_validator("console_url")
    @classmethod
    def _check_console_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
            raise ValueError("must be an http(s) address such as https://jol.example.org/console")
        return value.rstrip("/")

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        if value.lower() not in LOG_FORMATS:
            raise ValueError(f"must be one of {', '.join(LOG_FORMATS)}")
        return value.lower()

    @field_validator("event_loop")
    @classmethod
    def _check_event_loop(cls, value: str) -> str:
        value = value.lower()
        if value not in EVENT_LOOPS:
            raise ValueError(f"must be one of {', '.join(EVENT_LOOPS)}")
        if value == "uvloop" and not uvloop_available():
            raise ValueError("is uvloop but uvloop is not installed: pip install uvloop")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// URL such as redis://127.0.0.1:6379/0")
        if importlib.util.find_spec("redis") is None:
            raise ValueError("is set but the redis package is missing: pip install '.[redis]'")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return tuple(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("must be comma-separated numeric Telegram user ids") from exc
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("default_locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("telegram_api_base")
    @classmethod
    def _check_api_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:8081")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # Accept the common libpq form and use the async driver the project ships.
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must be sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"
            )
        return value

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        bot_id, _, secret = value.get_secret_value().partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("must look like 123456:ABC-DEF (from @BotFather)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be the public https:// URL Telegram posts updates to")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        # Telegram's rule for secret_token; anything else is refused by setWebhook.
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without the secret anyone who finds the URL can inject updates (engineering notes §3).
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @model_validator(mode="after")
    def _database_from_parts(self) -> Settings:
        if self.postgres_host is None:
            return self
        if "database_url" in self.model_fields_set:
            raise ValueError("DATABASE_URL and POSTGRES_HOST are both set: keep one of them")
        if self.postgres_password is None:
            raise ValueError("POSTGRES_PASSWORD is required when POSTGRES_HOST is set")
        password = self.postgres_password.get_secret_value()
        self.database_url = (
            f"postgresql+asyncpg://{quote(self.postgres_user, safe='')}:{quote(password, safe='')}"
            f"@{self.postgres_host}:{self.postgres_port}/{quote(self.postgres_db, safe='')}"
        )
        return self

    @property
    def webhook_path(self) -> str:
        return urlsplit(self.webhook_url or "").path or "/"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        raw = self.database_url.split(":///", 1)[1]
        return None if raw in ("", ":memory:") else Path(raw)


class ConfigError(SystemExit):
    """Raised with a human message; SystemExit so `python -m bot` prints it and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError("\n".join(_error_line(err) for err in exc.errors())) from None


def _error_line(err: Any) -> str:
    """One line per bad setting. A rule about two settings (no single field) names both in its
    message; pydantic's "Value error, " prefix says nothing to an operator."""
    message = str(err["msg"]).removeprefix("Value error, ")
    name = ".".join(str(p) for p in err["loc"]).upper()
    if not name:
        return f"Invalid configuration: {message}"
    return f"Invalid configuration: {name}: {message}"
