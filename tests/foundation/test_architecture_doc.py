"""docs/ARCHITECTURE.md names files and functions; each must exist, so the page cannot rot.

Checked, among the page's `backticked` spans:
- paths (`bot/runtime.py`, `db/queries/`): the file or folder exists (`<feature>` and
  `{ky,ru,en}` placeholders are skipped);
- `path.py:name` and `path.py:Class.method`: the file defines that name (read with `ast`,
  nothing is imported);
- dotted names of our packages (`bot.ui.framed`): the module exists and defines the name.
Anything else in backticks (settings, code snippets, job ids) is text, not checked.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGES = ("bot", "handlers", "db", "content", "domain", "tests", "bench")
PATH = re.compile(r"^[\w.-]+(/[\w.*-]*)+$")
DEFINED = re.compile(r"^([\w/.-]+\.py):([A-Za-z_][\w.]*)$")
DOTTED = re.compile(r"^([a-z_]+)(\.[A-Za-z_]\w*)+$")


def spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


@cache
def definitions(path: Path) -> dict[str, set[str]]:
    """Top-level names of a module, and each top-level class's own names ("Class" -> names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {"": set()}

    def assigned(node: ast.stmt) -> set[str]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return {node.name}
        if isinstance(node, ast.Assign):
            return {t.id for t in node.targets if isinstance(t, ast.Name)}
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            return {node.target.id}
        if isinstance(node, ast.ImportFrom | ast.Import):
            return {(a.asname or a.name).split(".")[0] for a in node.names}
        return set()

    for node in tree.body:
        names[""] |= assigned(node)
        if isinstance(node, ast.ClassDef):
            names[node.name] = set().union(*(assigned(n) for n in node.body))
    return names


def defines(path: Path, dotted: str) -> bool:
    owner, _, name = dotted.rpartition(".")
    if "." in owner:
        return False
    return name in definitions(path).get(owner, set())


def module_file(parts: list[str]) -> Path | None:
    base = ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def problem(span: str) -> str | None:
    """Why `span` names nothing that exists, or None (exists, or not a name we check)."""
    if match := DEFINED.match(span):
        path = ROOT / match[1]
        if not path.is_file():
            return f"{match[1]} does not exist"
        return None if defines(path, match[2]) else f"{match[1]} defines no {match[2]}"
    if PATH.match(span) and not re.search(r"[<>{}*]", span):
        if span.startswith("locales/") or (ROOT / span.rstrip("/")).exists():
            return None
        return f"{span} does not exist"
    if DOTTED.match(span) and span.split(".")[0] in PACKAGES:
        parts = span.split(".")
        # The longest prefix that is a module; the rest is a name (or Class.name) inside it.
        for cut in range(len(parts), 0, -1):
            module = module_file(parts[:cut])
            if module is not None:
                rest = ".".join(parts[cut:])
                if not rest or defines(module, rest):
                    return None
                return f"{span}: {module.relative_to(ROOT)} defines no {rest}"
        return f"{span}: no such module"
    return None


def test_the_page_exists_and_names_things() -> None:
    checked = [s for s in spans(DOC.read_text(encoding="utf-8")) if DEFINED.match(s)]
    assert len(checked) >= 30, "the page should point at the code by path:name"


def test_every_name_on_the_page_exists() -> None:
    missing = sorted(
        {p for span in spans(DOC.read_text(encoding="utf-8")) if (p := problem(span))}
    )
    assert missing == [], "docs/ARCHITECTURE.md names what the code no longer has:\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize(
    "span",
    [
        "bot/runtime.py:no_such_function",
        "bot/no_such_module.py",
        "bot/runtime.py:Runtime.no_such_method",
        "bot.ui.no_such_helper",
        "handlers/no_such_feature/",
    ],
)
def test_a_name_that_does_not_exist_is_caught(span: str) -> None:
    assert problem(span) is not None


@pytest.mark.parametrize(
    "span",
    [
        "bot/runtime.py:build_runtime",
        "bot/runtime.py:Runtime.start_polling",
        "bot.ui.framed",
        "handlers/",
        "handlers/<feature>/",
        "FEATURE = Feature(...)",
    ],
)
def test_a_name_that_exists_or_is_not_a_name_passes(span: str) -> None:
    assert problem(span) is None
