"""The common subset of ``.gitignore`` matching, with ``fnmatch`` and the standard library only.

Supported: blank lines and ``#`` comments, ``\\#`` / ``\\!`` escapes, trailing-space
stripping, ``!`` negation, a trailing ``/`` (directories only), a leading or inner ``/``
(anchored to the ``.gitignore``'s folder, else the pattern matches a name at any depth),
``*``, ``?``, ``[...]`` classes and ``**`` as a whole path segment (``**/x``, ``x/**``,
``a/**/b``). The last matching pattern wins, deeper ``.gitignore`` files after shallower
ones. Not supported: git's global excludes and ``core.excludesFile``; ``a/**`` also matches
``a`` itself (which only matters for a negation inside an ignored folder).

Each path segment is matched with ``fnmatch.fnmatchcase`` (whose compiled patterns do not
backtrack catastrophically, so a hostile ``*a*a*a*…b`` cannot stall a walk) and ``**``
segments with a small dynamic programme over the segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

__all__ = ["IgnoreFile", "Pattern", "compile_pattern", "is_ignored", "parse"]

_SPECIAL = frozenset("*?[")


@dataclass(frozen=True)
class Pattern:
    """One line of a ``.gitignore``, split into ``fnmatch`` segments."""

    segments: tuple[str, ...]
    negated: bool
    directory_only: bool
    anchored: bool

    def matches(self, relative: str, name: str, is_dir: bool) -> bool:
        """Whether the pattern matches ``relative`` (posix, from the ignore file's folder) named ``name``."""
        if self.directory_only and not is_dir:
            return False
        if not self.anchored:
            return fnmatchcase(name, self.segments[0])
        return _match_segments(self.segments, relative.split("/"))


@dataclass(frozen=True)
class IgnoreFile:
    """The patterns of one ignore file and the folder (absolute, posix) they are relative to."""

    base: str
    patterns: tuple[Pattern, ...]


def parse(text: str, base: str) -> IgnoreFile:
    """Compile the lines of a ``.gitignore`` whose folder is ``base``."""
    patterns = []
    for line in text.splitlines():
        pattern = compile_pattern(line)
        if pattern is not None:
            patterns.append(pattern)
    return IgnoreFile(base.rstrip("/"), tuple(patterns))


def compile_pattern(line: str) -> Pattern | None:
    """One ``.gitignore`` line as a :class:`Pattern`, or None for blanks and comments."""
    line = line.rstrip("\n\r")
    if not line or line.startswith("#"):
        return None
    # Trailing spaces are ignored unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    negated = line.startswith("!")
    if negated or line.startswith(("\\!", "\\#")):
        line = line[1:]
    directory_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    segments = tuple(_fnmatch_segment(part) for part in line.removeprefix("/").split("/") if part)
    if not segments:
        return None
    return Pattern(segments, negated, directory_only, anchored)


def _fnmatch_segment(part: str) -> str:
    """A gitignore segment in fnmatch syntax: ``\\x`` escapes become ``[x]``; runs of ``*`` one ``*``."""
    if part == "**":
        return part
    out: list[str] = []
    index = 0
    while index < len(part):
        char = part[index]
        if char == "\\" and index + 1 < len(part):
            index += 1
            escaped = part[index]
            out.append(f"[{escaped}]" if escaped in _SPECIAL else escaped)
        elif char == "*" and out and out[-1] == "*":
            pass
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _match_segments(pattern: tuple[str, ...], path: list[str]) -> bool:
    """Whether path segments match pattern segments, ``**`` matching any number of segments."""
    reachable = [True] + [False] * len(path)  # reachable[j]: pattern so far matches path[:j]
    for segment in pattern:
        if segment == "**":
            for j in range(1, len(path) + 1):
                reachable[j] = reachable[j] or reachable[j - 1]
            continue
        following = [False] * (len(path) + 1)
        for j in range(1, len(path) + 1):
            following[j] = reachable[j - 1] and fnmatchcase(path[j - 1], segment)
        reachable = following
    return reachable[len(path)]


def is_ignored(files: tuple[IgnoreFile, ...], path: str, is_dir: bool) -> bool:
    """Whether ``path`` (absolute, posix) is ignored by ``files`` (outermost first)."""
    name = path.rpartition("/")[2]
    ignored = False
    for ignore in files:
        if not path.startswith(ignore.base + "/"):
            continue
        relative = path[len(ignore.base) + 1 :]
        for pattern in ignore.patterns:
            if pattern.negated == ignored and pattern.matches(relative, name, is_dir):
                ignored = not pattern.negated
    return ignored
