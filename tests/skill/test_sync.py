"""``async-patterns sync`` and the atomic writes under it: frontmatter regenerated, body and data kept."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from async_patterns.cli import main
from async_patterns.errors import OutputExistsError
from async_patterns.fileio import write_text_atomic
from async_patterns.validate import validate_skill

BuildSkill = Callable[[str], Path]


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_sync_rewrites_only_the_frontmatter(copy_skill: BuildSkill, capsys: pytest.CaptureFixture[str]) -> None:
    """sync replaces a drifted frontmatter and keeps the body byte for byte; validate is then clean."""
    skill_dir = copy_skill("drift")
    skill_md = skill_dir / "SKILL.md"
    before = skill_md.read_text(encoding="utf-8")
    assert main(["sync", str(skill_dir)]) == 0
    after = skill_md.read_text(encoding="utf-8")
    assert body_of(after) == body_of(before)
    assert "description: Demonstrates a skill folder with a manifest." in after
    assert validate_skill(skill_dir) == []
    assert "regenerated from skill.yaml" in capsys.readouterr().err


def test_sync_check_changes_nothing(copy_skill: BuildSkill, capsys: pytest.CaptureFixture[str]) -> None:
    """sync --check exits 1 on drift without writing, and 0 once the files are in sync."""
    skill_dir = copy_skill("drift")
    skill_md = skill_dir / "SKILL.md"
    before = skill_md.read_bytes()
    assert main(["sync", "--check", str(skill_dir)]) == 1
    assert skill_md.read_bytes() == before
    assert "out of date; run `async-patterns sync`" in capsys.readouterr().err
    assert main(["sync", str(skill_dir)]) == 0
    assert main(["sync", "--check", str(skill_dir)]) == 0


def test_sync_adds_frontmatter_to_a_plain_file(copy_skill: BuildSkill) -> None:
    """A SKILL.md without frontmatter gets one prepended; its text stays as the body."""
    skill_dir = copy_skill("valid-manifest")
    (skill_dir / "SKILL.md").write_text("# Demo skill\n\nRead [the guide](references/guide.md).\n", encoding="utf-8")
    assert main(["sync", str(skill_dir)]) == 0
    text = (skill_dir / "SKILL.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert text.endswith("---\n# Demo skill\n\nRead [the guide](references/guide.md).\n")
    assert validate_skill(skill_dir) == []


def test_sync_refuses_a_skill_md_it_cannot_read(copy_skill: BuildSkill, capsys: pytest.CaptureFixture[str]) -> None:
    """A non-UTF-8 SKILL.md is not rewritten: exit 1, one located line, the file untouched."""
    skill_dir = copy_skill("valid-manifest")
    skill_md = skill_dir / "SKILL.md"
    damaged = skill_md.read_bytes() + b"caf\xe9\n"
    skill_md.write_bytes(damaged)
    assert main(["sync", str(skill_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"async-patterns: error: {skill_md}:")
    assert "not valid UTF-8" in err
    assert len(err.splitlines()) == 1
    assert skill_md.read_bytes() == damaged


def test_sync_refuses_an_invalid_manifest(copy_skill: BuildSkill, capsys: pytest.CaptureFixture[str]) -> None:
    """With a schema error in skill.yaml, sync writes nothing and names the first problem's line."""
    skill_dir = copy_skill("manifest-schema")
    before = (skill_dir / "SKILL.md").read_bytes()
    assert main(["sync", str(skill_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{skill_dir.resolve() / 'skill.yaml'}:18: templates[0]: missing required key 'summary'" in err
    assert "(and 1 more)" in err
    assert (skill_dir / "SKILL.md").read_bytes() == before


def test_write_keeps_the_file_mode(tmp_path: Path) -> None:
    """Replacing a file keeps its permission bits (an executable script stays executable)."""
    target = tmp_path / "tool.sh"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o755)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_write_without_overwrite_refuses_existing_files(tmp_path: Path) -> None:
    """overwrite=False never replaces an existing file and leaves no temporary file behind."""
    target = tmp_path / "kept.txt"
    target.write_text("precious\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="use --force"):
        write_text_atomic(target, "replacement\n", overwrite=False)
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert [path.name for path in tmp_path.iterdir()] == ["kept.txt"]


def test_write_creates_folders_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    """A new file in a new folder is written whole, with newlines exactly as given."""
    target = tmp_path / "a" / "b" / "new.txt"
    write_text_atomic(target, "one\r\ntwo\n", overwrite=False)
    assert target.read_bytes() == b"one\r\ntwo\n"
    assert [path.name for path in target.parent.iterdir()] == ["new.txt"]
