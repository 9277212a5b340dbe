"""validate on third-party skill shapes: only the defects planted on purpose are reported.

``tests/data/third_party_skills/`` holds skills written in the shapes public collections use
(footnote citations, reference-style links, link syntax inside code, links to sibling skills,
``allowed-tools`` as a list, long bodies, Claude Code's own keys). ``expected.yaml`` there lists
every problem each must produce under each profile, and the verdict of ``agentskills validate``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from async_patterns.cli import main
from async_patterns.findings import Problem, has_errors
from async_patterns.validate import PROFILES, Profile, validate_skill
from tests.paths import DATA
from tests.validate.test_validate import _RUN_AGENTSKILLS, AGENTSKILLS

CORPUS = DATA / "third_party_skills"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
SKILLS = sorted(EXPECTED)

Key = tuple[str, int, str, str, str]


def expected(name: str, profile: Profile) -> list[Key]:
    entry = EXPECTED[name]
    problems = entry.get(profile, entry["problems"]) if profile != "spec" else entry["problems"]
    return sorted((p["file"], p["line"], p["path"], p["code"], p.get("severity", "error")) for p in problems)


def keys(problems: list[Problem]) -> list[Key]:
    return sorted((p.file, p.line, p.path, p.code, p.severity) for p in problems)


def test_every_folder_has_an_entry() -> None:
    """Adding a skill to the corpus means saying what it must produce."""
    folders = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
    assert folders == SKILLS
    assert len(SKILLS) >= 8


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", SKILLS)
def test_reports_exactly_the_planted_problems(name: str, profile: Profile) -> None:
    """Each skill produces exactly the problems its entry lists: no false alarm, no missed defect."""
    assert keys(validate_skill(CORPUS / name, profile=profile)) == expected(name, profile)


def test_findings_carry_a_fix_where_one_is_mechanical() -> None:
    """The list form of allowed-tools comes with the string form to write instead."""
    (finding,) = validate_skill(CORPUS / "pdf-forms")
    assert finding.fix == "allowed-tools: Read Write Bash(python:*)"
    assert "allowed-tools: Read Write Bash(python:*)" in finding.format()


@pytest.fixture(scope="module")
def agentskills_verdicts() -> dict[str, bool]:
    """``agentskills validate`` on every corpus skill, in one process: name -> whether it accepts it."""
    if not AGENTSKILLS.exists():
        pytest.skip("agentskills (skills-ref) is not installed")
    folders = [str(CORPUS / name) for name in SKILLS]
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AGENTSKILLS, *folders], capture_output=True, text=True, timeout=120, check=True
    )
    by_folder = json.loads(result.stdout.splitlines()[-1])
    return {name: by_folder[str(CORPUS / name)] for name in SKILLS}


@pytest.mark.parametrize("name", SKILLS)
def test_agentskills_agrees_where_it_should(name: str, agentskills_verdicts: dict[str, bool]) -> None:
    """The recorded agentskills verdict holds; we reject what it rejects, and reject more only for a stated defect."""
    entry = EXPECTED[name]
    assert agentskills_verdicts[name] == (entry["agentskills"] == "valid")
    ours = has_errors(validate_skill(CORPUS / name))
    if not agentskills_verdicts[name]:
        assert ours, f"{name}: agentskills rejects it, validate (spec) must too"
    elif ours:
        assert entry.get("stricter"), f"{name}: rejected although agentskills accepts it; name the defect"
    else:
        assert "stricter" not in entry


def test_cli_over_the_whole_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """One run over every folder: exit 1, and the errors are exactly the planted ones (JSON, claude-code profile)."""
    folders = [str(CORPUS / name) for name in SKILLS]
    assert main(["validate", "--profile", "claude-code", "--format", "json", *folders]) == 1
    reported = json.loads(capsys.readouterr().out)
    errors = sorted(
        (Path(item["file"]).relative_to(CORPUS).as_posix(), item["line"], item["code"])
        for item in reported
        if item["severity"] == "error"
    )
    planted = sorted(
        (f"{name}/{file}", line, code)
        for name in SKILLS
        for file, line, _, code, severity in expected(name, "claude-code")
        if severity == "error"
    )
    assert errors == planted


def test_profile_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    """Every library profile is a CLI choice; an unknown one is a usage error from the CLI and the library alike."""
    from async_patterns.errors import UsageError

    for profile in PROFILES:
        assert main(["validate", "--profile", profile, str(CORPUS / "api-docs")]) == 0

    with pytest.raises(SystemExit) as exited:
        main(["validate", "--profile", "cursor", str(CORPUS / "api-docs")])
    assert exited.value.code == 2
    assert "--profile" in capsys.readouterr().err
    with pytest.raises(UsageError, match="--profile"):
        validate_skill(CORPUS / "api-docs", profile="cursor")  # type: ignore[arg-type]
