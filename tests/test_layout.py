"""The package's shape holds: no import cycle, no module over 400 lines, exceptions under one root."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import async_patterns.errors
from tests.paths import REPO

PACKAGE = REPO / "src" / "async_patterns"
MAX_MODULE_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every package module ``path`` imports, at any depth of the file (lazy imports count too).

    ``from package import submodule`` counts as importing the submodule only: every import of a
    submodule initialises its package first, which is Python's order, not a cycle.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("async_patterns"):
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & modules
            found.update(submodules or {node.module})
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("async_patterns"))
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    names = set(modules)
    return {name: {m for m in imports_of(path, names) if m in names and m != name} for name, path in modules.items()}


def test_no_import_cycle() -> None:
    """A depth-first walk of the import graph never meets a module it is still inside."""
    graph = import_graph()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [name, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_module_over_the_limit() -> None:
    long = {
        module_name(path): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_exception_derives_from_the_root() -> None:
    """Every exception class the package defines lives in errors.py and derives from AsyncPatternsError."""
    defined_elsewhere = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id.endswith(("Error", "Exception")) for base in node.bases
            ):
                defined_elsewhere.append(f"{module_name(path)}.{node.name}")
    assert defined_elsewhere == []
    classes = [value for _, value in inspect.getmembers(async_patterns.errors, inspect.isclass)]
    ours = [cls for cls in classes if cls.__module__ == "async_patterns.errors"]
    assert ours
    assert all(issubclass(cls, async_patterns.errors.AsyncPatternsError) for cls in ours)
