"""Discovery and reading on ordinary and hostile trees: .gitignore, venvs, symlinks, FIFOs, big files."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from async_patterns.check import check_paths
from async_patterns.check.files import MAX_BYTES, discover, read_source
from async_patterns.check.gitignore import compile_pattern, is_ignored, parse
from async_patterns.errors import UsageError
from async_patterns.findings import Finding

BAD = "import asyncio\n\nLOOP = asyncio.get_event_loop()\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def write(root: Path, relative: str, text: str = "x = 1\n") -> Path:
    """Create ``root/relative`` (and its folders) holding ``text``."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names(root: Path, *, problems: list[Finding] | None = None) -> list[str]:
    """The discovered files under ``root``, relative and with forward slashes."""
    return [path.relative_to(root).as_posix() for path in discover([root], problems)]


def test_walks_python_files_in_sorted_order(tmp_path: Path) -> None:
    """Only .py files are found, each folder's files before its subfolders, names sorted."""
    for name in ("b.py", "a.py", "notes.txt", "pkg/z.py", "pkg/sub/y.py", "stub.pyi"):
        write(tmp_path, name)
    assert names(tmp_path) == ["a.py", "b.py", "pkg/z.py", "pkg/sub/y.py"]


def test_skips_caches_build_output_and_virtual_environments(tmp_path: Path) -> None:
    """Caches, build output, node_modules, site-packages and any folder with pyvenv.cfg are skipped."""
    for folder in (".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tox", ".nox"):
        write(tmp_path, f"{folder}/x.py")
    for folder in ("node_modules", "build", "dist", "lib/site-packages", "env"):
        write(tmp_path, f"{folder}/x.py")
    write(tmp_path, "env/pyvenv.cfg", "home = /usr\n")
    write(tmp_path, "keep/x.py")
    assert names(tmp_path) == ["keep/x.py"]


def test_explicit_roots_are_walked_even_when_their_name_is_skipped(tmp_path: Path) -> None:
    """A folder given explicitly is walked even if it is called build or holds pyvenv.cfg."""
    write(tmp_path, "build/x.py")
    assert [p.name for p in discover([tmp_path / "build"])] == ["x.py"]


def test_gitignore_subset(tmp_path: Path) -> None:
    """Globs, ``**``, a trailing ``/``, a leading ``/`` and ``!`` negation behave as in git."""
    gitignore = "# comment\n*_pb2.py\n/generated/\nout/\ndocs/**/conf.py\n!keep_pb2.py\nsecret?.py\n"
    write(tmp_path, ".gitignore", gitignore)
    for name in (
        "a_pb2.py",
        "keep_pb2.py",
        "generated/x.py",
        "src/generated/y.py",  # /generated/ is anchored: only the top-level folder
        "src/out/z.py",  # out/ matches a folder at any depth
        "out.py",  # out/ is for folders only
        "docs/a/b/conf.py",
        "docs/conf.py",  # docs/**/conf.py also matches docs/conf.py
        "secret1.py",
        "secret12.py",
        "main.py",
    ):
        write(tmp_path, name)
    assert names(tmp_path) == ["keep_pb2.py", "main.py", "out.py", "secret12.py", "src/generated/y.py"]


def test_nested_gitignore_applies_to_its_folder_and_can_re_include(tmp_path: Path) -> None:
    """A deeper .gitignore is relative to its folder and overrides the outer one."""
    write(tmp_path, ".gitignore", "*.gen.py\n")
    write(tmp_path, "pkg/.gitignore", "!keep.gen.py\n/local.py\n")
    for name in ("a.gen.py", "pkg/keep.gen.py", "pkg/b.gen.py", "pkg/local.py", "pkg/sub/local.py"):
        write(tmp_path, name)
    assert names(tmp_path) == ["pkg/keep.gen.py", "pkg/sub/local.py"]


