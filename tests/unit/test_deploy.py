"""docker-compose.yml, the Dockerfile and .dockerignore, checked by structure (there is no
Docker engine in CI): the services and profiles, a healthcheck that fits each mode, the
variables an operator must set, no secret written in the file, and settings the bot accepts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_TEXT)
SERVICES: dict[str, Any] = COMPOSE["services"]
BOTS = {"bot": "webhook", "bot-polling": "polling"}
# What an operator puts in .env (docker-compose.yml's header), with throw-away values.
DOT_ENV = {
    "BOT_TOKEN": "123456:TEST-token",
    "POSTGRES_PASSWORD": "p@ss/w:rd#1",
    "ADMIN_IDS": "42",
    "JOL_DOMAIN": "jol.example.org",
    "WEBHOOK_SECRET": "s3cret_-value",
}
REFERENCE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")
SECRET_NAMES = re.compile(r"TOKEN|SECRET|PASSWORD|KEY", re.IGNORECASE)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?message} (enough for this file)."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if kind == "?":
            raise KeyError(f"{name} is required: {rest}")
        return rest or ""

    return REFERENCE.sub(one, value)


def environment(service: str, env: dict[str, str]) -> dict[str, str]:
    return {k: interpolate(str(v), env) for k, v in SERVICES[service]["environment"].items()}


def health_url(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    found = re.search(r"http://[^'\" ]+", " ".join(test))
    assert found, test
    return found.group(0)


def test_services_and_profiles() -> None:
    assert set(SERVICES) == {"postgres", "redis", "migrate", "bot", "bot-polling", "proxy"}
    profiles = {name: s.get("profiles", []) for name, s in SERVICES.items()}
    assert profiles == {
        "postgres": [], "redis": [], "migrate": [],  # in both modes
        "bot": ["webhook"], "proxy": ["webhook"], "bot-polling": ["polling"],
    }  # fmt: skip
    assert "2.23.1" in COMPOSE_TEXT.split("services:")[0]  # configs.content needs it, said so
    assert SERVICES["migrate"]["command"] == ["python", "-m", "bot", "migrate"]
    for bot in BOTS:
        depends = SERVICES[bot]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_every_long_running_service_has_a_healthcheck_that_fits_its_mode() -> None:
    for name, service in SERVICES.items():
        if service.get("restart") == "no":
            continue  # the one-shot migrate
        assert "healthcheck" in service, name
    webhook = environment("bot", DOT_ENV)
    assert urlsplit(health_url("bot")).port == int(webhook["WEBHOOK_PORT"])
    polling = environment("bot-polling", DOT_ENV)
    assert "WEBHOOK_URL" not in polling  # it long-polls: no public URL, no domain
    assert urlsplit(health_url("bot-polling")).port == int(polling["HEALTH_PORT"])
    for bot in BOTS:
        assert urlsplit(health_url(bot)).path == "/readyz"
        assert urlsplit(health_url(bot)).hostname == "127.0.0.1"  # inside the container


def test_only_one_polling_instance() -> None:
    assert SERVICES["bot-polling"].get("deploy", {}).get("replicas", 1) == 1
    assert SERVICES["bot"]["deploy"]["replicas"] >= 2


@pytest.mark.parametrize("bot", sorted(BOTS))
def test_the_bot_accepts_the_settings_compose_gives_it(bot: str) -> None:
    values = environment(bot, DOT_ENV)
    settings = load_settings(_env_file=None, **{k.lower(): v for k, v in values.items()})
    assert settings.database_url.startswith("postgresql+asyncpg://jol:")
    assert settings.database_url.endswith("@postgres:5432/jol")
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.migrate_on_start is False
    assert (settings.webhook_url is not None) == (BOTS[bot] == "webhook")


@pytest.mark.parametrize("required", ["BOT_TOKEN", "POSTGRES_PASSWORD"])
def test_required_variables_stop_compose_with_a_message(required: str) -> None:
    env = {k: v for k, v in DOT_ENV.items() if k != required}
    for name in ("migrate", *BOTS):
        with pytest.raises(KeyError, match=required):
            environment(name, env)


def test_polling_needs_no_domain_and_no_webhook_secret() -> None:
    env = {k: v for k, v in DOT_ENV.items() if k not in ("JOL_DOMAIN", "WEBHOOK_SECRET")}
    values = environment("bot-polling", env)
    assert load_settings(_env_file=None, **{k.lower(): v for k, v in values.items()})
    for name, service in SERVICES.items():
        if "polling" in service.get("profiles", ["polling"]):
            text = yaml.safe_dump(service)
            assert ":?" not in re.sub(r"\$\{(BOT_TOKEN|POSTGRES_PASSWORD):\?[^}]*\}", "", text), (
                name
            )


def test_no_secret_is_written_in_the_file() -> None:
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAMES.search(key):
                assert REFERENCE.fullmatch(str(value)), (name, key, value)
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{20,}", COMPOSE_TEXT)  # a bot token
    # The password only ever reaches the bots as its own variable, never inside a URL.
    assert not re.search(r"://[^\s]*\$\{POSTGRES_PASSWORD", COMPOSE_TEXT)


def test_the_image_holds_only_the_app_owned_by_root() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    runtime = dockerfile.rsplit("\nFROM ", 1)[1]
    assert "USER jol" in runtime
    assert "--chown" not in runtime  # the code stays root's; only /app/data is given away
    assert "chown jol:jol /app/data" in runtime
    assert "COPY --from=build /src" not in runtime  # that would carry build/ and *.egg-info
    assert "DATABASE_URL=" not in runtime  # would clash with compose's POSTGRES_*
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"build", "*.egg-info", "tests", ".git", ".env", ".venv"} <= set(ignored)


def test_the_image_compiles_the_app_it_copies() -> None:
    """The app cannot write its own bytecode cache in the image (root's code,
    PYTHONDONTWRITEBYTECODE): every Python package the runtime stage copies is compiled at
    build time, before the image is handed to the unprivileged user, or each start compiles it
    again."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    runtime = dockerfile.rsplit("\nFROM ", 1)[1]
    copied = re.findall(r"^COPY (\w+) \./\1$", runtime, flags=re.MULTILINE)
    packages = {name for name in copied if (ROOT / name / "__init__.py").exists()}
    assert packages >= {"bot", "handlers", "db"}  # the pattern still finds the copies
    compiled = re.search(r"^RUN python -m compileall -q (.+)$", runtime, flags=re.MULTILINE)
    assert compiled is not None, "the runtime stage does not compile the app"
    assert packages <= set(compiled.group(1).split()), packages - set(compiled.group(1).split())
    assert runtime.index(compiled.group(0)) < runtime.index("USER jol")
