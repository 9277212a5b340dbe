"""The rules report what the standard linters miss: run flake8-async and ruff on the positive fixtures.

flake8-async (``ASYNC1``-``ASYNC4`` with ``--asyncio``) must say nothing on any line a rule
reports; ruff may only add the overlaps the rules document (B012 next to AP114, UP041 on an
``asyncio.TimeoutError`` that a rule also reports for another reason).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.check.test_fixtures import NEGATIVE, POSITIVE, expected

pytestmark = pytest.mark.slow
RUFF_SELECT = "ASYNC,RUF006,B,BLE,TRY,UP,S110,S112,S113,PLE,E722"
DOCUMENTED_RUFF_OVERLAP = {"B012", "UP041"}
# Style findings about other things on the same line: import spelling, httpx2, a group of one.
UNRELATED_FLAKE8 = {"ASYNC106", "ASYNC112", "ASYNC124", "ASYNC127"}
_FLAKE8_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):\d+: (?P<code>[A-Z]+\d+) ")


def flake8_async(paths: list[Path]) -> dict[tuple[str, int], set[str]]:
    """(file name, line) -> flake8-async codes."""
    pytest.importorskip("flake8_async")
    command = [sys.executable, "-m", "flake8", "--isolated", "--select", "ASYNC1,ASYNC2,ASYNC3,ASYNC4", "--asyncio"]
    result = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True, check=False, timeout=300)
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        if match:
            found[(Path(match["file"]).name, int(match["line"]))].add(match["code"])
    return found


def ruff(paths: list[Path]) -> dict[tuple[str, int], set[str]]:
    """(file name, line) -> ruff codes, ignoring the fixtures' ``# ruff: noqa``."""
    pytest.importorskip("ruff")
    command = [sys.executable, "-m", "ruff", "check", "--isolated", "--ignore-noqa", "--no-cache", "--select"]
    command += [RUFF_SELECT, "--output-format", "json", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for item in json.loads(result.stdout):
        found[(Path(item["filename"]).name, item["location"]["row"])].add(item["code"])
    return found


def test_flake8_async_reports_nothing_the_rules_report() -> None:
    """No line a rule reports in a positive fixture is also reported by flake8-async (bar style codes)."""
    reported = flake8_async(POSITIVE)
    for path in POSITIVE:
        for code, line in expected(path):
            same = reported.get((path.name, line), set()) - UNRELATED_FLAKE8
            assert not same, f"{path.name}:{line} {code} duplicates flake8-async {sorted(same)}"


def test_ruff_adds_only_the_documented_overlaps() -> None:
    """On the lines the rules report, ruff reports at most B012 (next to AP114) and UP041."""
    reported = ruff(POSITIVE)
    for path in POSITIVE:
        for code, line in expected(path):
            extra = reported.get((path.name, line), set()) - DOCUMENTED_RUFF_OVERLAP
            assert not extra, f"{path.name}:{line} {code} also reported by ruff as {sorted(extra)}"
            if code == "AP114":
                assert "B012" in reported.get((path.name, line), set())


def test_plain_handlers_left_to_flake8_async_are_reported_by_it() -> None:
    """The ``except CancelledError: pass`` AP101 leaves alone is one flake8-async does report (ASYNC103)."""
    [negative] = [path for path in NEGATIVE if path.name.startswith("AP101_")]
    lines = negative.read_text(encoding="utf-8").splitlines()
    handler = next(i for i, text in enumerate(lines, start=1) if text.strip() == "except asyncio.CancelledError:")
    assert "ASYNC103" in flake8_async([negative]).get((negative.name, handler), set())
