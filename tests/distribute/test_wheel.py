"""The wheel works outside the checkout: built, installed into a fresh venv, validating its bundled skill."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO

SKILL_IN_WHEEL = "async_patterns/bundled/async-patterns"
# What the source tree holds that a wheel build must not see (caches, environments, outputs).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "*_cache", "__pycache__", ".hypothesis", "dist", "build", "out")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the source tree (the checkout itself is left untouched)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = (work / "dist").glob("async_patterns-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only the wheel and its runtime dependencies."""
    environment = tmp_path_factory.mktemp("venv") / "env"
    venv.create(environment, with_pip=True)
    pip = [str(environment / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, timeout=600)
    return environment


def test_wheel_carries_the_skill_and_the_schema(wheel: Path) -> None:
    """The wheel holds SKILL.md, skill.yaml, references/, templates/, scripts/ and the JSON Schema."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("SKILL.md", "skill.yaml"):
        assert f"{SKILL_IN_WHEEL}/{required}" in names
    for folder in ("references", "templates", "scripts"):
        assert any(name.startswith(f"{SKILL_IN_WHEEL}/{folder}/") for name in names), folder
    assert "async_patterns/skill/schema/skill.schema.json" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


@pytest.mark.parametrize("command", [["bin/async-patterns"], ["bin/python", "-m", "async_patterns"]])
def test_installed_cli_validates_the_bundled_skill(command: list[str], installed: Path, tmp_path: Path) -> None:
    """From an unrelated folder, the installed CLI finds its bundled skill and reports no problem at all."""
    executable = [str(installed / command[0]), *command[1:]]
    result = subprocess.run(
        [*executable, "validate", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []  # an installed copy: folder named async-patterns, no warnings


def test_installed_copy_is_not_a_checkout(installed: Path, tmp_path: Path) -> None:
    """The installed skill folder is named after the skill and has no pyproject.toml (the folder rule is strict)."""
    code = "from async_patterns import bundled_skill_dir as d; p = d(); print(p.name, (p / 'pyproject.toml').exists())"
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["async-patterns", "False"]
