"""The fenced Python blocks of the guidance (SKILL.md and references/), with their markers.

Shared by ``test_examples.py`` (which lints, type-checks and runs every block) and
``test_pitfalls.py`` (which executes the *bad* blocks no linter catches and shows them
misbehaving), so both read the guidance the same way.

Marker syntax: an HTML comment on the line right before a fence opening with python, e.g.
``<!-- example: runnable -->``. It is invisible when rendered but an agent reading the raw file
sees it, which is the point: it says what the block is.

- no marker: a *good* block, a complete module that must pass every gate;
- ``runnable``: a good block that is also executed with ``python -X dev`` and must exit 0;
- ``bad CODE …``: a block that the gates must flag with exactly these codes. A code is a
  ruff or flake8-async rule (``ASYNC251``, ``RUF006``, ``B904``), ``mypy:<error-code>``, or
  ``test_pitfalls.py::<test name>`` for a mistake no linter catches: that test executes the
  block and demonstrates the failure.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from pathlib import Path

from tests.paths import REPO

# The ruff rules generated code and good examples must pass; SKILL.md shows the same selection.
GATE_SELECT = "ASYNC,RUF006,B,BLE,TRY,UP,T20,S110,S112,S113,E,F,PLE,I"
GUIDANCE_FILES = (REPO / "SKILL.md", *sorted((REPO / "references").glob("*.md")))

_FENCE_OPEN = re.compile(r"^(```+|~~~+)\s*(\w[\w+-]*)?")
_MARKER = re.compile(r"^<!--\s*example:\s*(?P<body>[^>]*?)\s*-->\s*$")
_RULE = re.compile(r"^(?:[A-Z]+[0-9]+|mypy:[a-z-]+)$")
_TEST = re.compile(r"^(?P<file>test_\w+\.py)::(?P<name>test_\w+)$")
PYTHON_LANGUAGES = frozenset({"python", "py", "python3"})


class MarkerError(ValueError):
    """A marker that cannot be understood or is not attached to a Python fence."""


@dataclass(frozen=True)
class Block:
    """One fenced Python block and what its marker says about it."""

    source: Path
    line: int  # line of the opening fence, 1-based
    code: str
    bad: bool
    runnable: bool
    rules: frozenset[str]  # codes the gates must report (bad blocks only)
    tests: tuple[str, ...]  # "test_file.py::test_name" demonstrating a bad block

    @property
    def id(self) -> str:
        """Stable, readable case id: ``references/retry-backoff.md:42``."""
        return f"{self.source.relative_to(REPO).as_posix()}:{self.line}"

    @property
    def module_name(self) -> str:
        """A unique importable file stem for writing the block out."""
        stem = re.sub(r"\W", "_", self.source.stem.lower())
        return f"ex_{stem}_l{self.line}"


@dataclass(frozen=True)
class Fence:
    """A fenced block of any language, for tests that look at shell commands too."""

    source: Path
    line: int
    language: str
    text: str


def fences(path: Path) -> list[Fence]:
    """Every fenced block of ``path`` with its language ('' when none) and opening line."""
    found: list[Fence] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None:
            index += 1
            continue
        delimiter = opening.group(1)
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not lines[end].startswith(delimiter):
            body.append(lines[end])
            end += 1
        found.append(Fence(path, index + 1, (opening.group(2) or "").lower(), "\n".join(body) + "\n"))
        index = end + 1
    return found


def parse_marker(text: str) -> tuple[bool, bool, frozenset[str], tuple[str, ...]]:
    """(bad, runnable, rules, tests) from a marker body such as ``bad ASYNC251``."""
    words = text.split()
    if words == ["runnable"]:
        return False, True, frozenset(), ()
    if not words or words[0] != "bad" or len(words) == 1:
        raise MarkerError(f"marker {text!r}: expected 'runnable' or 'bad' followed by codes")
    rules: set[str] = set()
    tests: list[str] = []
    for word in words[1:]:
        if _RULE.match(word):
            rules.add(word)
        elif _TEST.match(word):
            tests.append(word)
        else:
            raise MarkerError(f"marker {text!r}: {word!r} is neither a rule code, mypy:<code> nor file::test")
    return True, False, frozenset(rules), tuple(tests)


def blocks(path: Path) -> list[Block]:
    """The Python blocks of one guidance file; raises MarkerError for a stray or bad marker."""
    lines = path.read_text(encoding="utf-8").splitlines()
    python_fences = {fence.line: fence for fence in fences(path) if fence.language in PYTHON_LANGUAGES}
    found: list[Block] = []
    for number, line in enumerate(lines, start=1):
        marker = _MARKER.match(line)
        if marker is not None and number + 1 not in python_fences:
            raise MarkerError(f"{path.name}:{number}: marker is not on the line right before a python fence")
    for fence in python_fences.values():
        previous = lines[fence.line - 2] if fence.line >= 2 else ""
        marker = _MARKER.match(previous)
        bad, runnable, rules, tests = parse_marker(marker.group("body")) if marker else (False, False, frozenset(), ())
        found.append(Block(path, fence.line, fence.text, bad, runnable, rules, tests))
    return found


def all_blocks() -> list[Block]:
    """Every Python block of SKILL.md and references/*.md, in file order."""
    return [block for path in GUIDANCE_FILES for block in blocks(path)]


def demonstrated_by(test: str) -> Block:
    """The one bad block whose marker names ``test`` ("test_pitfalls.py::test_x")."""
    matches = [block for block in all_blocks() if test in block.tests]
    if len(matches) != 1:
        raise LookupError(f"{test}: {len(matches)} guidance blocks name this test; expected exactly one")
    return matches[0]


def load(block: Block) -> types.ModuleType:
    """Execute a block as a fresh module so a test can call what it defines."""
    module = types.ModuleType(block.module_name)
    module.__file__ = str(block.source)
    exec(compile(block.code, block.id, "exec"), module.__dict__)
    return module
