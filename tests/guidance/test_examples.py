"""Every fenced Python block of SKILL.md and references/ is checked; every command shown is run.

Marker syntax (see ``guidance_blocks.py``): an HTML comment on the line right before the fence.

- no marker: a *good* block: a complete module that passes the gates of generated code
  (ruff with the gate set, ``ruff format``, flake8-async ASYNC1-4, ``mypy --strict`` on 3.11);
- ``<!-- example: runnable -->``: a good block that is also executed with ``python -X dev -W error``
  under a timeout and must exit 0 without asyncio's resource or task warnings;
- ``<!-- example: bad ASYNC251 mypy:arg-type test_pitfalls.py::test_x -->``: the gates must report
  exactly these codes; a ``file::test`` names the test that demonstrates a mistake no linter catches.

Adding a block to the guidance adds a case here with no other change. Each checker runs once over
a folder holding all blocks, not once per block, through ``async_patterns.verify.gates`` — the same
functions and gate configuration ``async-patterns verify`` uses for generated code.
"""

from __future__ import annotations

import ast
import functools
import re
import shlex
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from async_patterns.check import check_paths
from async_patterns.errors import ToolMissingError
from async_patterns.verify import gates as checks
from async_patterns.verify.testrun import RUNTIME_WARNINGS
from tests.guidance.blocks import GUIDANCE_FILES, Block, all_blocks, fences
from tests.paths import REPO

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console"})

BLOCKS = all_blocks()
GOOD = [block for block in BLOCKS if not block.bad]
BAD = [block for block in BLOCKS if block.bad]
RUNNABLE = [block for block in BLOCKS if block.runnable]


@dataclass(frozen=True)
class Finding:
    """One report of one checker about one block; mypy codes carry a ``mypy:`` prefix."""

    module: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code} {self.message}"


def _as_finding(finding: checks.Finding) -> Finding:
    if finding.code == "tool-error":
        pytest.fail(f"{finding.tool} failed: {finding.message}")
    code = f"mypy:{finding.code}" if finding.tool == "mypy" else finding.code
    code = "format" if finding.tool == "ruff format" else code
    return Finding(Path(finding.file).stem, finding.line, code, finding.message)


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    """Each block's findings from every gate (one run per checker over all blocks), by module name."""
    folder = tmp_path_factory.mktemp("guidance-examples")
    paths = []
    for block in BLOCKS:
        path = folder / f"{block.module_name}.py"
        path.write_text(block.code, encoding="utf-8")
        paths.append(path)
    try:
        checks.require_tools()
    except ToolMissingError as exc:
        pytest.fail(str(exc))
    reported = [
        *checks.ruff_check(paths, python="3.11"),
        *checks.ruff_format_check(paths, python="3.11"),
        *checks.flake8_async(paths),
        *checks.mypy_strict(paths, python="3.11", cache_dir=REPO / ".mypy_cache" / "guidance-examples"),
        *check_paths(paths).findings,  # async-patterns check's own rules: what SKILL.md tells agents to run
    ]
    by_module: dict[str, list[Finding]] = defaultdict(list)
    for finding in map(_as_finding, reported):
        by_module[finding.module].append(finding)
    return by_module


def _ids(blocks: list[Block]) -> list[str]:
    return [block.id for block in blocks]


def test_guidance_has_good_bad_and_runnable_blocks() -> None:
    """The guidance shows right and wrong ways, and some examples actually run."""
    assert len(GOOD) >= 20
    assert len(BAD) >= 10
    assert len(RUNNABLE) >= 8


@pytest.mark.parametrize("block", GOOD, ids=_ids(GOOD))
def test_good_block_passes_every_gate(block: Block, findings: dict[str, list[Finding]]) -> None:
    """A good block has no ruff, format, flake8-async or mypy --strict finding."""
    reported = findings.get(block.module_name, [])
    assert not reported, "\n".join(map(str, reported))


@pytest.mark.parametrize("block", BAD, ids=_ids(BAD))
def test_bad_block_is_flagged_by_exactly_its_rules(block: Block, findings: dict[str, list[Finding]]) -> None:
    """A bad block is reported by exactly the codes its marker names, no more and no fewer."""
    reported = findings.get(block.module_name, [])
    assert {finding.code for finding in reported} == block.rules, "\n".join(map(str, reported))


