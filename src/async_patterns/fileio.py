"""Writing files so that an interrupted run never leaves a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from async_patterns.errors import OutputExistsError


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` to a temporary file beside ``path``, then move it into place.

    With ``overwrite`` false the final step is a hard link, which fails if ``path``
    appeared meanwhile, so an existing file is never replaced, even by a racing writer.

    A symlink is written through (its target changes, the link stays), and a new file
    gets the permissions the process's umask allows, as ``open()`` would give it.

    Raises:
        OutputExistsError: ``path`` exists and ``overwrite`` is false.
    """
    if not overwrite and path.exists():
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)
        if overwrite:
            temporary.replace(path)
        else:
            _link_exclusive(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _link_exclusive(source: Path, target: Path) -> None:
    try:
        target.hardlink_to(source)
    except FileExistsError:
        raise OutputExistsError(f"{target} exists; use --force to overwrite it") from None


def _umask() -> int:
    """The process umask (reading it means setting it, so it is restored at once)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
