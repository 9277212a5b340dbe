"""Atomic writes: no partial files, no silent overwrite, links and umask respected."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from async_patterns.errors import OutputExistsError
from async_patterns.fileio import write_text_atomic


def test_refuses_to_overwrite_and_keeps_the_old_text(tmp_path: Path) -> None:
    """With overwrite=False an existing file is kept byte for byte and no temporary is left."""
    target = tmp_path / "a.py"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"a\.py"):
        write_text_atomic(target, "theirs\n", overwrite=False)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    """A new file gets 0o666 minus the umask, like open() would give it."""
    previous = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "b.txt", "x")
    finally:
        os.umask(previous)
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o640


def test_symlink_is_written_through(tmp_path: Path) -> None:
    """Writing to a symlink changes its target and keeps the link."""
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
