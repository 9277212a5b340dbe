"""Check files and folders: discover, read, apply configuration, collect findings."""

from __future__ import annotations

import os
from dataclasses import dataclass

from async_patterns.errors import UsageError

from .config import load_config
from .engine import DEFAULT_TARGET, check_source, enabled_codes, parse_target
from .files import discover, display, read_source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from async_patterns.findings import Finding

__all__ = ["CheckResult", "check_paths"]


@dataclass(frozen=True)
class CheckResult:
    """What one ``check_paths`` run found.

    Attributes:
        findings: every finding, sorted by (file, line, column, code).
        files_checked: files read and checked (not counting those that could not be read).
        lines_checked: lines in those files.
        files: the checked files as findings name them, for tools run over the same set.
    """

    findings: list[Finding]
    files_checked: int
    lines_checked: int
    files: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        """Whether any finding is an error (warnings alone pass)."""
        return any(finding.severity == "error" for finding in self.findings)


def check_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    target_version: str | None = None,
) -> CheckResult:
    """Check every Python file under ``paths``.

    Each path uses the ``[tool.async-patterns.check]`` table of the nearest pyproject.toml
    above it. Arguments given here win: ``select`` replaces the configured selection,
    ``ignore`` adds to the configured one, ``target_version`` replaces the configured one.

    Raises:
        UsageError: no paths, an unknown code, a bad target version, or a bad configuration.
    """
    if isinstance(paths, (str, os.PathLike)) or not paths:
        raise UsageError("paths: give a list of one or more files or folders")
    if target_version is not None:
        parse_target(target_version)
    enabled_codes(tuple(select), tuple(ignore))  # bad codes fail before any file is read
    findings: list[Finding] = []
    files = lines = 0
    checked: list[str] = []
    seen: set[str] = set()
    for root in paths:
        config = load_config(root)
        run_select = tuple(select) or config.select
        run_ignore = (*config.ignore, *ignore)
        target = target_version or config.target_version or DEFAULT_TARGET
        ignored = enabled_codes((), run_ignore)[1]
        problems: list[Finding] = []
        for path in discover([root], problems):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            data = read_source(path)
            if not isinstance(data, bytes):
                problems.append(data)
                continue
            file_ignore = (*run_ignore, *config.ignored_for(path))
            findings += check_source(data, display(path), target_version=target, select=run_select, ignore=file_ignore)
            files += 1
            checked.append(display(path))
            lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        findings += [problem for problem in problems if problem.code not in ignored]
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.code))
    return CheckResult(findings, files, lines, tuple(checked))
