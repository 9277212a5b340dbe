"""The rule table and the public API of ``async_patterns.check``."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest

import async_patterns.check as check
from async_patterns.check import RULES, Rule
from async_patterns.check.registry import CHECKERS

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_public_api_is_exactly_what_is_meant() -> None:
    """``async_patterns.check`` exports check_source, check_paths, CheckResult, Rule and RULES."""
    assert sorted(check.__all__) == ["CheckResult", "RULES", "Rule", "check_paths", "check_source"]
    for name in check.__all__:
        assert getattr(check, name) is not None


def test_every_code_is_declared_once_in_code_order() -> None:
    """Codes are AP0xx diagnostics and AP101-AP119 rules, listed in code order."""
    assert list(RULES) == sorted(RULES)
    assert {code for code in RULES if code.startswith("AP1")} == {f"AP{n}" for n in range(101, 120)}
    assert set(CHECKERS) == {code for code in RULES if code.startswith("AP1")}


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_metadata_is_complete_and_one_line(code: str) -> None:
    """Each rule has a kebab-case name and one-line summary, why, fix and versions."""
    rule = RULES[code]
    assert rule.code == code
    assert _NAME.match(rule.name), rule.name
    for text in (rule.summary, rule.why, rule.fix, rule.versions):
        assert text
        assert "\n" not in text
    assert rule.severity in ("error", "warning")
    assert rule.diagnostic is code.startswith("AP0")
    if not rule.diagnostic:
        assert rule.covered_by


def test_names_are_unique() -> None:
    """No two codes share a name."""
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_rule_is_frozen() -> None:
    """A Rule cannot be changed after it is declared."""
    with pytest.raises(FrozenInstanceError):
        RULES["AP101"].name = "other"  # type: ignore[misc]
    assert isinstance(RULES["AP101"], Rule)


def test_import_pulls_in_only_the_standard_library_and_the_package() -> None:
    """Importing the checker loads no third-party module (the PostToolUse hook must start fast)."""
    script = (
        "import sys; before = set(sys.modules); import async_patterns.check; "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print(sorted(m for m in new if m not in sys.stdlib_module_names and not m.startswith('_')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['async_patterns']"
