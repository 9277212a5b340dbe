"""Proof that every scaffold the skill can generate compiles, lints clean, type-checks and runs.

For each template the matrix holds the defaults plus a covering set of parameter values
(every enum value and bool at least once; all pairs when that stays small). Each case is
rendered into its own folder and put through every gate, in this order:

    render → compile (each interpreter) → ruff → format → flake8-async
           → mypy (each target version) → tests (each interpreter)

A case whose ``python`` parameter is 3.12 is only compiled, type-checked and run on 3.12
and newer. Generated tests run as ``python -X dev -W error -m pytest`` with a per-test hang
timeout, and fail also when their output shows an unclosed session, a never-retrieved task
exception, a never-awaited coroutine or a slow callback: those are only ever printed, never
raised, so an exit code alone would miss them.

Nothing passes by default: a missing checker raises ``ToolMissingError``; an interpreter
that cannot run the tests (no pytest, aiohttp … installed for it) makes the tests check an
``error`` with an install hint; fewer Pythons than requested is reported.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from . import checks
from .checks import PYTHON_VERSIONS, Finding
from .errors import AsyncPatternsError, ToolMissingError, UsageError
from .manifest import Manifest, Template, load_manifest

__all__ = [
    "CHECKS",
    "Case",
    "CaseResult",
    "CheckResult",
    "Interpreter",
    "Report",
    "VerifyOptions",
    "build_matrix",
    "find_interpreters",
    "verify",
]

CHECKS = ("render", "compile", "ruff", "format", "flake8-async", "mypy", "tests")
# Modules an interpreter needs to run generated tests, and to lint them with flake8 (import names).
TEST_REQUIREMENTS = (
    "pytest",
    "pytest_asyncio",
    "pytest_timeout",
    "aiohttp",
    "httpx",
    "httpx2",
    "async_patterns.testing",
)
LINT_REQUIREMENTS = ("flake8", "flake8_async")
# Printed (never raised) by asyncio and aiohttp when async code leaks or blocks.
RUNTIME_WARNINGS = (
    "Unclosed client session",
    "Unclosed connector",
    "Task exception was never retrieved",
    "Task was destroyed but it is pending",
    "was never awaited",
    "Executing <Task",
)
SLOW_CALLBACK = "Executing <Task"
# "FAILED test_x.py::test_name - AssertionError: …" in pytest's short summary (not log lines).
_SUMMARY_LINE = re.compile(r"^(?P<outcome>FAILED|ERROR) (?P<file>[^\s:]+\.py)(?P<rest>.*)$")
PAIRWISE_BUDGET = 6  # all pairs when that needs at most this many cases, else a covering set
PROBE_TIMEOUT = 30.0
MAX_MINOR = 20

Status = Literal["pass", "fail", "skip", "error"]

_PROBE = """
import importlib.util, json, sys
missing = []
for name in sys.argv[1:]:
    try:
        found = importlib.util.find_spec(name) is not None
    except ImportError:
        found = False
    if not found:
        missing.append(name)
print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "executable": sys.executable, "missing": missing}))
"""

_WARM_IMPORTS = """\
import aiohttp
import httpx
import pytest
import pytest_asyncio

from async_patterns.testing import FaultServer

