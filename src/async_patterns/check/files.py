"""Find the Python files to check, and read them, safely on hostile trees.

:func:`discover` walks folders in sorted order and yields ``.py`` files. It honours
``.gitignore`` files (those of the folders walked, plus those between the enclosing git
repository's root and the starting folder, plus ``.git/info/exclude``), and skips
``.git``, virtual environments (any folder holding ``pyvenv.cfg``), caches, ``build``,
``dist``, ``node_modules`` and ``site-packages``. A path given explicitly is always
checked, even if ignored.

Hostile input: a folder reached twice (a symlink loop, or two links to one folder) is
walked once, by its device and inode; FIFOs, sockets and devices are skipped without
being opened; a file is yielded once however many links lead to it. Problems (a missing
path, a folder that cannot be listed) are appended to ``problems`` as located findings,
and the walk goes on.

:func:`read_source` reads one file: not a regular file, unreadable, or larger than
:data:`MAX_BYTES` (5 MB) gives a one-line finding instead of bytes. Files that large are
not checked: they are generated code or data, and an editor hook must not stall on them.
"""

# os and os.path on purpose, not pathlib: the walk is the hot loop of a check run, and
# a Path object per directory entry costs several times a string.
# ruff: noqa: PTH100, PTH110, PTH116, PTH118, PTH120, PTH123
from __future__ import annotations

import os
import stat
from pathlib import Path

from .engine import diagnostic
from .gitignore import IgnoreFile, is_ignored, parse
from .rules.diagnostics import CANNOT_READ, TOO_LARGE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from async_patterns.findings import Finding

__all__ = ["MAX_BYTES", "SKIPPED_DIRS", "discover", "display", "read_source"]

MAX_BYTES = 5 * 1024 * 1024
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        "node_modules",
        "build",
        "dist",
        "site-packages",
    }
)
_MAX_IGNORE_FILE = 1024 * 1024


def display(path: Path) -> str:
    """The path as findings show it: as given, with forward slashes."""
    return path.as_posix()


def discover(paths: Sequence[str | os.PathLike[str]], problems: list[Finding] | None = None) -> Iterator[Path]:
    """Every Python file to check under ``paths``, each once, folders in sorted order.

    Args:
        paths: files (yielded whatever their suffix) and folders (walked for ``*.py``).
        problems: where to append a finding for a path that cannot be walked; None to drop them.
    """
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except OSError as exc:
            _problem(problems, path, f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info, seen_dirs, seen_files, problems)
        elif stat.S_ISREG(info.st_mode):
            if _first_time(info, seen_files):
                yield path
        else:
            _problem(problems, path, "not a regular file (FIFO, socket or device): skipped")


def _first_time(info: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(
    root: Path,
    info: os.stat_result,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    problems: list[Finding] | None,
) -> Iterator[Path]:
    absolute = os.path.abspath(root)
    stack: list[tuple[Path, str, os.stat_result, tuple[IgnoreFile, ...]]] = [
        (root, absolute, info, _ancestor_ignores(absolute))
    ]
    while stack:
        folder, folder_abs, folder_info, ignores = stack.pop()
        if not _first_time(folder_info, seen_dirs):
            continue  # a symlink loop, or a second link to a folder already walked
        own = _read_ignore(os.path.join(folder_abs, ".gitignore"), folder_abs)
        if own is not None:
            ignores = (*ignores, own)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            _problem(problems, folder, f"cannot list folder: {exc.strerror or exc}", line=0)
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            try:
                entry_info = entry.stat()  # follows symlinks; a dangling link raises
            except OSError:
                continue
            entry_abs = folder_abs + os.sep + name
            posix = entry_abs.replace(os.sep, "/")
            if stat.S_ISDIR(entry_info.st_mode):
                if name in SKIPPED_DIRS or os.path.exists(os.path.join(entry_abs, "pyvenv.cfg")):
                    continue
                if not is_ignored(ignores, posix, is_dir=True):
                    subfolders.append((folder / name, entry_abs, entry_info, ignores))
            elif (
                name.endswith(".py")
                and stat.S_ISREG(entry_info.st_mode)
                and not is_ignored(ignores, posix, is_dir=False)
                and _first_time(entry_info, seen_files)
            ):
                yield folder / name
        stack.extend(reversed(subfolders))


def _ancestor_ignores(folder_abs: str) -> tuple[IgnoreFile, ...]:
    """The ignore files above ``folder_abs`` up to its git repository's root (none outside a repository)."""
    chain = []
    current = os.path.dirname(folder_abs)
    if os.path.exists(os.path.join(folder_abs, ".git")):
        current = folder_abs
        chain = [folder_abs]
    else:
        while True:
            chain.append(current)
            if os.path.exists(os.path.join(current, ".git")):
                break
            parent = os.path.dirname(current)
            if parent == current:
                return ()
            current = parent
    root = chain[-1]
    found = []
    exclude = _read_ignore(os.path.join(root, ".git", "info", "exclude"), root)
    if exclude is not None:
        found.append(exclude)
    for folder in reversed(chain):
        if folder == folder_abs:
            continue  # the walk reads the starting folder's own .gitignore
        ignore = _read_ignore(os.path.join(folder, ".gitignore"), folder)
        if ignore is not None:
            found.append(ignore)
    return tuple(found)


def _read_ignore(path: str, base: str) -> IgnoreFile | None:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_IGNORE_FILE:
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(_MAX_IGNORE_FILE)
    except OSError:
        return None
    ignore = parse(text, base.replace(os.sep, "/"))
    return ignore if ignore.patterns else None


def read_source(path: Path) -> bytes | Finding:
    """The bytes of ``path``, or a located finding if it is not a readable regular file of at most 5 MB."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO swapped in after discovery cannot hang the open
    except OSError as exc:
        return diagnostic(display(path), CANNOT_READ, f"cannot read: {exc.strerror or exc}")
    try:
        data = _read_regular(fd)
    except OSError as exc:
        return diagnostic(display(path), CANNOT_READ, f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if data is None:
        return diagnostic(display(path), CANNOT_READ, "not a regular file (FIFO, socket or device): skipped")
    if isinstance(data, int) or len(data) > MAX_BYTES:
        size = data if isinstance(data, int) else len(data)
        return diagnostic(
            display(path), TOO_LARGE, f"{size / (1024 * 1024):.1f} MB is over the 5 MB limit: not checked"
        )
    return data


def _read_regular(fd: int) -> bytes | int | None:
    """The content of the open file ``fd`` (at most MAX_BYTES + 1 bytes); its size if larger; None if not a regular file."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return None
    if info.st_size > MAX_BYTES:
        return info.st_size
    chunks = []
    remaining = MAX_BYTES + 1  # a file growing while read is still cut off here
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _problem(problems: list[Finding] | None, path: Path, message: str, *, line: int = 1) -> None:
    if problems is not None:
        problems.append(diagnostic(display(path), CANNOT_READ, message, line=line, column=1 if line else 0))
