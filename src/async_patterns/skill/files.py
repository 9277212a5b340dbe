"""Which files of a skill folder count: one walk shared by ``validate`` and ``package``."""

from __future__ import annotations

from pathlib import Path

# Never part of a skill: caches and editor or OS litter, at any depth.
EXCLUDED_NAMES = frozenset({"__pycache__", ".DS_Store", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".tmp")


def skill_files(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, leaving out hidden ones, caches and temporary files."""
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*")) if path.is_file() and belongs(path.relative_to(folder))]


def belongs(relative: Path) -> bool:
    """Whether a file at ``relative`` (inside a skill folder) is part of the skill."""
    if any(part in EXCLUDED_NAMES or part.startswith(".") for part in relative.parts):
        return False
    return not relative.name.endswith(EXCLUDED_SUFFIXES)