def _test_functions(file_name: str) -> set[str]:
    path = REPO / "tests" / "guidance" / file_name
    if not path.is_file():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


@pytest.mark.parametrize("block", BAD, ids=_ids(BAD))
def test_bad_block_no_linter_catches_names_a_demonstrating_test(block: Block) -> None:
    """A bad block that no rule flags names a test, and every test it names exists."""
    assert block.rules or block.tests, "a bad block must name rules or a demonstrating test"
    for test in block.tests:
        file_name, name = test.split("::")
        assert name in _test_functions(file_name), f"{test} does not exist"


def _run_block(interpreter: str, block: Block, folder: Path) -> None:
    path = folder / f"{block.module_name}.py"
    path.write_text(block.code, encoding="utf-8")
    command = [interpreter, "-X", "dev", "-W", "error", str(path)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=60, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for warning in RUNTIME_WARNINGS:
        assert warning not in output, output


@pytest.mark.parametrize("block", RUNNABLE, ids=_ids(RUNNABLE))
def test_runnable_block_exits_zero_in_dev_mode(block: Block, tmp_path: Path) -> None:
    """A runnable block exits 0 under -X dev -W error with no asyncio resource or task warning."""
    _run_block(sys.executable, block, tmp_path)


# Blocks needing only the standard library also run on the newer interpreters, where the
# version branches (3.13's Queue.shutdown and async as_completed) take the other path.
STDLIB_RUNNABLE = [b for b in RUNNABLE if not re.search(r"^(import|from) (aiohttp|httpx|pytest)", b.code, re.M)]


@functools.cache
def _working_interpreter(name: str) -> str | None:
    """``name`` (python3.12…) from PATH or pyenv's versions folder, if it actually starts."""
    version = name.removeprefix("python")
    candidates = [shutil.which(name), *sorted(map(str, Path.home().glob(f".pyenv/versions/{version}*/bin/{name}")))]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False).returncode == 0:
            return candidate
    return None


@pytest.mark.parametrize("python", ["python3.12", "python3.13"])
@pytest.mark.parametrize("block", STDLIB_RUNNABLE, ids=_ids(STDLIB_RUNNABLE))
def test_stdlib_runnable_block_runs_on_newer_pythons(block: Block, python: str, tmp_path: Path) -> None:
    """A standard-library runnable block also exits 0 in dev mode on 3.12 and 3.13."""
    interpreter = _working_interpreter(python)
    if interpreter is None:
        pytest.skip(f"{python} is not installed")
    _run_block(interpreter, block, tmp_path)


def shown_commands() -> list[tuple[str, str]]:
    """(where, command) for every ``async-patterns …`` line in a shell fence or inline code span."""
    commands: list[tuple[str, str]] = []
    for path in GUIDANCE_FILES:
        where = path.relative_to(REPO).as_posix()
        for fence in fences(path):
            if fence.language in SHELL_LANGUAGES:
                for line in fence.text.splitlines():
                    line = line.removeprefix("$ ").split(" #", 1)[0].strip()
                    if line.startswith("async-patterns "):
                        commands.append((f"{where}:{fence.line}", line))
        for span in re.findall(r"`(async-patterns [^`]+)`", _prose(path)):
            commands.append((where, span))
    return commands


def _prose(path: Path) -> str:
    """The file's text outside fenced blocks."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^(```+|~~~+).*?^\1[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)


COMMANDS = shown_commands()


def test_guidance_shows_package_commands() -> None:
    """SKILL.md shows how to list, generate and verify scaffolds with this package."""
    shown = {command.split()[1] for _, command in COMMANDS}
    assert {"list", "show", "new", "verify"} <= shown


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[f"{w}: {c}" for w, c in COMMANDS])
def test_shown_command_succeeds(where: str, command: str, tmp_path: Path) -> None:
    """A command the guidance shows runs from a fresh folder and exits 0."""
    executable = shutil.which("async-patterns", path=str(BIN))
    assert executable is not None, "async-patterns is not installed in the venv"
    argv = [executable, *shlex.split(command)[1:]]
    result = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{where}: {command}\n{result.stdout}{result.stderr}"
