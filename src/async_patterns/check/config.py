"""``[tool.async-patterns.check]`` in the nearest ``pyproject.toml``.

The nearest ``pyproject.toml`` above a checked path that has the table wins (as ruff does for
``[tool.ruff]``); there is no merging between files. Keys::

    [tool.async-patterns.check]
    select = ["AP1"]                 # codes or prefixes; default: every rule
    ignore = ["AP116"]               # codes or prefixes not to report
    target-version = "3.12"          # or "py312"; default 3.11
    per-file-ignores = { "tests/**" = ["AP108"] }   # gitignore-style glob -> codes

Every value is validated; a bad one raises ``UsageError`` naming the file and the key.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from async_patterns.errors import UsageError

from .engine import enabled_codes, parse_target
from .gitignore import Pattern, compile_pattern

__all__ = ["TABLE", "CheckConfig", "find_config", "load_config", "read_config"]

TABLE = "tool.async-patterns.check"
_KEYS = ("select", "ignore", "target-version", "per-file-ignores")
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckConfig:
    """The settings of one ``[tool.async-patterns.check]`` table (all empty when there is none).

    Attributes:
        source: the pyproject.toml read, or None.
        select: codes or prefixes to run; empty means every rule.
        ignore: codes or prefixes not to report.
        target_version: as written (``3.12``), or None for the default.
        per_file_ignores: (glob, codes) pairs, globs relative to the pyproject.toml's folder.
    """

    source: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    target_version: str | None = None
    per_file_ignores: tuple[tuple[Pattern, tuple[str, ...]], ...] = ()

    def ignored_for(self, file: Path) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` drops for ``file``."""
        if not self.per_file_ignores or self.source is None:
            return ()
        relative = os.path.relpath(file, self.source.parent).replace(os.sep, "/")
        if relative.startswith("../"):
            return ()
        name = relative.rpartition("/")[2]
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores:
            if pattern.matches(relative, name, is_dir=False):
                codes.extend(ignored)
        return tuple(codes)


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.async-patterns.check]`` table."""
    current = Path(start).resolve()
    if not current.is_dir():
        current = current.parent
    for folder in (current, *current.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _table(candidate, strict=False) is not None:
            return candidate
    return None


def load_config(start: str | os.PathLike[str]) -> CheckConfig:
    """The configuration that applies to ``start`` (defaults when no pyproject.toml has the table)."""
    found = find_config(start)
    return read_config(found) if found is not None else CheckConfig()


def read_config(pyproject: Path) -> CheckConfig:
    """Validate and return the table of ``pyproject``; raises UsageError naming the bad key."""
    table = _table(pyproject)
    if table is None:
        return CheckConfig(source=pyproject)
    where = f"{pyproject}: {TABLE}"
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})")
    select = _codes(table, "select", where)
    ignore = _codes(table, "ignore", where)
    target = table.get("target-version")
    if target is not None:
        if not isinstance(target, str):
            raise UsageError(f"{where}.target-version: must be a string such as '3.12'")
        try:
            parse_target(target)
        except UsageError:
            raise UsageError(
                f"{where}.target-version: expected 3.11 or newer such as '3.12' or 'py312', got {target!r}"
            ) from None
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise UsageError(f"{where}.per-file-ignores: must be a table of glob = [codes]")
    pairs = []
    for glob, codes in per_file.items():
        checked = _code_list(codes, f"{where}.per-file-ignores.{glob!r}")
        pattern = compile_pattern(glob)
        if pattern is None or pattern.negated:
            raise UsageError(f"{where}.per-file-ignores: {glob!r} is not a usable glob")
        pairs.append((pattern, checked))
    return CheckConfig(pyproject, select, ignore, target, tuple(pairs))


def _codes(table: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    if key not in table:
        return ()
    return _code_list(table[key], f"{where}.{key}")


def _code_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where}: must be a list of codes")
    codes = tuple(value)
    try:
        enabled_codes((), codes)  # validates every entry as a known code or prefix
    except UsageError as exc:
        raise UsageError(f"{where}: {str(exc).partition(': ')[2]}") from None
    return codes


def _table(pyproject: Path, *, strict: bool = True) -> object | None:
    """The ``[tool.async-patterns.check]`` value of ``pyproject``, None if absent.

    Raises UsageError for invalid TOML, and (when ``strict``) for a file that cannot be read.
    """
    import tomllib

    try:
        regular = stat.S_ISREG(pyproject.stat().st_mode)  # a FIFO must not block the check
        raw = _read_limited(pyproject) if regular else None
    except OSError as exc:
        if not strict:
            return None
        raise UsageError(f"{pyproject}: cannot read: {exc.strerror or exc}") from None
    if raw is None:
        if not strict:
            return None
        raise UsageError(f"{pyproject}: not a regular file")
    if len(raw) > _MAX_BYTES:
        raise UsageError(f"{pyproject}: larger than 1 MB, not read")
    if b"async-patterns" not in raw:
        return None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{pyproject}: invalid TOML: {exc}") from None
    tool = data.get("tool")
    section = tool.get("async-patterns") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise UsageError(f"{pyproject}: tool.async-patterns: must be a table")
    return section.get("check")


def _read_limited(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(_MAX_BYTES + 1)
