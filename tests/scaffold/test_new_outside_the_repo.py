"""`new` as a new user runs it, outside this repository: a bare folder, their own pytest settings, a file for -o.

Generated tests must pass under ``python -X dev -W error -m pytest`` (SKILL.md's command) in a
folder with no pytest configuration, where pytest-asyncio's "asyncio_default_fixture_loop_scope
is unset" warning would otherwise be an INTERNALERROR. ``new`` writes the setting or merges it
into the configuration that governs the folder, and never changes a setting the user made.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from async_patterns.cli import main
from async_patterns.errors import AsyncPatternsError
from async_patterns.scaffold.pytest_config import KEY, config_change, governing_file


def bare(tmp_path: Path) -> Path:
    """A folder no pytest configuration governs (skipped if this machine has one above the temporary folder)."""
    folder = tmp_path / "project"
    folder.mkdir()
    if governing_file(folder) is not None:
        pytest.skip(f"a pytest configuration above {tmp_path} governs every folder here")
    return folder


@pytest.mark.slow
def test_generated_tests_pass_in_a_bare_folder_under_dev_mode(tmp_path: Path) -> None:
    """new retry in an empty folder, then SKILL.md's own command there: every test passes, no INTERNALERROR."""
    folder = bare(tmp_path)
    assert main(["new", "retry", "--name", "http_retry", "-o", str(folder)]) == 0
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "PYTHONWARNINGS", "PYTHONPATH")}
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "INTERNALERROR" not in output
    assert result.returncode == 0, output[-3000:]
    assert " passed" in output


def test_a_bare_folder_gets_a_pytest_ini(tmp_path: Path) -> None:
    """With no configuration in or above the folder, new writes pytest.ini with the setting."""
    folder = bare(tmp_path)
    change = config_change(folder)
    assert change is not None
    assert change.creates
    assert change.path == folder / "pytest.ini"
    assert f"{KEY} = function" in change.text.splitlines()


@pytest.mark.parametrize(
    ("name", "text", "added"),
    [
        ("pytest.ini", "[pytest]\naddopts = -q\n", f"[pytest]\n{KEY} = function\naddopts = -q\n"),
        ("tox.ini", "[tox]\nenvlist = py311\n\n[pytest]\nxfail_strict = true\n", None),
        ("setup.cfg", "[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = tests\n", None),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.pytest.ini_options]  # ours\naddopts = "-q"\n\n[tool.ruff]\nline-length = 99\n',
            None,
        ),
        (
            "pyproject.toml",
            '[tool.pytest]\nminversion = "9.0"\n',
            f'[tool.pytest]\n{KEY} = "function"\nminversion = "9.0"\n',
        ),
    ],
)
def test_the_users_configuration_gains_one_line(tmp_path: Path, name: str, text: str, added: str | None) -> None:
    """A governing file (here, one folder up) lacking the setting gets exactly one line; the rest is byte for byte."""
    bare(tmp_path)
    (tmp_path / "project" / name).write_text(text, encoding="utf-8")
    folder = tmp_path / "project" / "src"
    change = config_change(folder)
    assert change is not None
    assert not change.creates
    assert change.path == (tmp_path / "project" / name).resolve()
    new_lines, old_lines = change.text.splitlines(), text.splitlines()
    assert len(new_lines) == len(old_lines) + 1
    (inserted,) = [line for line in new_lines if KEY in line]
    new_lines.remove(inserted)
    assert new_lines == old_lines
    if added is not None:
        assert change.text == added
    if name == "pyproject.toml":
        tomllib.loads(change.text)


@pytest.mark.parametrize("value", ["function", "module"])
def test_a_setting_the_user_made_is_left_alone(tmp_path: Path, value: str) -> None:
    """Whatever value the user chose, nothing is written."""
    folder = bare(tmp_path)
    (folder / "pyproject.toml").write_text(f'[tool.pytest.ini_options]\n{KEY} = "{value}"\n', encoding="utf-8")
    assert config_change(folder) is None


def test_a_pyproject_without_pytest_settings_does_not_govern(tmp_path: Path) -> None:
    """pyproject.toml with no pytest table is not pytest's configuration: pytest.ini goes into the folder."""
    folder = bare(tmp_path)
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    change = config_change(folder)
    assert change is not None
    assert change.creates
    assert change.path == folder / "pytest.ini"


def test_a_table_that_cannot_be_merged_stops_new_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dotted-key pytest table has no header line to add to: exit 1 naming the line to add, nothing written."""
    folder = bare(tmp_path)
    (folder / "pyproject.toml").write_text('tool.pytest.ini_options.addopts = "-q"\n', encoding="utf-8")
    with pytest.raises(AsyncPatternsError, match=KEY):
        config_change(folder)
    assert main(["new", "retry", "--name", "http_retry", "-o", str(folder)]) == 1
    assert f'add {KEY} = "function"' in capsys.readouterr().err
    assert sorted(path.name for path in folder.iterdir()) == ["pyproject.toml"]


def test_new_merges_into_the_governing_file_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The update is part of the plan: shown by --dry-run, written with the files, reported as an update."""
    folder = bare(tmp_path)
    ini = folder / "pytest.ini"
    ini.write_text("[pytest]\naddopts = -q\n", encoding="utf-8")
    assert main(["new", "retry", "--name", "http_retry", "-o", str(folder / "src"), "--dry-run"]) == 0
    assert f"would update {ini.resolve()} (config, added {KEY} = function under [pytest])" in capsys.readouterr().out
    assert ini.read_text(encoding="utf-8") == "[pytest]\naddopts = -q\n"
    assert main(["new", "retry", "--name", "http_retry", "-o", str(folder / "src")]) == 0
    assert f"updated {ini.resolve()}" in capsys.readouterr().out
    assert ini.read_text(encoding="utf-8") == f"[pytest]\n{KEY} = function\naddopts = -q\n"
    assert main(["new", "retry", "--name", "other_retry", "-o", str(folder / "src")]) == 0
    assert "pytest.ini" not in capsys.readouterr().out  # already set: left alone


def test_no_config_without_tests(tmp_path: Path) -> None:
    """--no-tests writes the module alone: no test, so no pytest setting is needed."""
    folder = bare(tmp_path)
    assert main(["new", "retry", "--no-tests", "-o", str(folder)]) == 0
    assert [path.name for path in folder.iterdir()] == ["retry_policy.py"]


@pytest.mark.parametrize("output", ["retry_mod.py", "sub/retry_mod.py"])
def test_an_output_ending_in_py_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    """-o takes a folder: a .py path is a usage error that says what to type, and nothing is created."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "retry", "-o", output]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"async-patterns: error: -o: {output} names a file")
    assert "--name retry_mod -o " in line
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_ending_in_py_is_still_a_folder(tmp_path: Path) -> None:
    """A folder that happens to be named like a module is used as the folder it is."""
    folder = tmp_path / "odd.py"
    folder.mkdir()
    assert main(["new", "retry", "--no-tests", "-o", str(folder)]) == 0
    assert (folder / "retry_policy.py").is_file()
