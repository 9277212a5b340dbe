"""Running every case through every gate, in parallel, with each identical check run once."""

from __future__ import annotations

import contextlib
import hashlib
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from async_patterns.errors import AsyncPatternsError, ToolMissingError
from async_patterns.findings import Finding
from async_patterns.skill.manifest import Manifest
from async_patterns.verify import gates as checks
from async_patterns.verify.model import (
    CHECKS,
    Case,
    CaseResult,
    CheckResult,
    Interpreter,
    Progress,
    Status,
    version_key,
)
from async_patterns.verify.testrun import render_case, run_tests

_WARM_IMPORTS = """\
import aiohttp
import httpx
import pytest
import pytest_asyncio

from async_patterns.testing import FaultServer

__all__ = ["FaultServer", "aiohttp", "httpx", "pytest", "pytest_asyncio"]
"""


@contextlib.contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="async-patterns-verify-") as folder:
            yield Path(folder)
        return
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


@contextlib.contextmanager
def mypy_slots(cache: Path | None, jobs: int, targets: Sequence[str]) -> Iterator[queue.Queue[Path]]:
    """One warm mypy cache folder per parallel job: shared across cases, never by two runs at once.

    The first slot is warmed once per target version (typeshed, aiohttp, httpx and pytest
    take seconds to analyse cold) and copied to the others, so no case pays for it.
    """
    with contextlib.ExitStack() as stack:
        root = cache or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="async-patterns-mypy-")))
        slots = [root / f"slot-{index}" for index in range(jobs)]
        for slot in slots:
            slot.mkdir(parents=True, exist_ok=True)
        _warm(slots[0], targets)
        for slot in slots[1:]:
            shutil.copytree(slots[0], slot, dirs_exist_ok=True)
        free: queue.Queue[Path] = queue.Queue()
        for slot in slots:
            free.put(slot)
        yield free


def _warm(slot: Path, targets: Sequence[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="async-patterns-warm-") as folder:
        module = Path(folder) / "warm_imports.py"
        module.write_text(_WARM_IMPORTS, encoding="utf-8")
        with ThreadPoolExecutor(max_workers=max(1, len(targets))) as pool:
            # The findings do not matter (a missing library shows up in the real checks).
            list(pool.map(lambda target: checks.mypy_strict([module], python=target, cache_dir=slot), targets))


def run_all(runner: CaseRunner, cases: Sequence[Case], jobs: int, progress: Progress | None) -> list[CaseResult]:
    results: list[CaseResult] = []
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="verify") as pool:
        futures = [pool.submit(runner.run, index, case) for index, case in enumerate(cases)]
        try:
            for future in as_completed(futures):
                results.append(future.result())
                if progress is not None:
                    progress(results[-1], len(results), len(cases))
        except BaseException:
            for pending in futures:
                pending.cancel()
            raise
    return results