__all__ = ["FaultServer", "aiohttp", "httpx", "pytest", "pytest_asyncio"]
"""

_PYTEST_INI = """\
# Written by async-patterns verify: how the generated tests were run.
# Reproduce with: python -X dev -W error -m pytest
[pytest]
asyncio_mode = strict
asyncio_default_fixture_loop_scope = function
timeout = {timeout:g}
filterwarnings = error
addopts = -p no:cacheprovider -rA
"""


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
        return ", ".join(f"{name}={_show(value)}" for name, value in self.params.items())


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
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


Progress = Callable[[CaseResult, int, int], None]


def verify(options: VerifyOptions, progress: Progress | None = None) -> Report:
    """Run the whole matrix; ``progress(result, done, total)`` is called as each case finishes.

    Raises:
        ToolMissingError: ruff, flake8-async or mypy is not installed, or a --python path is missing.
        UsageError: a bad option (a --keep folder that is not empty, a Python older than 3.11).
        TemplateNotFoundError, ManifestError: unknown template id, broken manifest.
    """
    started = time.monotonic()
    _check_keep(options.keep)
    checks.require_tools()
    manifest = load_manifest(options.skill_dir)
    cases = build_matrix(manifest, options.templates)
    interpreters, notes, problems = find_interpreters(options.python)
    if options.python != ("auto",) and interpreters:
        cases, left_out = _within_requested(cases, interpreters)
        notes += left_out
    jobs = options.jobs or os.cpu_count() or 1
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    notes += [i.install_hint() for i in interpreters if not i.ready]
    targets = sorted({t for case in cases for t in case.targets}, key=_version_key)
    with _work_folder(options.keep) as root, _mypy_slots(options.mypy_cache, jobs, targets) as slots:
        runner = _CaseRunner(manifest, interpreters, root, slots, options.test_timeout, _Memo(), _FileMemo())
        results = _run_all(runner, cases, jobs, progress)
    order = {id(case): index for index, case in enumerate(cases)}
    results.sort(key=lambda r: order[id(r.case)])
    return Report(tuple(results), tuple(interpreters), tuple(notes), tuple(problems), jobs, time.monotonic() - started)


# -- the matrix ---------------------------------------------------------------------------


def build_matrix(manifest: Manifest, template_ids: Sequence[str] = ()) -> list[Case]:
    """Defaults plus a covering (or, when small, pairwise) set of enum and bool values per template."""
    templates = [manifest.template(t) for t in template_ids] if template_ids else list(manifest.templates)
    cases = []
    for template in templates:
        for overrides in _combinations(template):
            cases.append(_case(template, overrides))
    return cases


def _axes(template: Template) -> list[tuple[str, list[Any]]]:
    """Each enum and bool parameter with its values, the default first."""
    axes = []
    for name, spec in template.parameters.items():
        if spec.type == "enum":
            values = list(spec.choices)
        elif spec.type == "bool":
            values = [False, True]
        else:
            continue
        values.sort(key=lambda v: v != spec.default)
        axes.append((name, values))
    return axes


def _combinations(template: Template) -> list[dict[str, Any]]:
    axes = _axes(template)
    pairwise = _pairwise(axes)
    chosen = pairwise if pairwise is not None and len(pairwise) <= PAIRWISE_BUDGET else _covering(axes)
    return [
        {name: value for (name, values), value in zip(axes, row, strict=True) if value != values[0]} for row in chosen
    ]


def _covering(axes: list[tuple[str, list[Any]]]) -> list[tuple[Any, ...]]:
    """Defaults, then row k gives every axis its k-th value (or its default when it has fewer)."""
    width = max((len(values) for _, values in axes), default=1)
    return [tuple(values[k] if k < len(values) else values[0] for _, values in axes) for k in range(width)]


def _pairwise(axes: list[tuple[str, list[Any]]]) -> list[tuple[Any, ...]] | None:
    """A greedy all-pairs set starting from the defaults; None when the product is too large to search."""
    if len(axes) < 2:
        return _covering(axes)
    sizes = [len(values) for _, values in axes]
    if _product(sizes) > 4096:
        return None
    indexes = range(len(axes))
    uncovered = {
        ((i, a), (j, b))
        for i, j in itertools.combinations(indexes, 2)
        for a in range(sizes[i])
        for b in range(sizes[j])
    }
    candidates = list(itertools.product(*(range(size) for size in sizes)))
    rows = [candidates[0]]  # all defaults
    uncovered -= _pairs(candidates[0])
    while uncovered:
        best = max(candidates, key=lambda row: len(_pairs(row) & uncovered))
        rows.append(best)
        uncovered -= _pairs(best)
    return [tuple(axes[i][1][k] for i, k in enumerate(row)) for row in rows]


def _pairs(row: tuple[int, ...]) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    return {((i, row[i]), (j, row[j])) for i, j in itertools.combinations(range(len(row)), 2)}


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
    return total


def _case(template: Template, overrides: Mapping[str, Any]) -> Case:
    spec = template.parameters.get("python")
    if spec is None:
        return Case(template.id, overrides, PYTHON_VERSIONS[0], PYTHON_VERSIONS)
    python = str(overrides.get("python", spec.default))
    supported = sorted((str(v) for v in spec.choices or PYTHON_VERSIONS), key=_version_key)
    return Case(template.id, overrides, python, tuple(v for v in supported if _version_key(v) >= _version_key(python)))


def _within_requested(cases: list[Case], interpreters: Sequence[Interpreter]) -> tuple[list[Case], list[str]]:
    """Cases an explicit ``--python`` choice can run, and a note naming the ones it cannot.

    Asking for ``--python 3.11`` narrows the run to what 3.11 can prove; a ``python=3.13``
    case is then left out and said so, not reported as a missing interpreter.
    """
    newest = max((i.version for i in interpreters), key=_version_key)
    kept = [c for c in cases if _version_key(c.python) <= _version_key(newest)]
    left = [f"{c.template} ({c.label})" for c in cases if _version_key(c.python) > _version_key(newest)]
    if not left:
        return kept, []
    return kept, [f"not run, they need a Python newer than {newest} (none requested): {', '.join(left)}"]


# -- interpreters -------------------------------------------------------------------------


def find_interpreters(request: Sequence[str] = ("auto",)) -> tuple[list[Interpreter], list[str], list[str]]:
    """The Pythons to verify with, plus notes and problems (requested but not found).

    ``request`` is ``["auto"]`` (this interpreter, then ``python3.X`` on PATH, pyenv
    versions and ``/usr/bin``, one per version), a list of versions (``"3.11,3.12"`` or
    separate items), or interpreter paths (CI passes one venv per Python this way).
    """
    items = [part for item in request for part in item.split(",") if part.strip()] or ["auto"]
    if items == ["auto"]:
        found = _best_per_version(_candidates(None))
        missing = [v for v in PYTHON_VERSIONS if v not in {i.version for i in found}]
        notes = [f"Python {', '.join(missing)} not found; verified on {_versions(found)} only"] if missing else []
        return found, notes, []
    if all(re.fullmatch(r"3\.\d{1,2}", item) for item in items):
        wanted = sorted(set(items), key=_version_key)
        for version in wanted:
            _check_version(version, f"--python {version}")
        found = _best_per_version(_candidates(wanted))
        absent = [v for v in wanted if v not in {i.version for i in found}]
        problems = [f"requested Python {v} not found (searched PATH, pyenv, /usr/bin)" for v in absent]
        return found, [], problems
    return _explicit(items), [], []


def _explicit(paths: Sequence[str]) -> list[Interpreter]:
    interpreters: list[Interpreter] = []
    for path in paths:
        located = shutil.which(path)
        if located is None:
            raise ToolMissingError(f"--python {path}: interpreter not found")
        interpreter = _probe(located)
        if interpreter is None:
            raise ToolMissingError(f"--python {path}: cannot run it as a Python interpreter")
        _check_version(interpreter.version, f"--python {path}")
        if interpreter.executable not in {i.executable for i in interpreters}:
            interpreters.append(interpreter)
    return sorted(interpreters, key=lambda i: _version_key(i.version))


def _candidates(versions: Sequence[str] | None) -> Iterator[str]:
    """Interpreter paths worth probing, most preferred first."""
    minors = [int(v.split(".")[1]) for v in versions] if versions else range(11, MAX_MINOR + 1)
    yield sys.executable
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for minor in minors:
        name = f"python3.{minor}"
        on_path = shutil.which(name)
        if on_path is not None and "/shims/" not in on_path.replace(os.sep, "/"):
            yield on_path
        yield from (str(p) for p in sorted(pyenv_root.glob(f"versions/*/bin/{name}")))
        debian = Path("/usr/bin") / name
        if debian.is_file():
            yield str(debian)


def _best_per_version(paths: Iterator[str]) -> list[Interpreter]:
    """One interpreter per version: the first able to run the tests, else the first found."""
    chosen: dict[str, Interpreter] = {}
    seen: set[str] = set()
    for path in paths:
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        interpreter = _probe(path)
        if interpreter is None or _version_key(interpreter.version) < (3, 11):
            continue
        current = chosen.get(interpreter.version)
        if current is None or (interpreter.ready and not current.ready):
            chosen[interpreter.version] = interpreter
    return sorted(chosen.values(), key=lambda i: _version_key(i.version))


def _probe(path: str) -> Interpreter | None:
    try:
        result = subprocess.run(
            [path, "-I", "-c", _PROBE, *TEST_REQUIREMENTS, *LINT_REQUIREMENTS],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
        data = json.loads(result.stdout)
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None
    absent = set(data["missing"])
    missing = tuple(m.split(".")[0].replace("_", "-") for m in TEST_REQUIREMENTS if m in absent)
    can_lint = not absent & set(LINT_REQUIREMENTS)
    return Interpreter(path, data["executable"], data["version"], missing, can_lint)


def _check_version(version: str, where: str) -> None:
    if _version_key(version) < (3, 11):
        raise UsageError(f"{where}: Python {version} is older than 3.11, which generated code requires")


def _version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _versions(interpreters: Sequence[Interpreter]) -> str:
    return ", ".join(i.version for i in interpreters) or "none"


# -- running cases ------------------------------------------------------------------------


@contextlib.contextmanager
def _work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="async-patterns-verify-") as folder:
            yield Path(folder)
        return
    _check_keep(keep)
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def _check_keep(keep: Path | None) -> None:
    if keep is not None and keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise UsageError(f"--keep {keep}: must be an empty or new folder")


@contextlib.contextmanager
def _mypy_slots(cache: Path | None, jobs: int, targets: Sequence[str]) -> Iterator[queue.Queue[Path]]:
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


def _run_all(runner: _CaseRunner, cases: Sequence[Case], jobs: int, progress: Progress | None) -> list[CaseResult]:
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


class _Memo:
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
class _CaseRunner:
    manifest: Manifest
    interpreters: Sequence[Interpreter]
    root: Path
    mypy_slots: queue.Queue[Path]
    test_timeout: float
    memo: _Memo
    file_memo: _FileMemo

    def run(self, index: int, case: Case) -> CaseResult:
        started = time.monotonic()
        folder = self.root / case.template / f"{index:03d}-{_slug(case.label)}"
        folder.mkdir(parents=True)
        results: list[CheckResult] = []
        rendered = _timed("render", "", lambda: _render(self.manifest, case, folder, self.test_timeout))
        results.append(rendered.result)
        if rendered.value is None:
            results += [CheckResult(check, "", "skip", 0.0, detail="not rendered") for check in CHECKS[1:]]
        else:
            results += self._gates(case, folder, *rendered.value)
        return CaseResult(case, str(folder), time.monotonic() - started, tuple(results))

    def _gates(self, case: Case, folder: Path, modules: list[Path], tests: list[Path]) -> list[CheckResult]:
        files = modules + tests
        digest = _digest(folder, files)
        runnable = [i for i in self.interpreters if _version_key(i.version) >= _version_key(case.python)]

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
                    ("tests", i.executable, digest), lambda: _run_tests(i, folder, tests, self.test_timeout)
                ),
                runnable,
            )
            results += list(runs)
        return results

    def _flake8(self, case: Case, folder: Path, files: list[Path]) -> CheckResult:
        """flake8 parses with its own interpreter, so code for 3.12+ needs a 3.12+ one with flake8-async."""
        if _version_key(_current_version()) >= _version_key(case.python):
            target, interpreter = "", None
        else:
            usable = [
                i for i in self.interpreters if _version_key(i.version) >= _version_key(case.python) and i.can_lint
            ]
            if not usable:
                hint = f"flake8-async needs Python >= {case.python} to parse this code; install async-patterns[check] there"
                return CheckResult("flake8-async", case.python, "error", 0.0, detail=hint)
            target, interpreter = usable[0].version, usable[0].executable

        def lint(subset: list[Path]) -> list[Finding]:
            return checks.flake8_async(subset, interpreter=interpreter)

        action = partial(self.file_memo.lint, interpreter or "", files, lint)
        return _relative(_findings("flake8-async", target, action), folder)


class _FileMemo:
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


def _render(manifest: Manifest, case: Case, folder: Path, test_timeout: float) -> tuple[list[Path], list[Path]]:
    from .rendering import render_files

    modules: list[Path] = []
    tests: list[Path] = []
    for rendered in render_files(case.template, case.params, manifest=manifest):
        path = folder / rendered.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered.text, encoding="utf-8")
        if path.suffix == ".py":
            (tests if rendered.kind == "test" else modules).append(path)
    (folder / "pytest.ini").write_text(_PYTEST_INI.format(timeout=test_timeout), encoding="utf-8")
    return modules, tests


def _run_tests(interpreter: Interpreter, folder: Path, tests: Sequence[Path], test_timeout: float) -> CheckResult:
    """The generated tests under ``-X dev -W error``; rerun once if a slow callback was the only problem."""
    if not interpreter.ready:
        return CheckResult("tests", interpreter.version, "error", 0.0, detail=interpreter.install_hint())
    started = time.monotonic()
    result = _pytest(interpreter, folder, tests, test_timeout)
    if result.status == "fail" and result.findings and all(SLOW_CALLBACK in f.message for f in result.findings):
        retry = _pytest(interpreter, folder, tests, test_timeout)
        if retry.status == "pass":
            note = "a slow-callback warning on the first run did not repeat (machine load)"
            return CheckResult("tests", interpreter.version, "pass", time.monotonic() - started, detail=note)
        result = retry
    return replace(result, seconds=time.monotonic() - started)


def _pytest(interpreter: Interpreter, folder: Path, tests: Sequence[Path], test_timeout: float) -> CheckResult:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "PYTHONWARNINGS", "PYTHONPATH")}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONASYNCIODEBUG="1", PYTHONIOENCODING="utf-8")
    command = [interpreter.executable, "-X", "dev", "-W", "error", "-m", "pytest", *(t.name for t in tests)]
    # Bounds the whole run even if a hang defeats pytest-timeout (say, in a finaliser).
    limit = max(60.0, test_timeout * 20)
    try:
        completed = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, timeout=limit, check=False
        )
    except subprocess.TimeoutExpired as exc:
        output = _text(exc.stdout) + _text(exc.stderr)
        finding = Finding("tests", "hang", "", 0, f"no result after {limit:g} s")
        return CheckResult("tests", interpreter.version, "fail", limit, (finding,), output[-4000:])
    output = completed.stdout + completed.stderr
    findings = _runtime_findings(output) + _test_failures(output, completed.returncode)
    status: Status = "fail" if findings else "pass"
    return CheckResult("tests", interpreter.version, status, 0.0, tuple(findings), output[-4000:] if findings else "")


def _runtime_findings(output: str) -> list[Finding]:
    """One finding per kind of leak or blocking warning, quoting its first occurrence."""
    found = []
    for marker in RUNTIME_WARNINGS:
        line = next((line for line in output.splitlines() if marker in line), None)
        if line is not None:
            found.append(Finding("tests", "runtime-warning", "", 0, line.strip()[:300]))
    return found


def _test_failures(output: str, returncode: int) -> list[Finding]:
    """FAILED/ERROR lines of pytest's summary; any non-zero exit without them still fails."""
    found = []
    lines = output.splitlines()
    # The first "E   …" line explains a summary line that says nothing (a collection error).
    first_error = next((line[1:].strip() for line in lines if line.startswith("E   ")), "")
    for line in lines:
        match = _SUMMARY_LINE.match(line)
        if match is not None:
            message = match["file"] + (match["rest"] if match["rest"].strip() else f" - {first_error}")
            found.append(Finding("tests", match["outcome"].lower(), match["file"], 0, message[:300]))
    if "+++++ Timeout +++++" in output:
        found.append(Finding("tests", "hang", "", 0, "a test exceeded its hang timeout (pytest-timeout)"))
    if returncode and not found:
        reason = {5: "no tests were collected"}.get(returncode, f"pytest exited with {returncode}")
        found.append(Finding("tests", "pytest-exit", "", 0, reason))
    return found


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", label).strip("-")[:60] or "case"


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value
