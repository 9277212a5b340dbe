"""verify's choice of interpreters on a user's machine: the ready ones, unless told otherwise.

A machine often has Pythons that lack the check extra beside the venv that has it (pyenv's bare
builds, the system Python). Stand-ins play them here: scripts named like pyenv's interpreters
that run this interpreter without site-packages (so pytest, aiohttp … are missing) and report a
version no real Python on the machine has (3.18, 3.19), so a real one can never be picked instead.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from async_patterns.cli import main
from async_patterns.verify import Interpreter, find_interpreters
from async_patterns.verify.interpreters import choose_ready
from tests.paths import DATA

BROKEN = DATA / "broken_templates"
CURRENT = f"{sys.version_info.major}.{sys.version_info.minor}"
BARE = """#!/bin/sh
# A bare Python {version}: {python} without site-packages, reporting {version} and this script to verify's probe.
if [ "$1" = "-I" ] && [ "$2" = "-c" ]; then
  "{python}" -S "$@" | sed -e 's/"version": "3\\.[0-9]*"/"version": "{version}"/' -e 's|"executable": "[^"]*"|"executable": "'"$0"'"|'
  exit 0
fi
exec "{python}" -S "$@"
"""


def bare_python(root: Path, version: str) -> Path:
    """A pyenv-style ``versions/V.0/bin/pythonV`` stand-in under ``root`` for a bare interpreter."""
    script = root / "versions" / f"{version}.0" / "bin" / f"python{version}"
    script.parent.mkdir(parents=True)
    script.write_text(BARE.format(python=sys.executable, version=version), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def bare_pyenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A pyenv root holding two bare Pythons, in place of the user's."""
    root = tmp_path / "pyenv"
    scripts = [bare_python(root, "3.18"), bare_python(root, "3.19")]
    monkeypatch.setenv("PYENV_ROOT", str(root))
    return scripts


def interpreter(version: str, *, ready: bool) -> Interpreter:
    missing = () if ready else ("pytest", "aiohttp")
    return Interpreter(f"/opt/python{version}", f"/opt/python{version}", version, missing, can_lint=ready)


def test_auto_uses_the_ready_ones_and_names_the_others_once() -> None:
    """Ready interpreters are used; the unready ones are left out and named together in one note."""
    chosen, notes, problems = choose_ready(
        [interpreter("3.11", ready=True), interpreter("3.12", ready=False), interpreter("3.13", ready=False)]
    )
    assert [i.version for i in chosen] == ["3.11"]
    assert problems == []
    (note,) = [note for note in notes if "left out" in note]
    assert "Python 3.12 (/opt/python3.12)" in note
    assert "Python 3.13 (/opt/python3.13)" in note
    assert "pip install 'async-patterns[check]'" in note


def test_auto_fails_only_when_none_is_ready() -> None:
    """With no ready interpreter the run has a problem, and keeps what it found for the static checks."""
    found = [interpreter("3.12", ready=False), interpreter("3.13", ready=False)]
    chosen, _, problems = choose_ready(found)
    assert chosen == found
    (problem,) = problems
    assert "no Python found here can run generated tests" in problem
    assert choose_ready([])[2] != []


def test_discovery_leaves_bare_pyenv_pythons_out(bare_pyenv: list[Path]) -> None:
    """Beside this ready interpreter, pyenv's bare ones are found, named, and not used."""
    chosen, notes, problems = find_interpreters(["auto"])
    assert CURRENT in {i.version for i in chosen}
    assert all(i.ready for i in chosen)
    assert not {"3.18", "3.19"} & {i.version for i in chosen}
    assert problems == []
    (note,) = [note for note in notes if "left out" in note]
    assert "Python 3.18" in note
    assert "Python 3.19" in note


@pytest.mark.slow
def test_verify_passes_beside_bare_pythons(bare_pyenv: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's machine: a complete venv plus bare pyenv Pythons; verify without --python exits 0."""
    assert main(["verify", "good", "--skill", str(BROKEN), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "PASS: 1 cases, 0 failed" in out
    assert sum("left out" in line for line in out.splitlines() if line.startswith("note: ")) == 1


@pytest.mark.slow
def test_naming_an_unready_python_fails(bare_pyenv: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    """An unready interpreter named with --python is used, and its tests fail with an install hint."""
    code = main(["verify", "good", "--skill", str(BROKEN), "--quiet", "--python", sys.executable, str(bare_pyenv[0])])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL: 1 cases, 1 failed" in out
    assert "cannot run generated tests" in out
    assert "pip install 'async-patterns[check]'" in out
