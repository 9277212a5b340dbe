"""Data-driven rule cases: each file under ``fixtures/`` is one case; adding a case is adding a file.

A positive fixture marks every line a finding is expected on with ``# expect: AP1xx``; the
rules must report exactly those (code, line) pairs. A negative fixture must yield nothing.
A fixture may pin the target version with a ``# target-version: 3.14`` line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from async_patterns.check import check_source
from async_patterns.check.registry import CHECKERS

FIXTURES = Path(__file__).parent / "fixtures"
POSITIVE = sorted((FIXTURES / "positive").glob("AP*.py"))
NEGATIVE = sorted((FIXTURES / "negative").glob("AP*.py"))
_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>AP\d{3}(?:[,\s]+AP\d{3})*)")
_TARGET = re.compile(r"^# target-version: (?P<version>\S+)$", re.MULTILINE)


def expected(path: Path) -> set[tuple[str, int]]:
    """The (code, line) pairs a fixture's ``# expect:`` comments announce."""
    pairs = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            pairs |= {(code, number) for code in re.split(r"[,\s]+", match.group("codes"))}
    return pairs


def target(path: Path) -> str:
    """The fixture's pinned target version, else the default."""
    match = _TARGET.search(path.read_text(encoding="utf-8"))
    return match.group("version") if match else "3.11"


def found(path: Path) -> set[tuple[str, int]]:
    """The (code, line) pairs the rules report for a fixture."""
    return {(f.code, f.line) for f in check_source(path.read_bytes(), path.name, target_version=target(path))}


@pytest.mark.parametrize("path", POSITIVE, ids=[p.stem for p in POSITIVE])
def test_positive_fixture_reports_exactly_the_marked_lines(path: Path) -> None:
    """A positive fixture is reported on exactly its ``# expect:`` lines, with exactly those codes."""
    assert expected(path), "a positive fixture must mark at least one expected finding"
    assert found(path) == expected(path)


@pytest.mark.parametrize("path", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_negative_fixture_reports_nothing(path: Path) -> None:
    """A negative fixture (the idioms that must stay silent) yields no finding at all."""
    assert found(path) == set()


def test_every_rule_has_a_positive_and_a_negative_fixture() -> None:
    """Each rule code has at least one fixture of each kind, named after it."""
    for code in CHECKERS:
        assert any(p.name.startswith(f"{code}_") for p in POSITIVE), code
        assert any(p.name.startswith(f"{code}_") for p in NEGATIVE), code


@pytest.mark.parametrize("path", POSITIVE, ids=[p.stem for p in POSITIVE])
def test_positive_fixture_is_about_its_own_rule(path: Path) -> None:
    """A positive fixture named APxxx_… expects findings of rule APxxx."""
    assert path.name[:5] in {code for code, _ in expected(path)}
