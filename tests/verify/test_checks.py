"""The checker functions: each gate reports what it should, stays quiet on clean code, and never fails silently."""

from __future__ import annotations

import importlib.util
import sys
import sysconfig
from pathlib import Path

import pytest

from async_patterns.errors import ToolMissingError, UsageError
from async_patterns.findings import Finding, code_finding
from async_patterns.verify import gates as checks

CLEAN = '''"""A clean module."""

import asyncio


async def pause(seconds: float) -> None:
    await asyncio.sleep(seconds)
'''

# (checker, source, python, expected code): each row is one thing a gate must catch.
CAUGHT = [
    ("ruff", "import asyncio\nimport time\n\n\nasync def f() -> None:\n    time.sleep(1)\n", "3.11", "ASYNC251"),
    ("ruff", "import asyncio\n\n\nasync def f() -> None:\n    asyncio.create_task(f())\n", "3.11", "RUF006"),
    (
        "ruff",
        "import asyncio\nfrom collections.abc import AsyncGenerator\n\n\n"
        "async def f() -> AsyncGenerator[int, None]:\n    async with asyncio.timeout(1):\n        yield 1\n",
        "3.11",
        "ASYNC119",
    ),
    ("ruff", "def f() -> None:\n    print(1)\n", "3.11", "T201"),
    ("ruff", "def f() -> None:\n    try:\n        pass\n    except Exception:\n        pass\n", "3.11", "BLE001"),
    ("ruff", "import asyncio\n\ntry:\n    pass\nexcept asyncio.TimeoutError:\n    pass\n", "3.11", "UP041"),
    ("ruff", "import time\nimport asyncio\n\nasyncio.run(asyncio.sleep(time.time()))\n", "3.11", "I001"),
    ("ruff", "type Alias = int\n", "3.11", "syntax"),
    ("ruff format", "x = {  'a':1}\n", "3.11", "unformatted"),
    (
        "flake8-async",
        "import asyncio\n\n\nasync def f() -> None:\n    try:\n        await asyncio.sleep(1)\n"
        "    except asyncio.CancelledError:\n        return\n",
        "3.11",
        "ASYNC103",
    ),
    ("flake8-async", "import asyncio\n\n\nasync def f() -> None:\n    asyncio.create_task(f())\n", "3.11", "ASYNC300"),
    ("mypy", "def f() -> int:\n    return 'x'\n", "3.11", "return-value"),
    ("mypy", "def f(x):\n    return x\n", "3.11", "no-untyped-def"),
    ("mypy", "import asyncio\n\n\nasync def f() -> None:\n    asyncio.create_task(f())\n", "3.11", "unused-awaitable"),
    ("mypy", "import asyncio\n\n\ndef f(q: asyncio.Queue[int]) -> None:\n    q.shutdown()\n", "3.12", "attr-defined"),
]


def _run(checker: str, path: Path, python: str, cache: Path) -> list[Finding]:
    if checker == "ruff":
        return checks.ruff_check([path], python=python)
    if checker == "ruff format":
        return checks.ruff_format_check([path], python=python)
    if checker == "flake8-async":
        return checks.flake8_async([path])
    return checks.mypy_strict([path], python=python, cache_dir=cache)


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.parametrize(("checker", "source", "python", "code"), CAUGHT)
def test_each_gate_catches_its_defect(
    tmp_path: Path, mypy_cache: Path, checker: str, source: str, python: str, code: str
) -> None:
    """Each checker reports the defect it exists for, with its code, file and line."""
    path = tmp_path / "snippet.py"
    path.write_text(source, encoding="utf-8")
    findings = _run(checker, path, python, mypy_cache)
    assert code in {f.code for f in findings}, findings
    assert all(f.tool == checker and Path(f.file).name == "snippet.py" and f.line >= 1 for f in findings)


@pytest.mark.parametrize("checker", ["ruff", "ruff format", "flake8-async", "mypy"])
def test_clean_code_has_no_findings(tmp_path: Path, mypy_cache: Path, checker: str) -> None:
    """Correct, formatted, typed code passes every gate on every target version."""
    path = tmp_path / "clean.py"
    path.write_text(CLEAN, encoding="utf-8")
    for python in checks.PYTHON_VERSIONS:
        assert _run(checker, path, python, mypy_cache) == []


