"""The template quality bar (issue 4) in the project's own suite, through verify's library API.

Every bundled template, with its defaults and with each enum and bool value at least once,
must compile, pass ruff's gate set, ruff format, flake8-async and mypy --strict for each target
version, and its generated tests must pass under ``python -X dev -W error``.

Two runs, so that the default ``pytest`` stays within a few minutes on a 2-core machine:

- the default run checks every case with this interpreter: every static gate for every target
  version, and the generated tests on this Python;
- ``-m matrix`` (which ``.ci/run`` selects) runs the same cases on one ready interpreter per
  version found, including the per-Python venvs ``dev/pythons.sh`` makes beside ``.venv``, and
  byte-compiles them with the unready ones too. A check that needs a Python this machine lacks
  is left undone here, never failed silently: ``.ci/run`` also runs the full ``verify``.

The time limits are guards against a hang, never performance targets: a case takes about 2 s
on an idle 2-core machine, and each is allowed 60 s (plus 5 minutes to start), so a busy
machine is slower, never failed. verify bounds every checker and test run on its own as well.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from async_patterns.skill.manifest import load_manifest
from async_patterns.verify import CaseResult, CheckResult, Interpreter, Report, VerifyOptions, build_matrix, verify
from async_patterns.verify import gates as checks
from async_patterns.verify.interpreters import all_interpreters, find_interpreters
from tests.paths import REPO

MANIFEST = load_manifest()
TEMPLATE_IDS = [template.id for template in MANIFEST.templates]
HANG_GUARD = 300 + 60 * len(build_matrix(MANIFEST))  # seconds for one whole run, setup included
# Checks that can only be skipped for lack of an interpreter of the case's version here.
NEEDS_INTERPRETER = ("no interpreter >=", "needs Python >=")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(HANG_GUARD)]


@pytest.fixture(scope="module")
def quality(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """One verify run of the bundled skill with this interpreter: every case, every static gate."""
    return verify(VerifyOptions(python=(sys.executable,), keep=tmp_path_factory.mktemp("cases") / "kept"))


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[Interpreter]]:
    """One verify run on a ready interpreter per version, plus the unready ones found (compile only)."""
    venvs = [str(path) for path in sorted(REPO.glob(".venv-3.*/bin/python"))]
    found = all_interpreters() + (find_interpreters(venvs)[0] if venvs else [])
    ready_per_version: dict[str, str] = {}
    for interpreter in found:
        if interpreter.ready:
            ready_per_version.setdefault(interpreter.version, interpreter.executable)
    options = VerifyOptions(python=tuple(ready_per_version.values()), keep=tmp_path_factory.mktemp("cases") / "kept")
    others = [i for i in found if i.version not in ready_per_version]
    return verify(options), others


def _problems(case: CaseResult) -> list[CheckResult]:
    return [
        check
        for check in case.checks
        if check.status == "fail"
        or (check.status == "error" and not any(reason in check.detail for reason in NEEDS_INTERPRETER))
    ]


def _assert_meets_the_bar(report: Report, template_id: str) -> None:
    cases = [c for c in report.cases if c.case.template == template_id]
    assert cases, f"no cases for {template_id}"
    assert cases[0].case.params == {}, "the first case is the defaults"
    failures = [
        f"{c.case.label}: {p.check} {p.target} {p.status}: "
        + "; ".join(f.format() for f in p.findings[:5])
        + (p.detail[-800:] if not p.findings else "")
        for c in cases
        for p in _problems(c)
    ]
    assert not failures, "\n".join(failures)
    passed = {(r.check, r.target) for c in cases for r in c.checks if r.status == "pass"}
    assert {"render", "ruff", "format", "mypy", "tests"} <= {check for check, _ in passed}


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_meets_the_quality_bar(quality: Report, template_id: str) -> None:
    """Each case of the template passes every gate this interpreter can run (no failure, no unexplained error)."""
    _assert_meets_the_bar(quality, template_id)


@pytest.mark.matrix
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_meets_the_quality_bar_on_every_python(
    matrix: tuple[Report, list[Interpreter]], template_id: str
) -> None:
    """Each case passes every gate on every ready Python found, its tests included."""
    _assert_meets_the_bar(matrix[0], template_id)


@pytest.mark.matrix
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_compiles_on_every_python_present(matrix: tuple[Report, list[Interpreter]], template_id: str) -> None:
    """Interpreters without the test dependencies still byte-compile every case meant for their version."""
    report, others = matrix
    for case in (c for c in report.cases if c.case.template == template_id):
        files = sorted(Path(case.folder).glob("*.py"))
        for interpreter in others:
            if _key(interpreter.version) >= _key(case.case.python):
                assert checks.compile_with(interpreter.executable, files) == [], (case.case.label, interpreter.path)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
