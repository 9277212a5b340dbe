"""Finding the Pythons to verify with, and what each lacks to run generated tests."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from async_patterns.errors import ToolMissingError, UsageError
from async_patterns.verify.gates import PYTHON_VERSIONS
from async_patterns.verify.model import Interpreter, version_key

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
PROBE_TIMEOUT = 30.0
MAX_MINOR = 20

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


def find_interpreters(request: Sequence[str] = ("auto",)) -> tuple[list[Interpreter], list[str], list[str]]:
    """The Pythons to verify with, plus notes and problems (requested but not found, or none ready).

    ``request`` is ``["auto"]`` (this interpreter, then ``python3.X`` on PATH, pyenv
    versions and ``/usr/bin``, one per version), a list of versions (``"3.11,3.12"`` or
    separate items), or interpreter paths (CI passes one venv per Python this way).

    ``auto`` uses only the interpreters that are ready (can run generated tests) and names
    the others in one note; a bare pyenv or system Python beside a complete venv is no
    failure. It fails (a problem) only when none is ready. A version or path named
    explicitly is used even when it is not ready, and its tests then fail with an install hint.
    """
    items = [part for item in request for part in item.split(",") if part.strip()] or ["auto"]
    if items == ["auto"]:
        return choose_ready(all_interpreters())
    if all(re.fullmatch(r"3\.\d{1,2}", item) for item in items):
        wanted = sorted(set(items), key=version_key)
        for version in wanted:
            _check_version(version, f"--python {version}")
        found = [i for i in _best_per_version(_candidates(wanted)) if i.version in wanted]
        absent = [v for v in wanted if v not in {i.version for i in found}]
        problems = [f"requested Python {v} not found (searched PATH, pyenv, /usr/bin)" for v in absent]
        return found, [], problems
    return _explicit(items), [], []


def all_interpreters() -> list[Interpreter]:
    """Every Python >= 3.11 found (PATH, pyenv, /usr/bin), one per version, ready or not."""
    return _best_per_version(_candidates(None))


def choose_ready(found: Sequence[Interpreter]) -> tuple[list[Interpreter], list[str], list[str]]:
    """``auto``'s choice among ``found``: the ready ones and a note naming the others, or a problem if none is ready.

    With none ready, every one found is kept (they still compile and type-check the code) and
    their tests fail with an install hint.
    """
    ready = [i for i in found if i.ready]
    unready = [i for i in found if not i.ready]
    if not found:
        return [], [], ["no Python >= 3.11 found (searched this interpreter, PATH, pyenv, /usr/bin)"]
    if not ready:
        problem = (
            f"no Python found here can run generated tests ({_listing(unready)}); install the check extra "
            f"into one: {unready[0].executable} -m pip install 'async-patterns[check]'"
        )
        return list(found), [], [problem]
    notes = []
    missing = [v for v in PYTHON_VERSIONS if v not in {i.version for i in found}]
    if missing:
        notes.append(f"Python {', '.join(missing)} not found; verified on {_versions(ready)} only")
    if unready:
        notes.append(
            f"left out, they cannot run generated tests (no check extra): {_listing(unready)}; to use one, "
            "run it with -m pip install 'async-patterns[check]', or name it with --python to see what fails"
        )
    return ready, notes, []


def _listing(interpreters: Sequence[Interpreter]) -> str:
    return ", ".join(f"Python {i.version} ({i.executable})" for i in interpreters)


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
    return sorted(interpreters, key=lambda i: version_key(i.version))


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
        if interpreter is None or version_key(interpreter.version) < (3, 11):
            continue
        current = chosen.get(interpreter.version)
        if current is None or (interpreter.ready and not current.ready):
            chosen[interpreter.version] = interpreter
    return sorted(chosen.values(), key=lambda i: version_key(i.version))


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
    if version_key(version) < (3, 11):
        raise UsageError(f"{where}: Python {version} is older than 3.11, which generated code requires")


def _versions(interpreters: Sequence[Interpreter]) -> str:
    return ", ".join(i.version for i in interpreters) or "none"
