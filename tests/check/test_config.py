"""``[tool.async-patterns.check]`` in pyproject.toml: found, validated, and applied by check_paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from async_patterns.check import check_paths
from async_patterns.check.config import find_config, load_config
from async_patterns.errors import UsageError

TWO_RULES = """\
import asyncio

LOOP = asyncio.get_event_loop()


async def main() -> None:
    try:
        await asyncio.sleep(1)
    finally:
        return
"""


def project(root: Path, table: str) -> Path:
    """A folder with a pyproject.toml holding ``table`` and a module with two findings (AP110, AP114)."""
    (root / "pyproject.toml").write_text(f'[project]\nname = "demo"\n\n{table}\n', encoding="utf-8")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(TWO_RULES, encoding="utf-8")
    return root


def found(root: Path, **options: object) -> set[str]:
    """The codes check_paths reports for ``root``."""
    return {f.code for f in check_paths([root], **options).findings}  # type: ignore[arg-type]


def test_no_table_means_defaults(tmp_path: Path) -> None:
    """Without the table every rule runs with target 3.11."""
    project(tmp_path, "")
    assert load_config(tmp_path / "src").source is None
    assert found(tmp_path) == {"AP110", "AP114"}


def test_nearest_pyproject_with_the_table_wins(tmp_path: Path) -> None:
    """The closest pyproject.toml above the checked path that has the table is the one used."""
    project(tmp_path, '[tool.async-patterns.check]\nignore = ["AP110"]')
    inner = tmp_path / "src" / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")  # no table: skipped
    assert find_config(inner) == tmp_path / "pyproject.toml"
    assert load_config(inner).ignore == ("AP110",)


def test_select_ignore_and_target_version_are_applied(tmp_path: Path) -> None:
    """select, ignore and target-version from the table change what check_paths reports."""
    project(tmp_path, '[tool.async-patterns.check]\nselect = ["AP11"]\nignore = ["AP114"]\ntarget-version = "py314"')
    result = check_paths([tmp_path])
    assert [f.code for f in result.findings] == ["AP110"]
    assert "3.14" in result.findings[0].message


def test_arguments_override_the_table(tmp_path: Path) -> None:
    """An explicit select replaces the table's, an explicit ignore adds to it."""
    project(tmp_path, '[tool.async-patterns.check]\nselect = ["AP110"]')
    assert found(tmp_path, select=["AP114"]) == {"AP114"}
    assert found(tmp_path, ignore=["AP110"]) == set()


def test_per_file_ignores_match_globs_relative_to_the_pyproject(tmp_path: Path) -> None:
    """per-file-ignores drops the listed codes in files matching the glob."""
    project(tmp_path, '[tool.async-patterns.check.per-file-ignores]\n"src/*.py" = ["AP114"]\n"other/**" = ["AP110"]')
    assert found(tmp_path) == {"AP110"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('ignore = "AP101"', "tool.async-patterns.check.ignore: must be a list of codes"),
        ("select = [101]", "tool.async-patterns.check.select: must be a list of codes"),
        ('select = ["AP999"]', "tool.async-patterns.check.select: unknown rule code 'AP999'"),
        ("target-version = 3.12", "tool.async-patterns.check.target-version: must be a string"),
        ('target-version = "3.9"', "tool.async-patterns.check.target-version: expected 3.11 or newer"),
        ('per-file-ignores = ["x"]', "tool.async-patterns.check.per-file-ignores: must be a table"),
        ("per-file-ignores = { 'a/*.py' = 'AP101' }", "per-file-ignores.'a/*.py': must be a list of codes"),
        ('selct = ["AP101"]', "tool.async-patterns.check: unknown key 'selct'"),
    ],
)
def test_bad_values_raise_usage_error_naming_the_key(tmp_path: Path, table: str, message: str) -> None:
    """A bad value raises UsageError whose message names the file and the key."""
    project(tmp_path, f"[tool.async-patterns.check]\n{table}")
    with pytest.raises(UsageError, match=r"pyproject\.toml: ") as caught:
        check_paths([tmp_path])
    assert message in str(caught.value)


def test_table_that_is_not_a_table_is_rejected(tmp_path: Path) -> None:
    """``check = 1`` under tool.async-patterns is a UsageError."""
    project(tmp_path, '[tool.async-patterns]\ncheck = "all"')
    with pytest.raises(UsageError, match=r"tool\.async-patterns\.check: must be a table"):
        load_config(tmp_path)


def test_invalid_toml_is_a_usage_error(tmp_path: Path) -> None:
    """A pyproject.toml mentioning the tool that is not valid TOML raises UsageError with its path."""
    (tmp_path / "pyproject.toml").write_text("[tool.async-patterns.check\nselect = [", encoding="utf-8")
    with pytest.raises(UsageError, match="invalid TOML"):
        load_config(tmp_path)


def test_unrelated_invalid_pyproject_is_not_parsed(tmp_path: Path) -> None:
    """A broken pyproject.toml that never mentions async-patterns is skipped, not an error."""
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    assert load_config(tmp_path).source is None
