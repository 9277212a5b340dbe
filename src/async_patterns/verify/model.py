"""What verify runs and what it reports: interpreters, cases, check results, the report."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from async_patterns.errors import UsageError
from async_patterns.findings import Finding

CHECKS = ("render", "compile", "ruff", "format", "flake8-async", "mypy", "tests")

Status = Literal["pass", "fail", "skip", "error"]


@dataclass(frozen=True)
class Interpreter:
    """A Python found for verification; ``missing`` lists what it lacks to run generated tests."""

    path: str
    executable: str
    version: str
    missing: tuple[str, ...] = ()
    can_lint: bool = False  # flake8-async is installed for it

    @property
    def ready(self) -> bool:
        return not self.missing

    def install_hint(self) -> str:
        packages = ", ".join(self.missing)
        return (
            f"{self.executable} cannot run generated tests (missing {packages}); install with: "
            f"{self.executable} -m pip install 'async-patterns[check]' (or -e '.[check]' in a checkout)"
        )


@dataclass(frozen=True)
class Case:
    """One template rendered with one set of parameter overrides (empty: the defaults)."""

    template: str
    params: Mapping[str, Any]
    python: str  # the oldest Python this case's code targets
    targets: tuple[str, ...]  # versions mypy checks it for

    @property
    def label(self) -> str:
        if not self.params:
            return "defaults"
        return ", ".join(f"{name}={show(value)}" for name, value in self.params.items())


@dataclass(frozen=True)
class CheckResult:
    check: str
    target: str  # a Python version for compile/mypy/tests, else ""
    status: Status
    seconds: float
    findings: tuple[Finding, ...] = ()
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "target": self.target,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "findings": [vars(f) for f in self.findings],
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CaseResult:
    case: Case
    folder: str
    seconds: float
    checks: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(c.status in ("pass", "skip") for c in self.checks)

    def failures(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status in ("fail", "error")]

    def as_dict(self) -> dict[str, Any]:
        return {
            "template": self.case.template,
            "label": self.case.label,
            "params": dict(self.case.params),
            "python": self.case.python,
            "folder": self.folder,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "checks": [c.as_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class Report:
    cases: tuple[CaseResult, ...]
    interpreters: tuple[Interpreter, ...]
    notes: tuple[str, ...]
    problems: tuple[str, ...]  # run-level failures, e.g. a requested Python not found
    jobs: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.cases) and all(c.ok for c in self.cases)

    def check_seconds(self) -> dict[str, float]:
        """Total time spent in each check over all cases (CPU-parallel, so it exceeds wall time)."""
        totals = dict.fromkeys(CHECKS, 0.0)
        for case in self.cases:
            for check in case.checks:
                totals[check.check] += check.seconds
        return totals

    def targets(self) -> dict[str, str]:
        """Each target version and how it was proven: "run" (an interpreter of it compiled the code
        and ran the tests) or "static" (type-checked and linted for it, but nothing ran on it)."""
        static = {check.target for case in self.cases for check in case.checks if check.check == "mypy"}
        ran = {
            check.target
            for case in self.cases
            for check in case.checks
            if check.check in ("compile", "tests") and check.status != "skip" and check.target
        }
        return {version: ("run" if version in ran else "static") for version in sorted(static | ran, key=version_key)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "targets": self.targets(),
            "interpreters": [vars(i) | {"ready": i.ready} for i in self.interpreters],
            "notes": list(self.notes),
            "problems": list(self.problems),
            "check_seconds": {k: round(v, 3) for k, v in self.check_seconds().items()},
            "cases": [c.as_dict() for c in self.cases],
        }


@dataclass(frozen=True)
class VerifyOptions:
    templates: tuple[str, ...] = ()  # empty: every template in the manifest
    skill_dir: Path | None = None  # default: the bundled skill
    python: tuple[str, ...] = ("auto",)  # "auto", versions ("3.11", "3.12"), or interpreter paths
    jobs: int | None = None  # default: the number of cores
    keep: Path | None = None  # keep each case's folder under here
    test_timeout: float = 10.0  # seconds per generated test before it counts as hung
    mypy_cache: Path | None = None  # reuse across runs; default: a fresh cache per run

    def __post_init__(self) -> None:
        """The one place these values are checked, for the CLI and the library alike.

        Raises:
            UsageError: the message names the option as the command line spells it.
        """
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"--jobs must be at least 1, got {self.jobs}")
        if self.test_timeout <= 0:
            raise UsageError(f"--test-timeout must be positive, got {self.test_timeout:g}")
        if self.skill_dir is not None and not self.skill_dir.is_dir():
            raise UsageError(f"--skill {self.skill_dir}: not a folder")
        keep = self.keep
        if keep is not None and keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
            raise UsageError(f"--keep {keep}: must be an empty or new folder")


Progress = Callable[[CaseResult, int, int], None]


def version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value