def test_target_version_changes_the_verdict(tmp_path: Path, mypy_cache: Path) -> None:
    """New syntax and APIs pass only when the target version has them."""
    alias = tmp_path / "alias.py"
    alias.write_text("type Alias = int\n", encoding="utf-8")
    assert checks.ruff_check([alias], python="3.12") == []
    queue = tmp_path / "queue_shutdown.py"
    queue.write_text("import asyncio\n\n\ndef f(q: asyncio.Queue[int]) -> None:\n    q.shutdown()\n", encoding="utf-8")
    assert checks.mypy_strict([queue], python="3.13", cache_dir=mypy_cache) == []


def test_preview_rules_are_opted_in_one_by_one(tmp_path: Path) -> None:
    """Only ASYNC119 is taken from preview: ASYNC401 (pytest.RaisesGroup) stays off."""
    path = tmp_path / "test_groups.py"
    path.write_text(
        "import pytest\n\n\ndef test_group() -> None:\n    with pytest.raises(ExceptionGroup):\n"
        '        raise ExceptionGroup("g", [ValueError()])\n',
        encoding="utf-8",
    )
    assert checks.ruff_check([path]) == []


def test_config_near_the_files_is_ignored(tmp_path: Path) -> None:
    """A ruff or flake8 config beside the checked code cannot switch the gate off."""
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nselect = ["E"]\n', encoding="utf-8")
    (tmp_path / ".flake8").write_text("[flake8]\nextend-ignore = ASYNC\n", encoding="utf-8")
    path = tmp_path / "blocking.py"
    path.write_text(
        "import asyncio\nimport time\n\n\nasync def f() -> None:\n    time.sleep(1)\n    await asyncio.sleep(0)\n",
        encoding="utf-8",
    )
    assert [f.code for f in checks.ruff_check([path])] == ["ASYNC251"]
    assert [f.code for f in checks.flake8_async([path])] == ["ASYNC251"]


def test_compile_with_each_interpreter(tmp_path: Path) -> None:
    """compile_with reports syntax errors and SyntaxWarnings with their line, and writes no bytecode."""
    good = tmp_path / "good.py"
    good.write_text(CLEAN, encoding="utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text('x = 1\npattern = "\\d"\n', encoding="utf-8")
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n", encoding="utf-8")
    findings = checks.compile_with(sys.executable, [good, bad, broken])
    assert [(Path(f.file).name, f.line) for f in findings] == [("bad.py", 2), ("broken.py", 1)]
    assert not list(tmp_path.rglob("*.pyc"))


def test_missing_tools_raise_with_an_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An absent checker or interpreter is an error naming it and how to install it, never a pass."""
    path = tmp_path / "clean.py"
    path.write_text(CLEAN, encoding="utf-8")
    with pytest.raises(ToolMissingError, match=r"interpreter .*python3\.99 not found"):
        checks.compile_with(tmp_path / "python3.99", [path])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ToolMissingError, match=r"mypy is not installed.*pip install 'async-patterns\[check\]'"):
        checks.mypy_strict([path])
    with pytest.raises(ToolMissingError, match="flake8 is not installed"):
        checks.flake8_async([path])
    monkeypatch.setattr(sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError, match="ruff is not installed"):
        checks.ruff_check([path])


def test_a_checker_that_times_out_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hung or crashed checker produces a tool-error finding, so the check fails instead of passing."""
    path = tmp_path / "clean.py"
    path.write_text(CLEAN, encoding="utf-8")
    monkeypatch.setattr(checks, "TOOL_TIMEOUT", 0.001)
    (finding,) = checks.mypy_strict([path])
    assert (finding.tool, finding.code) == ("mypy", "tool-error")
    assert "timed out" in finding.message


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    """No files, or a Python version that is not 3.11 or newer, is refused before anything runs."""
    with pytest.raises(UsageError, match="no files"):
        checks.ruff_check([])
    with pytest.raises(UsageError, match=r"3\.11 or newer"):
        checks.mypy_strict([tmp_path / "x.py"], python="3.10")
    with pytest.raises(UsageError, match=r"3\.11 or newer"):
        checks.ruff_check([tmp_path / "x.py"], python="311")


def test_finding_format_is_one_line() -> None:
    """A finding formats as file:line: code message [tool]."""
    finding = code_finding("ruff", "ASYNC251", "a.py", 3, "no time.sleep")
    assert finding.format() == "a.py:3: ASYNC251 no time.sleep [ruff]"
