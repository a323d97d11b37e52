"""Write constraints.txt from the libraries installed in this Python (`make constraints`).

`pip freeze` lists what this interpreter needed. A library some dependency asks for only on an
older Python that pyproject.toml still admits would be left out: redis-py needs async-timeout
below Python 3.11.3, and Debian 12's python3 is 3.11.2. Those are installed here first, so
their releases are pinned too and every supported Python installs a pinned set.

    python tools/freeze_constraints.py constraints.txt
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import cast

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def oldest_python() -> str:
    """The lowest Python pyproject.toml admits, e.g. '3.11.0' for '>=3.11'."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in SpecifierSet(project["requires-python"]):
        if spec.operator == ">=":
            return ".".join([*spec.version.split("."), "0", "0"][:3])
    raise SystemExit("pyproject.toml's requires-python has no lower bound")


def needed_on_oldest_python() -> list[Requirement]:
    """What the installed libraries ask for behind a marker that holds on the oldest Python
    pyproject.toml admits (whether or not it holds on this one)."""
    version = oldest_python()
    oldest: dict[str, str] = {
        **cast("dict[str, str]", default_environment()),
        "python_full_version": version,
        "python_version": ".".join(version.split(".")[:2]),
        "extra": "",  # extras nobody installed stay out (an extra's marker names `extra`)
    }
    wanted = []
    for dist in importlib.metadata.distributions():
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and requirement.marker.evaluate(oldest):
                wanted.append(requirement)
    return wanted


def main() -> None:
    target = Path(sys.argv[1])
    installed = {canonicalize_name(d.metadata["Name"]) for d in importlib.metadata.distributions()}
    extra = [
        f"{r.name}{r.specifier}"
        for r in needed_on_oldest_python()
        if canonicalize_name(r.name) not in installed
    ]
    if extra:
        # The names and ranges come from the installed libraries' own metadata.
        pip_install = [sys.executable, "-m", "pip", "install", "--quiet", *extra]
        subprocess.run(pip_install, check=True)  # noqa: S603
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    header = [line for line in target.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    target.write_text("\n".join([*header, *frozen.splitlines()]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
