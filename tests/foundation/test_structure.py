"""The architecture, read from the code (issue 16): one place builds a runtime, the layers import
only downwards, nothing registers itself at import time, and the feature list is explicit."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from aiogram import Router

from bot.features import Feature, Stage
from handlers import FEATURES, build_root_router

ROOT = Path(__file__).resolve().parents[2]


def python_files(*folders: str) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        path = ROOT / folder
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return files


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


# ---------------------------------------------------------------- one runtime

# What a process is made of, and the only files allowed to make it. Everything else (the run
# modes, the playground, the test harness, the benches) goes through bot/runtime.py.
CONSTRUCTORS = {
    "Dispatcher": {"bot/factory.py"},
    "create_dispatcher": {"bot/runtime.py"},
    "create_bot": {"bot/runtime.py"},
    "build_cluster": {"bot/runtime.py"},
    "start_background": {"bot/runtime.py"},
    "AsyncIOScheduler": {"bot/background.py"},  # inside start_background
    "OutboxWorker": {"bot/background.py"},  # likewise
    "create_engine": {
        "bot/runtime.py",
        "bot/cluster.py",  # the user locks' own small pool, built by the runtime
        "bot/startup.py",  # the pre-flight check: one connection, disposed at once
    },
}
# Where a process is put together (tests other than the harness may build parts directly).
SCANNED = ["bot", "handlers", "tools/jol-emulator/playground", "bench", "tests/harness.py"]
# The benches' own parts, each for a stated reason.
BENCH_MAY = {
    "create_engine",  # preparing and counting the bench's databases (the load generator)
    "OutboxWorker",  # bench/broadcast.py drives the sender itself, to time each feeder tick
    "Dispatcher",  # bench/updates.py's baseline: a bare aiogram echo bot, not Jol
}


def calls(path: Path) -> list[tuple[int, str]]:
    """Calls of the constructors, and imports of the factory functions (which could hide a
    call under an alias; classes are imported for annotations too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in CONSTRUCTORS:
                found.append((node.lineno, name))
        elif isinstance(node, ast.ImportFrom):
            found += [
                (node.lineno, a.name)
                for a in node.names
                if a.name in CONSTRUCTORS and a.name[0].islower()
            ]
    return found


def test_exactly_one_place_builds_a_runtime() -> None:
    misplaced: list[str] = []
    for path in python_files(*SCANNED):
        relative = path.relative_to(ROOT).as_posix()
        for line, name in calls(path):
            if relative in CONSTRUCTORS[name]:
                continue
            if relative.startswith("bench/") and name in BENCH_MAY:
                continue
            misplaced.append(f"{relative}:{line}: {name}(...)")
    assert misplaced == [], "built outside bot/runtime.py:\n" + "\n".join(misplaced)


def test_run_modes_harness_and_benches_use_build_runtime() -> None:
    users = [
        "bot/app.py",
        "bot/web/run.py",
        "bot/workers/run_sender.py",
        "tools/jol-emulator/playground/runner.py",
        "tests/harness.py",
        "bench/outbox.py",
        "bench/broadcast.py",
        "bench/hotpath.py",
    ]
    for relative in users:
        assert "build_runtime(" in (ROOT / relative).read_text(encoding="utf-8"), relative


# ---------------------------------------------------------------- layers


# Known, each with its reason; the list may only shrink.
LAYER_EXCEPTIONS = {
    # Alembic's entry script finds the database the way the bot does (DATABASE_URL / .env).
    "db/migrations/env.py imports bot.config",
    # Issue 16's "layer leak" (services in booking and ask): the case eraser re-reads the
    # settings and the catalog for the forum notice. Remove these lines when it is fixed.
    "db/queries/cases.py imports bot.config",
    "db/queries/cases.py imports bot.i18n",
}


def test_db_domain_and_content_import_neither_bot_nor_handlers() -> None:
    leaks = {
        f"{path.relative_to(ROOT).as_posix()} imports {name}"
        for path in python_files("db", "domain", "content")
        for name in imported_modules(path)
        if name.split(".")[0] in {"bot", "handlers"}
    }
    assert leaks - LAYER_EXCEPTIONS == set()


def test_runtime_workers_reach_features_only_through_features() -> None:
    """bot/workers/* and bot/background.py may read `handlers.FEATURES`, nothing inside."""
    leaks = []
    for path in [*python_files("bot/workers"), ROOT / "bot/background.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                leaks += [a.name for a in node.names if a.name.split(".")[0] == "handlers"]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handlers"):
                only_features = [a.name for a in node.names] == ["FEATURES"]
                if node.module != "handlers" or not only_features:
                    leaks.append(f"{path.relative_to(ROOT)}: from {node.module} import ...")
    assert leaks == []


# ---------------------------------------------------------------- no import-time registration

_REGISTRATION_PROBE = r"""
import importlib, importlib.machinery, pkgutil, sys

OURS = ("bot", "handlers", "db", "content", "domain")
# Each module's dicts, lists and sets as they are when the module has just run.
at_import = {}
run_module = importlib.machinery.SourceFileLoader.exec_module

def containers(module):
    return {
        attr: (id(value), len(value))
        for attr, value in list(vars(module).items())
        if isinstance(value, (dict, list, set)) and not attr.startswith("__")
    }

def exec_module(loader, module):
    run_module(loader, module)
    if module.__name__.split(".")[0] in OURS:
        at_import[module.__name__] = containers(module)

importlib.machinery.SourceFileLoader.exec_module = exec_module
for package in OURS:
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
# A module whose dict, list or set was filled after it ran was filled by another module's
# import: a registry.
for name, before in sorted(at_import.items()):
    now = containers(sys.modules[name])
    for attr, state in before.items():
        if now.get(attr) != state:
            print(f"{name}.{attr} was filled by another module's import")
"""


def test_importing_handlers_registers_nothing_anywhere() -> None:
    """Import every module of bot/, handlers/, db/, content/ and domain/ (in a fresh
    interpreter): no module-level dict, list or set may change after its own module ran. That
    is what a registry filled at import time looks like."""
    found = subprocess.run(
        [sys.executable, "-c", _REGISTRATION_PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == ""


def test_the_old_registries_are_gone() -> None:
    deeplinks = importlib.import_module("handlers.deeplinks")
    digest = importlib.import_module("bot.workers.digest")
    privacy = importlib.import_module("db.privacy")
    assert not hasattr(deeplinks, "register") and not hasattr(deeplinks, "_OPENERS")
    assert not hasattr(digest, "register_section") and not hasattr(digest, "_SECTIONS")
    assert not hasattr(privacy, "register") and not hasattr(privacy, "_REGISTRY")


def _tree(router: Router) -> list[Router]:
    return [router, *(r for child in router.sub_routers for r in _tree(child))]


def _is_legacy_module_router(router: Router) -> bool:
    """A module-level router of a handler module not yet converted to `build_router()`
    (docs/CONVENTIONS.md); bot/aiogram_compat.py:module_router moves those between trees."""
    module = sys.modules.get(router.name.rsplit(".", 1)[0] if "." in router.name else "")
    candidates = [sys.modules.get(router.name), module]
    for candidate in candidates:
        if candidate is None:
            continue
        for attr, value in vars(candidate).items():
            if value is router and not callable(getattr(candidate, f"build_{attr}", None)):
                return True
    return False


def test_building_the_root_router_twice_gives_independent_trees() -> None:
    first = build_root_router()
    first_ids = {id(r) for r in _tree(first)}
    second = build_root_router()
    shared = [r for r in _tree(second) if id(r) in first_ids]
    assert first is not second
    # Fresh: the root, every feature's own router; only routers of modules not yet converted
    # are moved from the first tree into the second.
    assert [r.name for r in shared if not _is_legacy_module_router(r)] == []
    fresh_features = {"jol", "handlers.ask", "handlers.booking", "handlers.broadcast"}
    assert fresh_features <= {r.name for r in _tree(second) if id(r) not in first_ids}


def test_the_root_router_holds_every_feature_router_in_stage_order() -> None:
    root = build_root_router()
    names = [r.name for r in root.sub_routers]
    expected: list[str] = []
    for stage in Stage:
        for feature in FEATURES:
            expected += [r.name for r in feature.staged_routers().get(stage, [])]
    assert names == expected
    assert names[0] == "handlers.errors" and names[-1] == "handlers.groups"
    assert names.index("handlers.ask") < names.index("handlers.guides")  # open cases first
    assert names[-3:] == ["handlers.menu.coming_soon", "handlers.fallback", "handlers.groups"]


# ---------------------------------------------------------------- the feature list


def test_every_feature_is_listed_once() -> None:
    names = [feature.name for feature in FEATURES]
    assert len(names) == len(set(names))
    assert len({id(feature) for feature in FEATURES}) == len(FEATURES)
    assert all(isinstance(feature, Feature) for feature in FEATURES)


def test_every_feature_package_is_in_the_list() -> None:
    import handlers

    listed = {id(feature) for feature in FEATURES}
    packages = [
        info.name for info in pkgutil.iter_modules(handlers.__path__, "handlers.") if info.ispkg
    ]
    assert packages
    for name in packages:
        feature = importlib.import_module(name).FEATURE
        assert id(feature) in listed, f"{name}.FEATURE is not in handlers.FEATURES"


def test_features_declare_unique_jobs_and_deep_links() -> None:
    from bot.features import deep_links_of, jobs_of, personal_data_of

    assert {"ask", "book", "check", "g", "sos", "privacy"} <= set(deep_links_of(FEATURES))
    assert {"campaign-planner", "booking-waitlist-sweep", "broadcast-feeder"} <= {
        job.id for job in jobs_of(FEATURES)
    }
    sections = [p.name for p in personal_data_of(FEATURES)]
    assert len(sections) == len(set(sections))
