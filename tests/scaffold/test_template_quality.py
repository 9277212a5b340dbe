"""The template quality bar (issue 4) in the project's own suite, through verify's library API.

Every bundled template, with its defaults and with each enum and bool value at least once,
must compile on every Python >= 3.11 present, pass ruff's gate set, ruff format, flake8-async
and mypy --strict for each target version, and its generated tests must pass under
``python -X dev -W error``. Generated tests run on the interpreters found here that have the
test dependencies installed, including the per-Python venvs ``.ci/run`` creates beside the
repository's ``.venv`` (``.venv-3.12`` …). A check that needs a Python this machine lacks (a
3.13 case, flake8 for 3.12 syntax) may be left undone here, never failed silently:
``.ci/run`` then runs the full ``verify`` on one venv per Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from async_patterns.skill.manifest import load_manifest
from async_patterns.verify import (
    CaseResult,
    CheckResult,
    Interpreter,
    Report,
    VerifyOptions,
    find_interpreters,
    verify,
)
from async_patterns.verify import gates as checks
from tests.paths import REPO

TEMPLATE_IDS = [template.id for template in load_manifest().templates]
# Checks that can only be skipped for lack of an interpreter of the case's version here.
NEEDS_INTERPRETER = ("no interpreter >=", "needs Python >=")
REPOSITORY = REPO


@pytest.fixture(scope="module")
def quality(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[Interpreter]]:
    """One verify run of the bundled skill on the ready interpreters, plus the others found (compile only)."""
    venvs = [str(path) for path in sorted(REPOSITORY.glob(".venv-3.*/bin/python"))]
    found, _, _ = find_interpreters(["auto"])
    if venvs:
        found += find_interpreters(venvs)[0]
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


@pytest.mark.slow
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_meets_the_quality_bar(quality: tuple[Report, list[Interpreter]], template_id: str) -> None:
    """Each case of the template passes every gate verify can run here (no failure, no unexplained error)."""
    report, _ = quality
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


@pytest.mark.slow
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_compiles_on_every_python_present(quality: tuple[Report, list[Interpreter]], template_id: str) -> None:
    """Interpreters without the test dependencies still byte-compile every case meant for their version."""
    report, others = quality
    for case in (c for c in report.cases if c.case.template == template_id):
        files = sorted(Path(case.folder).glob("*.py"))
        for interpreter in others:
            if _key(interpreter.version) >= _key(case.case.python):
                assert checks.compile_with(interpreter.executable, files) == [], (case.case.label, interpreter.path)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
