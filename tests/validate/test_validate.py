"""The validator against its data-driven cases, the reference validator, and the bundled skill."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from async_patterns.findings import Problem
from async_patterns.validate import estimate_tokens, validate_manifest, validate_skill
from tests.conftest import Case, ProblemKey, manifest_cases, skill_cases

AGENTSKILLS = Path(sys.executable).with_name("agentskills")


def keys(problems: list[Problem]) -> list[ProblemKey]:
    return sorted((p.file, p.line, p.path, p.code, p.severity) for p in problems)


def test_manifest_case(manifest_case: Case) -> None:
    """A skill.yaml fixture produces exactly the problems its expected.yaml lists."""
    assert keys(validate_manifest(manifest_case.folder / "skill.yaml")) == manifest_case.problems


def test_skill_case(skill_case: Case, built_skills: dict[str, Path]) -> None:
    """A skill-folder fixture produces exactly the problems its expected.yaml lists."""
    assert keys(validate_skill(built_skills[skill_case.name])) == skill_case.problems


def test_fixture_counts() -> None:
    """The fixture set keeps at least 30 invalid manifests, 20 invalid skill folders and valid ones of each."""
    manifests, skills = manifest_cases(), skill_cases()
    assert sum(case.invalid for case in manifests) >= 30
    assert sum(not case.invalid for case in manifests) >= 1
    assert sum(case.invalid for case in skills) >= 20
    assert sum(not case.invalid for case in skills) >= 1


def test_every_problem_is_located_on_one_line(skill_case: Case, built_skills: dict[str, Path]) -> None:
    """Each reported problem has a file, a line number, a code and a one-line message."""
    for problem in validate_skill(built_skills[skill_case.name]):
        assert problem.file
        assert problem.line >= 0
        assert problem.code
        assert problem.message
        assert "\n" not in problem.format()


# Runs the `agentskills validate` click command once per folder inside one process: the same
# code as the console script without 50 interpreter start-ups. A crash (agentskills raises
# UnicodeDecodeError on a non-UTF-8 SKILL.md) is a rejection, as the command's exit 1 is.
_RUN_AGENTSKILLS = """
import json, sys
from skills_ref.cli import main
verdicts = {}
for folder in sys.argv[1:]:
    try:
        main(["validate", folder], standalone_mode=False)
        verdicts[folder] = True
    except SystemExit as exc:
        verdicts[folder] = exc.code in (0, None)
    except Exception:
        verdicts[folder] = False
