"""constraints.txt pins every library, and every install uses it.

Without it, each clean clone, CI run and image build took the newest release of every library
that day. Jol reaches into SQLAlchemy's, asyncpg's and aiogram's workings for speed (db/, bot/
aiogram_compat.py), so a new release could break the Center's next image, or move the
benches' figures, without any commit of ours to see it in.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"
# Our own projects (installed editable) and the installer's own tools are not pinned.
UNPINNED = {"jol", "jol-emulator", "pip", "setuptools", "wheel"}


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"not an exact pin: {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in found, f"pinned twice: {name}"
        found[name] = match.group(2)
    return found


def declared() -> list[Requirement]:
    """What pyproject.toml and the emulator's ask for, every extra included."""
    wanted = []
    for path in (ROOT / "pyproject.toml", ROOT / "tools/jol-emulator/pyproject.toml"):
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        wanted += project.get("dependencies", [])
        for extra in project.get("optional-dependencies", {}).values():
            wanted += extra
    return [Requirement(text) for text in wanted]


def test_every_library_installed_here_is_the_pinned_release() -> None:
    """The suite runs on exactly the pinned set (make venv installs it), so passing means the
    pins work; a library added without a pin, or installed at another release, is named."""
    pinned = pins()
    differ = {}
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name not in UNPINNED and pinned.get(name) != dist.version:
            differ[name] = (dist.version, pinned.get(name, "not pinned"))
    assert not differ, f"installed, pinned: {differ}; run `make venv`, or pin it"


def freezer() -> ModuleType:
    """tools/freeze_constraints.py (`make constraints`), which is not a package."""
    spec = importlib.util.spec_from_file_location("freeze", ROOT / "tools/freeze_constraints.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_what_an_older_supported_python_installs_is_pinned_too() -> None:
    """pyproject.toml admits Python 3.11.0 and up, and Debian 12's python3 is 3.11.2, where
    redis-py also installs async-timeout: a library this Python does not install, and the
    test above cannot see, is pinned all the same."""
    freeze = freezer()
    assert freeze.oldest_python() == "3.11.0"
    pinned = pins()
    oldest = freeze.needed_on_oldest_python()
    assert "async-timeout" in {canonicalize_name(r.name) for r in oldest}  # the case we know
    for requirement in oldest:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name}: installed on Python {freeze.oldest_python()}, not pinned"
        assert requirement.specifier.contains(pinned[name], prereleases=True), requirement


def test_each_pin_is_a_release_pyproject_allows() -> None:
    pinned = pins()
    for requirement in declared():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is declared but not pinned"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} is outside {requirement}"
        )


def test_the_dev_setup_and_the_image_install_through_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = re.search(r"^\$\(STAMP\):(.*)$", makefile, flags=re.MULTILINE)
    assert stamp is not None and "constraints.txt" in stamp.group(1), "make venv would go stale"
    # What `make venv` would run, its variables expanded (-n: nothing is run; -B: as if the
    # virtualenv were out of date).
    planned = subprocess.run(
        ["make", "-n", "-B", "venv"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    installs = re.findall(r"-m pip install (.*)$", planned, flags=re.MULTILINE)
    into_venv = [line for line in installs if "-e " in line]
    assert into_venv and all("-c constraints.txt" in line for line in into_venv), installs

    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    app = re.findall(r"pip install [^\n]*'\.\[redis\]'", dockerfile)
    assert app and all("-c constraints.txt" in line for line in app), app
    copied = re.search(r"^COPY (.+) \./$", dockerfile, flags=re.MULTILINE)
    assert copied is not None and "constraints.txt" in copied.group(1).split()
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "constraints.txt" not in ignored
