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
named with ``--python`` that cannot run the tests (no pytest, aiohttp … installed for it)
makes the tests check an ``error`` with an install hint; fewer Pythons than requested is
reported. Without ``--python`` verify uses the interpreters that are ready, names the others
in one note, and fails only when none is ready.
"""

from __future__ import annotations

import os
import time

from async_patterns.skill.manifest import load_manifest
from async_patterns.verify import gates as checks
from async_patterns.verify.interpreters import find_interpreters
from async_patterns.verify.matrix import build_matrix
from async_patterns.verify.model import (
    CHECKS,
    Case,
    CaseResult,
    CheckResult,
    Interpreter,
    Progress,
    Report,
    VerifyOptions,
    version_key,
)
from async_patterns.verify.runner import CaseRunner, FileMemo, Memo, mypy_slots, run_all, work_folder

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


def verify(options: VerifyOptions, progress: Progress | None = None) -> Report:
    """Run the whole matrix; ``progress(result, done, total)`` is called as each case finishes.

    Raises:
        ToolMissingError: ruff, flake8-async or mypy is not installed, or a --python path is missing.
        UsageError: a bad option (a --keep folder that is not empty, a Python older than 3.11).
        TemplateNotFoundError, ManifestError: unknown template id, broken manifest.
    """
    started = time.monotonic()
    checks.require_tools()
    manifest = load_manifest(options.skill_dir)
    cases = build_matrix(manifest, options.templates)
    interpreters, notes, problems = find_interpreters(options.python)
    jobs = options.jobs or os.cpu_count() or 1
    notes += [i.install_hint() for i in interpreters if not i.ready]
    targets = sorted({t for case in cases for t in case.targets}, key=version_key)
    with work_folder(options.keep) as root, mypy_slots(options.mypy_cache, jobs, targets) as slots:
        runner = CaseRunner(manifest, interpreters, root, slots, options.test_timeout, Memo(), FileMemo())
        results = run_all(runner, cases, jobs, progress)
    order = {id(case): index for index, case in enumerate(cases)}
    results.sort(key=lambda r: order[id(r.case)])
    return Report(tuple(results), tuple(interpreters), tuple(notes), tuple(problems), jobs, time.monotonic() - started)