print(json.dumps(verdicts))
"""


@pytest.fixture(scope="session")
def agentskills_verdicts(built_skills: dict[str, Path]) -> dict[str, bool]:
    """``agentskills validate`` run on every skill case: case name -> whether it accepted it."""
    if not AGENTSKILLS.exists():
        pytest.skip("agentskills (skills-ref) is not installed")
    folders = [str(folder) for folder in built_skills.values()]
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AGENTSKILLS, *folders], capture_output=True, text=True, timeout=120, check=True
    )
    by_folder = json.loads(result.stdout.splitlines()[-1])
    return {name: by_folder[str(folder)] for name, folder in built_skills.items()}


@pytest.mark.parametrize("name", ["valid-third-party", "not-utf8", "name-folder-mismatch", "dashes-in-value"])
def test_agentskills_console_script_agrees(
    name: str, built_skills: dict[str, Path], agentskills_verdicts: dict[str, bool]
) -> None:
    """The real `agentskills validate` command gives the verdict the in-process run recorded."""
    result = subprocess.run([AGENTSKILLS, "validate", built_skills[name]], capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) == agentskills_verdicts[name]


def test_agentskills_verdict_is_recorded(skill_case: Case, agentskills_verdicts: dict[str, bool]) -> None:
    """Each case records what agentskills validate says about it, and agentskills still says so."""
    recorded = skill_case.spec["agentskills"]
    assert recorded in ("valid", "invalid")
    assert agentskills_verdicts[skill_case.name] == (recorded == "valid")


def test_rejects_whatever_agentskills_rejects(skill_case: Case, agentskills_verdicts: dict[str, bool]) -> None:
    """A case agentskills rejects is rejected here too, except a deliberate, documented acceptance."""
    if agentskills_verdicts[skill_case.name]:
        return
    if skill_case.invalid:
        return
    assert "accepted_because" in skill_case.spec, f"{skill_case.name}: agentskills rejects it but we accept it"


def test_stricter_rules_are_documented(skill_case: Case, agentskills_verdicts: dict[str, bool]) -> None:
    """A case we reject but agentskills accepts names the rule that makes us stricter (listed in the README)."""
    if skill_case.invalid and agentskills_verdicts[skill_case.name]:
        assert skill_case.spec.get("stricter"), f"{skill_case.name}: say which stricter rule rejects it"


def test_bundled_skill_is_valid() -> None:
    """The repository's own skill has no errors (a checkout's folder name may only warn)."""
    from async_patterns.layout import bundled_skill_dir

    problems = validate_skill(bundled_skill_dir())
    assert [p.format() for p in problems if p.severity == "error"] == []
    assert {p.code for p in problems} <= {"name-folder", "body-tokens"}


def test_bundled_skill_passes_agentskills_when_named(tmp_path: Path) -> None:
    """A copy of the skill in a folder named async-patterns passes agentskills validate and ours without warnings."""
    from async_patterns.layout import bundled_skill_dir

    source = bundled_skill_dir()
    copy = tmp_path / "async-patterns"
    copy.mkdir()
    for name in ("SKILL.md", "skill.yaml", "triggers.json", "references", "templates", "scripts"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy2(path, copy / name)
    assert [p.format() for p in validate_skill(copy)] == []
    if AGENTSKILLS.exists():
        result = subprocess.run([AGENTSKILLS, "validate", copy], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_unreadable_reference_is_reported(copy_skill: Callable[[str], Path]) -> None:
    """A reference file that is not UTF-8 is an error of its own, not silently skipped by the link check."""
    skill_dir = copy_skill("valid-manifest")
    (skill_dir / "references" / "guide.md").write_bytes(b"# Guide\n\n\xff\n")
    problems = [p for p in validate_skill(skill_dir) if p.severity == "error"]
    assert [(p.file, p.code) for p in problems] == [("references/guide.md", "encoding")]


def test_folder_without_manifest_gets_no_manifest_checks(built_skills: dict[str, Path]) -> None:
    """A third-party folder (SKILL.md only) is not asked for skill.yaml, declared files or derived files."""
    folder = built_skills["valid-third-party"]
    assert sorted(path.name for path in folder.iterdir()) == ["SKILL.md"]
    assert validate_skill(folder) == []


def test_long_body_is_an_error_only_with_a_manifest(copy_skill: Callable[[str], Path]) -> None:
    """Over 500 body lines is this project's error for skills with a skill.yaml (a warning for third-party ones)."""
    skill_dir = copy_skill("valid-manifest")
    skill_md = skill_dir / "SKILL.md"
    skill_md.write_text(skill_md.read_text(encoding="utf-8") + "line\n" * 500, encoding="utf-8")
    assert [(p.code, p.severity) for p in validate_skill(skill_dir)] == [("body-lines", "error")]
    (skill_dir / "skill.yaml").unlink()
    assert [(p.code, p.severity) for p in validate_skill(skill_dir)] == [("body-lines", "warning")]


def test_estimate_tokens_takes_the_larger_rule() -> None:
    """The token estimate is the larger of characters/4 and words*4/3, so dense and wordy text both count."""
    assert estimate_tokens("a " * 300) == 400  # 300 words: 400 beats 600/4 = 150
    assert estimate_tokens("x" * 4000) == 1000  # one long word: characters win