def test_gitignore_above_the_start_folder_applies_inside_a_repository(tmp_path: Path) -> None:
    """Checking a subfolder still honours the repository root's .gitignore (and .git/info/exclude)."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("*_local.py\n", encoding="utf-8")
    write(tmp_path, ".gitignore", "*_pb2.py\n")
    write(tmp_path, "src/a_pb2.py")
    write(tmp_path, "src/b_local.py")
    write(tmp_path, "src/c.py")
    assert [p.name for p in discover([tmp_path / "src"])] == ["c.py"]


def test_explicit_file_is_checked_even_if_ignored(tmp_path: Path) -> None:
    """A file named on the command line is checked whatever .gitignore says."""
    write(tmp_path, ".gitignore", "*.py\n")
    path = write(tmp_path, "a.py", BAD)
    assert names(tmp_path) == []
    assert [f.code for f in check_paths([path]).findings] == ["AP110"]


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "ignored"),
    [
        ("*.py", "a/b.py", False, True),
        ("a/*.py", "a/b/c.py", False, False),
        ("a/**", "a/b/c.py", False, True),
        ("**/c.py", "a/b/c.py", False, True),
        ("a/**/c.py", "a/c.py", False, True),
        ("[ab].py", "b.py", False, True),
        ("[!ab].py", "b.py", False, False),
        ("build/", "build", True, True),
        ("build/", "build", False, False),
        ("\\#x.py", "#x.py", False, True),
        ("a.py\\ ", "a.py ", False, True),
    ],
)
def test_gitignore_patterns(pattern: str, path: str, is_dir: bool, ignored: bool) -> None:
    """Single patterns match like git's for the supported subset."""
    assert is_ignored((parse(pattern, "/r"),), f"/r/{path}", is_dir=is_dir) is ignored


def test_blank_and_comment_lines_compile_to_nothing() -> None:
    """Blank lines, comments and a bare slash are not patterns."""
    assert compile_pattern("") is None
    assert compile_pattern("# note") is None
    assert compile_pattern("/") is None


@posix_only
def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    """A symlink pointing back up the tree does not make the walk loop or repeat files."""
    write(tmp_path, "pkg/a.py")
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "pkg" / "self").symlink_to(tmp_path / "pkg", target_is_directory=True)
    (tmp_path / "pkg" / "dangling.py").symlink_to(tmp_path / "missing.py")
    assert names(tmp_path) == ["pkg/a.py"]


@posix_only
def test_file_reached_through_two_links_is_checked_once(tmp_path: Path) -> None:
    """The same file under two names is yielded once."""
    real = write(tmp_path, "a.py")
    (tmp_path / "b.py").symlink_to(real)
    assert names(tmp_path) == ["a.py"]


@posix_only
def test_fifo_is_skipped_without_being_opened(tmp_path: Path) -> None:
    """A FIFO named .py in the tree is skipped; named explicitly it is an AP002 finding; nothing blocks."""
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    write(tmp_path, "a.py")
    outcome: list[object] = []

    def run() -> None:
        outcome.append(names(tmp_path))
        outcome.append(check_paths([fifo]).findings)
        outcome.append(read_source(fifo))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "discovery or reading blocked on a FIFO"
    listed, findings, read = outcome
    assert listed == ["a.py"]
    assert [(f.code, f.line) for f in findings] == [("AP002", 1)]  # type: ignore[attr-defined]
    assert isinstance(read, Finding)
    assert read.code == "AP002"


def test_missing_path_is_a_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    """A path that does not exist gives AP002; the other paths are still checked."""
    good = write(tmp_path, "a.py", BAD)
    result = check_paths([tmp_path / "nope.py", good])
    assert sorted(f.code for f in result.findings) == ["AP002", "AP110"]
    assert result.files_checked == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    """A file without read permission gives one AP002 finding, and the walk goes on."""
    secret = write(tmp_path, "secret.py")
    write(tmp_path, "z.py", BAD)
    secret.chmod(0)
    try:
        codes = sorted(f.code for f in check_paths([tmp_path]).findings)
    finally:
        secret.chmod(0o600)
    assert codes == ["AP002", "AP110"]


