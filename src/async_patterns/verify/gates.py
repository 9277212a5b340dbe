"""The external checkers behind the code gates, as functions returning findings.

Each function runs one tool in a subprocess, with the gate configuration shipped in
``verify/config/`` (so no configuration near the checked files changes the verdict), reads the
tool's machine-readable output, and returns every problem as a :class:`Finding`. An empty
list means the files pass. A tool that is not installed raises ``ToolMissingError`` with an
install hint; a tool that crashes or times out yields a ``tool-error`` finding, so a
broken checker can never look like a clean result.

The tools run from the environment of the running interpreter (``python -m mypy`` …),
which is also where mypy finds aiohttp, httpx and pytest to type-check generated code.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from async_patterns.errors import ToolMissingError, UsageError
from async_patterns.findings import Finding, code_finding

__all__ = [
    "ASYNC_MYPY_CODES",
    "ASYNC_RUFF_SELECT",
    "PYTHON_VERSIONS",
    "Finding",
    "compile_with",
    "flake8_async",
    "mypy_strict",
    "require_tools",
    "ruff_check",
    "ruff_format_check",
]

PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")  # what templates target; checks accept any 3.N >= 3.11
INSTALL_HINT = "install the checkers with: pip install 'async-patterns[check]'"
FLAKE8_ASYNC_SELECT = "ASYNC1,ASYNC2,ASYNC3,ASYNC4"
# The async-correctness part of the ruff gate (verify/config/ruff.toml selects these plus style:
# E, F, UP, I, T20). ``check`` runs only these on code it did not generate, where style is the
# project's own business; F stays for the undefined names that hide a missing await target.
ASYNC_RUFF_SELECT = ("ASYNC", "ASYNC119", "RUF006", "B", "BLE", "TRY", "S110", "S112", "S113", "PLE", "F")
# The mypy codes about async correctness; ``check`` reports these from the mypy gate unless asked for more.
ASYNC_MYPY_CODES = frozenset({"unused-coroutine", "unused-awaitable", "deprecated", "func-returns-value"})
TOOL_TIMEOUT = 600.0  # seconds; a hung checker is reported, not waited on forever
_FLAKE8_LINE = re.compile(r"^(?P<file>.*):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")

# Run by the target interpreter: compile every file without writing bytecode, with
# warnings as errors (a SyntaxWarning such as an invalid escape is a future SyntaxError).
_COMPILE_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("error")
found = []
for path in sys.argv[1:]:
    try:
        with open(path, "rb") as handle:
            compile(handle.read(), path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        found.append([path, exc.lineno or 0, type(exc).__name__ + ": " + str(exc.msg)])
    except Warning as exc:
        found.append([path, 0, type(exc).__name__ + ": " + str(exc)])
print(json.dumps(found))
"""


def ruff_check(
    paths: Sequence[Path | str], *, python: str = "3.11", select: Sequence[str] | None = None
) -> list[Finding]:
    """The ruff gate set (``verify/config/ruff.toml``) for target ``python``; ASYNC119 included.

    ``select`` narrows it to those rules (``check`` passes ``ASYNC_RUFF_SELECT``).
    """
    files = _paths(paths)
    with resources.as_file(resources.files("async_patterns").joinpath("verify/config/ruff.toml")) as config:
        args = ["check", "--config", str(config), "--config", _ruff_src(files), "--no-cache"]
        if select is not None:
            args += ["--select", ",".join(select)]
        args += ["--target-version", _ruff_target(python), "--output-format", "json", *files]
        result = _run("ruff", [_ruff_binary(), *args], accept=(0, 1))
    return result if isinstance(result, list) else _ruff_findings("ruff", result)


def ruff_format_check(paths: Sequence[Path | str], *, python: str = "3.11") -> list[Finding]:
    """Files that ``ruff format`` (default style, line length 88) would change."""
    files = _paths(paths)
    args = ["format", "--check", "--isolated", "--no-cache", "--target-version", _ruff_target(python)]
    result = _run("ruff format", [_ruff_binary(), *args, "--output-format", "json", *files], accept=(0, 1))
    return result if isinstance(result, list) else _ruff_findings("ruff format", result)


def flake8_async(
    paths: Sequence[Path | str], *, interpreter: Path | str | None = None, jobs: str = "1"
) -> list[Finding]:
    """flake8-async's ASYNC1xx–4xx rules in asyncio mode (it alone catches swallowed cancellation).

    flake8 parses with the interpreter it runs on, so code using 3.12 syntax needs a 3.12
    ``interpreter`` with flake8-async installed; a file it cannot parse is reported (E999),
    never skipped. ``jobs`` is flake8's: verify runs many cases in parallel already ("1"),
    ``check`` lets flake8 use every core ("auto").
    """
    files = _paths(paths)
    if interpreter is None:
        _require_module("flake8")
        _require_module("flake8_async", "flake8-async")
    python = str(interpreter or sys.executable)
    select = FLAKE8_ASYNC_SELECT + ",E999"
    command = [python, "-m", "flake8", "--isolated", "--jobs", jobs, "--select", select, "--asyncio", *files]
    result = _run("flake8-async", command, accept=(0, 1))
    if isinstance(result, list):
        return result
    findings = []
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        if match is None:
            return [_tool_error("flake8-async", f"unexpected output line: {line[:200]}")]
        findings.append(
            code_finding(
                "flake8-async",
                match["code"],
                match["file"],
                int(match["line"]),
                match["message"].strip(),
                int(match["col"]),
            )
        )
    if result.returncode and not findings:
        return [_tool_error("flake8-async", _tail(result))]
    return findings