class Memo:
    """Checks of identical files run once: cases often render the same text (say, python=3.12 and 3.13)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[tuple[str, ...], Future[CheckResult]] = {}

    def get(self, key: tuple[str, ...], compute: Callable[[], CheckResult]) -> CheckResult:
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = self._futures[key] = Future()
        if not owner:
            earlier = future.result()
            note = "same files as an earlier case: result reused"
            return replace(earlier, seconds=0.0, detail=f"{earlier.detail}\n{note}".strip())
        try:
            result = compute()
        except BaseException as exc:
            future.set_exception(exc)
            raise
        future.set_result(result)
        return result


@dataclass
class CaseRunner:
    manifest: Manifest
    interpreters: Sequence[Interpreter]
    root: Path
    mypy_slots: queue.Queue[Path]
    test_timeout: float
    memo: Memo
    file_memo: FileMemo

    def run(self, index: int, case: Case) -> CaseResult:
        started = time.monotonic()
        folder = self.root / case.template / f"{index:03d}-{_slug(case.label)}"
        folder.mkdir(parents=True)
        results: list[CheckResult] = []
        rendered = _timed("render", "", lambda: render_case(self.manifest, case, folder, self.test_timeout))
        results.append(rendered.result)
        if rendered.value is None:
            results += [CheckResult(check, "", "skip", 0.0, detail="not rendered") for check in CHECKS[1:]]
        else:
            results += self._gates(case, folder, *rendered.value)
        return CaseResult(case, str(folder), time.monotonic() - started, tuple(results))

    def _gates(self, case: Case, folder: Path, modules: list[Path], tests: list[Path]) -> list[CheckResult]:
        files = modules + tests
        digest = _digest(folder, files)
        runnable = [i for i in self.interpreters if version_key(i.version) >= version_key(case.python)]

        def check(name: str, target: str, key: str, action: Callable[[], list[Finding]]) -> CheckResult:
            return self.memo.get((name, key, digest), lambda: _relative(_findings(name, target, action), folder))

        results = [
            check("compile", i.version, i.executable, partial(checks.compile_with, i.executable, files))
            for i in runnable
        ]
        if not runnable:
            results.append(CheckResult("compile", "", "skip", 0.0, detail=f"no interpreter >= {case.python} found"))
        results.append(check("ruff", "", case.python, partial(checks.ruff_check, files, python=case.python)))
        results.append(check("format", "", case.python, partial(checks.ruff_format_check, files, python=case.python)))
        results.append(self._flake8(case, folder, files))
        slot = self.mypy_slots.get()
        try:
            for target in case.targets:
                action = partial(checks.mypy_strict, files, python=target, cache_dir=slot)
                results.append(check("mypy", target, target, action))
        finally:
            self.mypy_slots.put(slot)
        if not tests:
            return [*results, CheckResult("tests", "", "fail", 0.0, detail="the template generates no test file")]
        if not runnable:
            return [*results, CheckResult("tests", "", "skip", 0.0, detail=f"no interpreter >= {case.python} found")]
        # Test runs mostly wait on timers and sockets: the interpreters run side by side.
        with ThreadPoolExecutor(max_workers=len(runnable), thread_name_prefix="verify-tests") as pool:
            runs = pool.map(
                lambda i: self.memo.get(
                    ("tests", i.executable, digest), lambda: run_tests(i, folder, tests, self.test_timeout)
                ),
                runnable,
            )
            results += list(runs)
        return results

    def _flake8(self, case: Case, folder: Path, files: list[Path]) -> CheckResult:
        """flake8 parses with its own interpreter, so code for 3.12+ needs a 3.12+ one with flake8-async.

        When no Python in the run is as new as the case, see ``_flake8_static``.
        """
        newer = [i for i in self.interpreters if version_key(i.version) >= version_key(case.python)]
        if version_key(_current_version()) >= version_key(case.python):
            target, interpreter = "", None
        elif newer:
            usable = [i for i in newer if i.can_lint]
            if not usable:
                hint = f"flake8-async needs Python >= {case.python} to parse this code; install async-patterns[check] there"
                return CheckResult("flake8-async", case.python, "error", 0.0, detail=hint)
            target, interpreter = usable[0].version, usable[0].executable
        else:
            return self._flake8_static(case, folder, files)
        return self._lint(target, interpreter, folder, files)

    def _flake8_static(self, case: Case, folder: Path, files: list[Path]) -> CheckResult:
        """No Python in this run is as new as the case: the newest one that lints reads the code.

        flake8-async's rules look at the syntax tree, not the version; syntax that interpreter
        cannot parse makes the check a skip that says so, never a pass.
        """
        linters = [
            i for i in self.interpreters if i.can_lint and version_key(i.version) > version_key(_current_version())
        ]
        newest = max(linters, key=lambda i: version_key(i.version), default=None)
        interpreter = newest.executable if newest is not None else None
        version = newest.version if newest is not None else _current_version()
        result = self._lint(f"{case.python} (read by {version})", interpreter, folder, files)
        if result.findings and all(f.code == "E999" for f in result.findings):
            detail = f"Python {version} cannot parse code for {case.python}; ruff and mypy checked it for {case.python}"
            return CheckResult("flake8-async", case.python, "skip", result.seconds, detail=detail)
        return result

    def _lint(self, target: str, interpreter: str | None, folder: Path, files: list[Path]) -> CheckResult:
        def lint(subset: list[Path]) -> list[Finding]:
            return checks.flake8_async(subset, interpreter=interpreter)

        action = partial(self.file_memo.lint, interpreter or "", files, lint)
        return _relative(_findings("flake8-async", target, action), folder)


class FileMemo:
    """Per-file results of flake8-async (it parses each file alone, and slowly): identical files are linted once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[tuple[str, str], Future[tuple[Finding, ...]]] = {}

    def lint(self, tool: str, files: Sequence[Path], run: Callable[[list[Path]], list[Finding]]) -> list[Finding]:
        mine: list[tuple[Path, Future[tuple[Finding, ...]]]] = []
        theirs: list[tuple[Path, Future[tuple[Finding, ...]]]] = []
        with self._lock:
            for path in files:
                key = (tool, hashlib.sha256(path.read_bytes()).hexdigest())
                future = self._futures.get(key)
                if future is None:
                    future = self._futures[key] = Future()
                    mine.append((path, future))
                else:
                    theirs.append((path, future))
        if mine:
            try:
                found = run([path for path, _ in mine])
            except BaseException as exc:
                for _, future in mine:
                    future.set_exception(exc)
                raise
            for path, future in mine:
                future.set_result(tuple(f for f in found if not f.file or Path(f.file) == path))
        found_here = (
            replace(finding, file=str(path) if finding.file else "")
            for path, future in mine + theirs
            for finding in future.result()
        )
        return list(dict.fromkeys(found_here))  # a tool error is recorded once per file


@dataclass(frozen=True)
class _Timed:
    result: CheckResult
    value: Any


def _timed(check: str, target: str, action: Callable[[], Any]) -> _Timed:
    """Run ``action``; its library errors become a failed check rather than aborting the matrix."""
    started = time.monotonic()
    try:
        value = action()
    except AsyncPatternsError as exc:
        status: Status = "error" if isinstance(exc, ToolMissingError) else "fail"
        return _Timed(CheckResult(check, target, status, time.monotonic() - started, detail=str(exc)), None)
    return _Timed(CheckResult(check, target, "pass", time.monotonic() - started), value)


def _findings(check: str, target: str, action: Callable[[], list[Finding]]) -> CheckResult:
    timed = _timed(check, target, action)
    if timed.value is None or not timed.value:
        return timed.result
    found = tuple(timed.value)
    status: Status = "error" if any(f.code == "tool-error" for f in found) else "fail"
    return CheckResult(check, target, status, timed.result.seconds, found)


def _relative(result: CheckResult, folder: Path) -> CheckResult:
    """Findings name files relative to the case folder (so identical cases share results)."""
    findings = tuple(replace(f, file=_relative_name(f.file, folder)) for f in result.findings)
    return replace(result, findings=findings)


def _relative_name(file: str, folder: Path) -> str:
    if not file:
        return file
    path = Path(file)
    try:
        return str((path if path.is_absolute() else folder / path).relative_to(folder))
    except ValueError:
        return file


def _digest(folder: Path, files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _current_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", label).strip("-")[:60] or "case"
