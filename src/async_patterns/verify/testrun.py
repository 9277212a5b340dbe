"""Running a case's generated tests the way SKILL.md tells users to, and reading what they print."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from async_patterns.findings import Finding, code_finding
from async_patterns.skill.manifest import Manifest
from async_patterns.verify.model import Case, CheckResult, Interpreter, Status

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


def render_case(manifest: Manifest, case: Case, folder: Path, test_timeout: float) -> tuple[list[Path], list[Path]]:
    from async_patterns.scaffold.rendering import render_files

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


def run_tests(interpreter: Interpreter, folder: Path, tests: Sequence[Path], test_timeout: float) -> CheckResult:
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
        finding = code_finding("tests", "hang", "", 0, f"no result after {limit:g} s")
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
            found.append(code_finding("tests", "runtime-warning", "", 0, line.strip()[:300]))
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
            found.append(code_finding("tests", match["outcome"].lower(), match["file"], 0, message[:300]))
    if "+++++ Timeout +++++" in output:
        found.append(code_finding("tests", "hang", "", 0, "a test exceeded its hang timeout (pytest-timeout)"))
    if returncode and not found:
        reason = {5: "no tests were collected"}.get(returncode, f"pytest exited with {returncode}")
        found.append(code_finding("tests", "pytest-exit", "", 0, reason))
    return found


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data
