"""``async-patterns validate``: exit codes, located one-line output, JSON, usage errors, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from async_patterns.cli import main
from tests.conftest import Case
from tests.paths import DATA

# file:line: where: [warning: ]message [code]
LOCATED_LINE = re.compile(r"^[^:\n]+:\d+: [^:\n]+: .+ \[[a-z0-9-]+\]$")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def expected_lines(folder: Path, case: Case) -> list[tuple[str, str]]:
    """(start, end) of the text line each expected problem must print."""
    return [(f"{folder / file}:{line}: {path or '-'}: ", f"[{code}]") for file, line, path, code, _ in case.problems]


def assert_reported(out: str, folder: Path, case: Case) -> None:
    lines = out.splitlines()
    assert all(LOCATED_LINE.match(line) for line in lines), out
    for start, end in expected_lines(folder, case):
        assert any(line.startswith(start) and line.endswith(end) for line in lines), (start, end, out)


def test_skill_case_via_cli(
    skill_case: Case, built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every skill fixture exits 1 if invalid (else 0) and prints each expected problem as one located line."""
    folder = built_skills[skill_case.name]
    code, out, err = run(["validate", str(folder)], capsys)
    assert code == (1 if skill_case.invalid else 0)
    assert_reported(out, folder, skill_case)
    assert err.splitlines() == [err.strip()]  # the one-line verdict


def test_manifest_case_via_cli(manifest_case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every manifest fixture, in a folder of its own, prints its problems located in skill.yaml."""
    folder = tmp_path / "demo-skill"
    folder.mkdir()
    shutil.copy(manifest_case.folder / "skill.yaml", folder / "skill.yaml")
    code, out, _ = run(["validate", str(folder)], capsys)
    assert code == 1  # a folder without SKILL.md is never valid
    assert_reported(out, folder, manifest_case)


@pytest.mark.parametrize("name", ["byte-order-mark", "not-utf8", "template-syntax", "anchor-and-alias"])
def test_subprocess_sample_has_no_traceback(name: str, built_skills: dict[str, Path]) -> None:
    """Run as a real process, an invalid fixture exits 1 with located lines and no traceback."""
    folder = built_skills[name]
    result = subprocess.run(
        [sys.executable, "-m", "async_patterns", "validate", str(folder)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout
    assert all(LOCATED_LINE.match(line) for line in result.stdout.splitlines())


def test_alias_bomb_via_subprocess(tmp_path: Path) -> None:
    """A billion-laughs skill.yaml is refused promptly by a real process, located and without a traceback."""
    source = DATA / "manifests" / "invalid" / "alias-bomb" / "skill.yaml"
    shutil.copy(source, tmp_path / "skill.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "async_patterns", "validate", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert f"{tmp_path / 'skill.yaml'}:7: -: " in result.stdout
    assert "Traceback" not in result.stderr


def test_oversized_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A skill.yaml over 1 MiB is refused before parsing, with its size in the message."""
    (tmp_path / "skill.yaml").write_text("# padding\n" * 110_000, encoding="utf-8")
    code, out, _ = run(["validate", str(tmp_path)], capsys)
    assert code == 1
    assert f"{tmp_path / 'skill.yaml'}:0: -: file is 1,100,000 bytes; the limit is 1,048,576 [too-large]" in out


def test_json_format(built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints a list of {file, line, path, code, severity, message} and nothing else on stdout."""
    folder = built_skills["several-unknown-keys"]
    code, out, _ = run(["validate", str(folder), "--format", "json"], capsys)
    assert code == 1
    problems = json.loads(out)
    assert [set(p) for p in problems] == [{"file", "line", "path", "code", "severity", "message"}] * 2
    assert [(p["file"], p["line"], p["path"], p["code"]) for p in problems] == [
        (str(folder / "SKILL.md"), 5, "triggers", "frontmatter-key"),
        (str(folder / "SKILL.md"), 6, "author", "frontmatter-key"),
    ]


def test_json_format_of_a_valid_skill(built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A valid skill prints an empty JSON list and exits 0."""
    code, out, _ = run(["validate", str(built_skills["valid-manifest"]), "--format", "json"], capsys)
    assert (code, json.loads(out)) == (0, [])


def test_warnings_do_not_fail(built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A skill with only warnings exits 0 and marks the lines as warnings."""
    code, out, err = run(["validate", str(built_skills["valid-reserved-word"])], capsys)
    assert code == 0
    assert ": name: warning: contains the reserved word 'claude'" in out
    assert "valid (0 errors, 1 warnings)" in err


def test_several_folders(built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Several folders are checked in one run; one invalid folder makes the exit code 1."""
    valid, invalid = built_skills["valid-third-party"], built_skills["missing-name"]
    code, out, err = run(["validate", str(valid), str(invalid), str(valid / "SKILL.md")], capsys)
    assert code == 1
    assert out.splitlines() == [f"{invalid / 'SKILL.md'}:1: name: missing required key 'name' [frontmatter-required]"]
    assert len(err.splitlines()) == 2  # the SKILL.md path names the first folder again: checked once


def test_skill_md_path_means_its_folder(built_skills: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """Like agentskills, a path to SKILL.md validates the folder holding it."""
    code, _, err = run(["validate", str(built_skills["valid-third-party"] / "SKILL.md")], capsys)
    assert code == 0
    assert "valid (0 errors, 0 warnings)" in err


def test_default_is_the_bundled_skill(capsys: pytest.CaptureFixture[str]) -> None:
    """With no folder, validate checks the skill this package carries, which is valid."""
    code, out, _ = run(["validate"], capsys)
    assert code == 0, out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "no/such/folder"], "async-patterns: error: directory: no/such/folder does not exist"),
        (["validate", "pyproject.toml"], "async-patterns: error: directory: pyproject.toml is not a folder"),
        (["validate", "--format", "xml"], "async-patterns validate: error: argument --format: invalid choice: 'xml'"),
        (["validate", "--strict"], "async-patterns: error: unrecognized arguments: --strict"),
        (["sync", "no/such/folder"], "async-patterns: error: directory: no/such/folder does not exist"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing folder or a bad option exits 2 with one line on stderr naming the argument."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors exit from inside parse_args
        code = int(str(exc.code))
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(message), err