def test_unreadable_file_is_reported_via_read_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OS error while reading becomes an AP002 finding naming the error (also when running as root)."""
    path = write(tmp_path, "a.py")

    def refuse(*_: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    found = read_source(path)
    assert isinstance(found, Finding)
    assert (found.code, found.line, found.message) == ("AP002", 1, "cannot read: Permission denied")


def test_non_utf8_and_syntax_errors_are_located_findings(tmp_path: Path) -> None:
    """Through check_paths, undecodable and unparsable files give AP001 and AP000; others are checked."""
    (tmp_path / "latin.py").write_bytes(b"x = '\xe9'\n")
    write(tmp_path, "broken.py", "def f(:\n")
    write(tmp_path, "ok.py", BAD)
    result = check_paths([tmp_path])
    assert [(Path(f.file).name, f.code, f.line) for f in result.findings] == [
        ("broken.py", "AP000", 1),
        ("latin.py", "AP001", 1),
        ("ok.py", "AP110", 3),
    ]
    assert result.files_checked == 3
    assert result.lines_checked == 1 + 1 + 3


def test_file_over_5_mb_is_one_warning_not_a_hang(tmp_path: Path) -> None:
    """A file larger than 5 MB is not read: one AP003 warning; smaller files are checked."""
    big = tmp_path / "big.py"
    big.write_bytes(b"x = 1\n" * (MAX_BYTES // 6 + 10))
    write(tmp_path, "small.py", BAD)
    result = check_paths([tmp_path])
    assert [(Path(f.file).name, f.code, f.severity) for f in result.findings] == [
        ("big.py", "AP003", "warning"),
        ("small.py", "AP110", "error"),
    ]
    assert not result.has_errors or result.findings[1].code == "AP110"
    assert result.files_checked == 1


def test_file_of_exactly_5_mb_is_checked(tmp_path: Path) -> None:
    """The limit is inclusive: a file of exactly 5 MB is read and checked."""
    line = b"x = 1\n"
    path = tmp_path / "edge.py"
    path.write_bytes(line * (MAX_BYTES // len(line)) + b"#" * (MAX_BYTES % len(line)))
    assert path.stat().st_size == MAX_BYTES
    assert isinstance(read_source(path), bytes)


def test_paths_must_be_a_non_empty_list() -> None:
    """check_paths needs a list of paths; a bare string or an empty list is a UsageError."""
    with pytest.raises(UsageError, match=r"^paths:"):
        check_paths([])
    with pytest.raises(UsageError, match=r"^paths:"):
        check_paths("src")


def test_same_file_given_twice_is_checked_once(tmp_path: Path) -> None:
    """Overlapping paths (a folder and a file in it) check each file once."""
    path = write(tmp_path, "a.py", BAD)
    result = check_paths([tmp_path, path])
    assert result.files_checked == 1
    assert len(result.findings) == 1


def test_hostile_gitignore_pattern_does_not_stall(tmp_path: Path) -> None:
    """A pattern built to make a regex backtrack matches long names at once."""
    write(tmp_path, ".gitignore", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n")
    write(tmp_path, "a" * 200 + ".py")
    start = time.perf_counter()
    assert len(names(tmp_path)) == 1
    assert time.perf_counter() - start < 2


@posix_only
def test_fifo_gitignore_and_pyproject_are_not_opened(tmp_path: Path) -> None:
    """A FIFO where a .gitignore or pyproject.toml would be is ignored, not read."""
    os.mkfifo(tmp_path / ".gitignore")
    os.mkfifo(tmp_path / "pyproject.toml")
    write(tmp_path, "a.py", BAD)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(check_paths([tmp_path])), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "blocked on a FIFO"
    [result] = outcome
    assert [f.code for f in result.findings] == ["AP110"]  # type: ignore[attr-defined]


def test_folder_that_cannot_be_listed_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder whose listing fails gives one AP002 finding (line 0: the whole folder); its siblings are walked."""
    write(tmp_path, "locked/a.py")
    write(tmp_path, "open/b.py", BAD)
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    result = check_paths([tmp_path])
    assert [(Path(f.file).name, f.code, f.line) for f in result.findings] == [
        ("locked", "AP002", 0),
        ("b.py", "AP110", 3),
    ]