def mypy_strict(
    paths: Sequence[Path | str],
    *,
    python: str = "3.11",
    cache_dir: Path | str | None = None,
    missing_imports_ok: bool = False,
) -> list[Finding]:
    """``mypy --strict --enable-error-code unused-awaitable`` for target ``python``.

    ``cache_dir`` lets many runs share mypy's cache (typeshed, aiohttp, pytest are then
    analysed once); by default mypy keeps no cache at all.
    """
    files = _paths(paths)
    _require_module("mypy")
    _check_python(python)
    with resources.as_file(resources.files("async_patterns").joinpath("verify/config/mypy.ini")) as config:
        command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--python-version", python]
        command += ["--cache-dir", str(cache_dir) if cache_dir is not None else os.devnull]
        if missing_imports_ok:  # code checked in place may import what this environment lacks
            command += ["--ignore-missing-imports"]
        command += ["--output", "json", "--no-error-summary", *files]
        result = _run("mypy", command, accept=(0, 1))
    if isinstance(result, list):
        return result
    findings = []
    for line in result.stdout.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            return [_tool_error("mypy", f"unexpected output line: {line[:200]}")]
        if record.get("severity") == "error":
            findings.append(
                code_finding(
                    "mypy",
                    record.get("code") or "error",
                    record["file"],
                    record["line"],
                    record["message"],
                    max(0, int(record.get("column") or 0)) + 1,
                )
            )
    if result.returncode and not findings:
        return [_tool_error("mypy", _tail(result))]
    return findings


def compile_with(interpreter: Path | str, paths: Sequence[Path | str]) -> list[Finding]:
    """Byte-compile ``paths`` with ``interpreter`` (nothing written), warnings counted as errors."""
    files = _paths(paths)
    if shutil.which(str(interpreter)) is None:
        raise ToolMissingError(f"interpreter {interpreter} not found; install it or pass another with --python")
    result = _run("compile", [str(interpreter), "-c", _COMPILE_SCRIPT, *files], accept=(0,))
    if isinstance(result, list):
        return result
    try:
        found: list[list[Any]] = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [_tool_error("compile", f"unexpected output: {result.stdout[:200]}")]
    return [code_finding("compile", "syntax", str(path), int(line), message) for path, line, message in found]


def require_tools() -> None:
    """Raise ``ToolMissingError`` (with an install hint) unless every checker is installed."""
    _ruff_binary()
    _require_module("flake8")
    _require_module("flake8_async", "flake8-async")
    _require_module("mypy")


def _paths(paths: Iterable[Path | str]) -> list[str]:
    files = [str(path) for path in paths]
    if not files:
        raise UsageError("no files to check")
    return files


def _check_python(python: str) -> None:
    match = re.fullmatch(r"3\.(\d{1,2})", python)
    if match is None or int(match[1]) < 11:
        raise UsageError(f"python version must look like 3.11 (3.11 or newer), got {python!r}")


def _ruff_target(python: str) -> str:
    _check_python(python)
    return "py" + python.replace(".", "")


def _ruff_src(files: Sequence[str]) -> str:
    """Treat the checked files' folders as first-party, wherever ruff is started from."""
    folders = sorted({str(Path(file).resolve().parent) for file in files})
    return "src = " + json.dumps(folders)


def _ruff_binary() -> str:
    """ruff from this interpreter's environment first (that is what ``[check]`` installs), else PATH."""
    name = "ruff.exe" if sys.platform == "win32" else "ruff"
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    if found is None:
        raise ToolMissingError(f"ruff is not installed; {INSTALL_HINT}")
    return found


def _require_module(module: str, distribution: str | None = None) -> None:
    if importlib.util.find_spec(module) is None:
        raise ToolMissingError(f"{distribution or module} is not installed for {sys.executable}; {INSTALL_HINT}")


def _run(tool: str, command: list[str], *, accept: tuple[int, ...]) -> subprocess.CompletedProcess[str] | list[Finding]:
    """Run a checker; a timeout or an exit code outside ``accept`` becomes a tool-error finding."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return [_tool_error(tool, f"timed out after {TOOL_TIMEOUT:g} s")]
    except FileNotFoundError as exc:
        raise ToolMissingError(f"{tool}: cannot run {command[0]}; {INSTALL_HINT}") from exc
    if result.returncode not in accept:
        return [_tool_error(tool, _tail(result))]
    return result


def _ruff_findings(tool: str, result: subprocess.CompletedProcess[str]) -> list[Finding]:
    try:
        records: list[dict[str, Any]] = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return [_tool_error(tool, f"unexpected output: {result.stdout[:200]}")]
    findings = [
        code_finding(
            tool,
            record.get("code") or "syntax",
            record["filename"],
            (record.get("location") or {}).get("row", 0),
            record["message"],
            (record.get("location") or {}).get("column", 0),
        )
        for record in records
    ]
    if result.returncode and not findings:
        return [_tool_error(tool, _tail(result))]
    return findings


def _tool_error(tool: str, message: str) -> Finding:
    return code_finding(tool, "tool-error", "", 0, message.strip() or f"{tool} failed without a message")


def _tail(result: subprocess.CompletedProcess[str], limit: int = 2000) -> str:
    text = (result.stderr or "") + (result.stdout or "")
    return f"exit {result.returncode}: {text.strip()[-limit:]}"
