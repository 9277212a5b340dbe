"""Targets with no interpreter are checked statically and said to be; one that appears is used as is.

This machine has no CPython 3.14. A stand-in named ``python3.14`` on PATH (the test's own
interpreter, which tells verify's probe that it is 3.14) shows that discovery picks a new
version up with no change to verify: the discovery is simulated, the checks are real.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from async_patterns.verify import VerifyOptions, verify
from async_patterns.verify.gates import PYTHON_VERSIONS

pytestmark = pytest.mark.slow

# timeouts' 3.14 rendering differs from 3.13's only in prose, so any 3.11+ can run it.
TEMPLATE = "timeouts"
STAND_IN = """#!/bin/sh
# A stand-in for CPython 3.14: {python}, reporting itself as 3.14 to verify's probe only.
if [ "$1" = "-I" ] && [ "$2" = "-c" ]; then
  "{python}" "$@" | sed 's/"version": "3\\.[0-9]*"/"version": "3.14"/'
  exit 0
fi
exec "{python}" "$@"
"""


def stand_in(folder: Path) -> Path:
    script = folder / "python3.14"
    script.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_314_is_a_supported_target() -> None:
    assert "3.14" in PYTHON_VERSIONS


def test_without_a_314_interpreter_314_is_static_only(tmp_path: Path) -> None:
    """Every case, 3.14 included, is type-checked for 3.14; the report says no test ran on 3.14."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    report = verify(VerifyOptions(templates=(TEMPLATE,), python=(sys.executable,), mypy_cache=tmp_path / "mypy"))
    assert report.ok, [c.failures() for c in report.cases]
    assert report.targets()["3.14"] == "static"
    assert report.targets()[version] == "run"
    case_314 = next(c for c in report.cases if c.case.python == "3.14")
    by_check = {(r.check, r.target): r.status for r in case_314.checks}
    assert by_check[("mypy", "3.14")] == "pass"
    assert by_check[("tests", "")] == "skip"
    assert report.as_dict()["targets"]["3.14"] == "static"


def test_a_314_interpreter_on_path_is_picked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--python 3.14`` finds python3.14 on PATH and runs the 3.14 case's tests on it."""
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path).parent}{os.pathsep}{os.environ['PATH']}")
    report = verify(VerifyOptions(templates=(TEMPLATE,), python=("3.14",), mypy_cache=tmp_path / "mypy"))
    assert [i.version for i in report.interpreters] == ["3.14"]
    assert report.ok, [c.failures() for c in report.cases]
    assert report.targets()["3.14"] == "run"
    case_314 = next(c for c in report.cases if c.case.python == "3.14")
    assert {(r.check, r.target, r.status) for r in case_314.checks} >= {
        ("tests", "3.14", "pass"),
        ("compile", "3.14", "pass"),
    }
