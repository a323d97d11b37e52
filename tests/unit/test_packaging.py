"""The production wheel and image hold only the bot: the Dockerfile copies no development tool,
the wheel has no emulator or playground (the separate tools/jol-emulator project), and
installed alone it migrates a database, loads every text, and answers `python -m bot` without
BOT_TOKEN with one line saying the playground is not there — never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bot.i18n import Catalog

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BUILD_STAGE, RUNTIME_STAGE = DOCKERFILE.rsplit("\nFROM ", 1)
BOT_PACKAGES = {"bot", "handlers", "content", "db", "domain", "locales"}
DEV_TOOLS = {"emulator", "playground", "tools"}
# Left out of the copy: the working tree's own state (top level, with every dot-folder: the
# virtualenv, git, caches) and caches anywhere.
NOT_SOURCES = {"build", "dist", "data", "tests"}


def copied(stage: str) -> list[str]:
    """The sources of a stage's `COPY src... dest` lines (not `COPY --from=...`)."""
    sources: list[str] = []
    for line in stage.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not words[1].startswith("--"):
            sources.extend(words[1:-1])
    return sources


def build_wheel(project: Path, work: Path) -> Path:
    """`pip wheel` of a copy of `project` (a stale build/ or egg-info in the working tree must
    neither decide what ships nor be left behind)."""
    source = work / "src"
    caches = shutil.ignore_patterns("__pycache__", "*.egg-info")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = set()
        if Path(folder) == project:
            top = {name for name in names if name in NOT_SOURCES or name.startswith(".")}
        return top | caches(folder, names)

    shutil.copytree(project, source, ignore=ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work), str(source)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (built,) = work.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main project's wheel, built from the whole repository (tools/ included)."""
    return build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


def test_the_dockerfile_copies_no_development_tool() -> None:
    for stage in (BUILD_STAGE, RUNTIME_STAGE):
        sources = {name.strip("./").split("/")[0] for name in copied(stage)}
        assert sources, stage
        assert not sources & DEV_TOOLS, sources
        assert sources >= BOT_PACKAGES
    assert "tools" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def test_the_wheel_holds_only_the_bot(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == BOT_PACKAGES
    assert not [n for n in names if n.split("/")[0] in DEV_TOOLS]
    # What the bot reads at run time ships with it.
    assert {"locales/ky/core.ftl", "db/alembic.ini"} <= set(names)
    assert any(n.startswith("db/migrations/versions/") for n in names)
    assert any(n.startswith("content/guides/") and n.endswith(".yaml") for n in names)


def test_the_emulator_project_ships_the_emulator_and_the_playground_page(
    tmp_path: Path,
) -> None:
    built = build_wheel(ROOT / "tools" / "jol-emulator", tmp_path)
    names = set(zipfile.ZipFile(built).namelist())
    packages = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    assert packages == {"emulator", "playground"}
    assert {"emulator/__main__.py", "playground/static/index.html"} <= names


def production_environment(wheel: Path, folder: Path) -> Path:
    """A virtualenv with the bot's wheel and its dependencies (those of this test run, linked),
    but not the jol-emulator project: what `pip install .` makes in the image. Returns its
    python."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    target = Path(purelib)
    ours = zipfile.ZipFile(wheel)
    ours.extractall(target)
    shipped = {name.split("/")[0] for name in ours.namelist()}
    development = Path(sysconfig.get_paths()["purelib"])
    for entry in development.iterdir():
        name = entry.name
        if (
            name.endswith(".pth")  # editable installs (the bot's and the emulator's) hook in here
            or name.startswith(("__editable__", "jol-", "jol_emulator"))
            or name.split(".")[0] in DEV_TOOLS | shipped
            or (target / name).exists()
        ):
            continue
        (target / name).symlink_to(entry)
    return python


def run_isolated(python: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")},
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'jol.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "HEALTH_PORT": "0",
    }
    # -I: no PYTHONPATH, no user site, and not the working directory on sys.path — only the
    # virtualenv's own packages.
    return subprocess.run(
        [str(python), "-I", *args], cwd=folder, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_installed_wheel_runs_the_bot_but_has_no_playground(
    wheel: Path, tmp_path: Path
) -> None:
    python = production_environment(wheel, tmp_path)
    where = run_isolated(python, tmp_path, "-c", "import bot; print(bot.__file__)")
    assert where.stdout.startswith(str(tmp_path / "venv")), where

    migrated = run_isolated(python, tmp_path, "-m", "bot", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    count = "from bot.i18n import Catalog; "
    count += "print(sum(map(len, Catalog.load().message_ids.values())))"
    texts = run_isolated(python, tmp_path, "-c", count)
    assert texts.returncode == 0, texts.stderr
    assert int(texts.stdout) == sum(map(len, Catalog.load().message_ids.values())) > 0

    started = run_isolated(python, tmp_path, "-m", "bot")  # no BOT_TOKEN: the playground
    assert "Traceback" not in started.stderr, started.stderr
    assert started.returncode == 2
    lines = [line for line in started.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, started.stderr
    assert "playground is not installed" in lines[0]
    assert "BOT_TOKEN" in lines[0]
