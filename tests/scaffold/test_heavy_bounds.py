"""The suite's heavy checks hold on a loaded machine: bounds of their own, the full matrix out of the default run.

The README's ``pytest`` once failed on a fresh clone while the machine was busy: the whole verify
matrix ran in one module fixture under the suite's 300 s per-test timeout. These tests keep the
structure that prevents it: the quality runs carry a limit that grows with the number of cases
(a hang guard, far above what a case takes), and the every-Python matrix runs only when selected.
"""

from __future__ import annotations

import tomllib

import pytest

from async_patterns.skill.manifest import load_manifest
from async_patterns.verify import build_matrix
from tests.paths import REPO
from tests.scaffold import test_template_quality as quality

PYTEST_SETTINGS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]


def test_the_default_run_leaves_the_matrix_out() -> None:
    """pytest with no -m deselects the matrix marker, which is declared."""
    addopts = PYTEST_SETTINGS["addopts"]
    assert addopts[addopts.index("-m") + 1] == "not matrix"
    assert any(marker.startswith("matrix:") for marker in PYTEST_SETTINGS["markers"])


def test_ci_selects_the_matrix() -> None:
    """.ci/run runs the matrix tests in a step of their own."""
    assert ".venv/bin/python -m pytest -m matrix" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_quality_runs_have_a_per_case_bound_above_the_suites() -> None:
    """The verify runs are bounded per case, not by the suite's 300 s: a busy machine makes them slower, never failed."""
    (timeout,) = [mark for mark in quality.pytestmark if mark.name == "timeout"]
    cases = len(build_matrix(load_manifest()))
    assert timeout.args[0] == quality.HANG_GUARD >= 300 + 60 * cases
    assert PYTEST_SETTINGS["timeout"] < quality.HANG_GUARD


@pytest.mark.parametrize(
    "name", ["test_template_meets_the_quality_bar_on_every_python", "test_template_compiles_on_every_python_present"]
)
def test_every_python_tests_are_matrix_tests(name: str) -> None:
    """The tests that run every Python are marked matrix (and slow, so -m 'not slow' skips them as well)."""
    marks = {mark.name for mark in getattr(quality, name).pytestmark}
    assert "matrix" in marks
    assert "slow" in {mark.name for mark in quality.pytestmark}
