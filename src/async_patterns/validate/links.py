"""Links in SKILL.md and the references: every relative link resolves, and stays in the skill folder.

Markdown is parsed by markdown-it-py (CommonMark, plus tables and footnotes), and only the
link and image destinations it finds are checked: nothing inside code blocks or code spans,
no footnote definitions (``[^1]: Author. (2022). "Title" https://…`` is a citation, not a
link), no raw HTML. Reference-style links are checked where they are used; a reference
definition nobody uses is checked at its own line.

A relative target inside the folder must exist (``broken-link``). One outside the folder,
such as ``../other-skill/guide.md`` in a collection of skills, is resolved too: a target that
exists is a warning, since it will be missing when the skill is installed alone; one that
does not exist is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from async_patterns.findings import Problem, Severity
from async_patterns.layout import SKILL_FILE
from async_patterns.skill.files import skill_files

_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BREAKS = frozenset({"softbreak", "hardbreak"})
LEAVES_FOLDER = "leaves the skill folder; it will be missing when this skill is installed alone"


def check_links(skill_dir: Path, problems: list[Problem]) -> None:
    """Every relative link in SKILL.md and the Markdown files under references/ resolves."""
    files = [skill_dir / SKILL_FILE] if (skill_dir / SKILL_FILE).is_file() else []
    files += [path for path in skill_files(skill_dir / "references") if path.suffix == ".md"]
    root = skill_dir.resolve()
    for path in files:
        rel = path.relative_to(skill_dir).as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            problems.append(Problem(rel, 0, "", "unreadable", "error", f"cannot read: {exc.strerror or exc}"))
            continue
        except UnicodeDecodeError:
            if path.name != SKILL_FILE:  # SKILL.md's encoding is reported by its own check
                problems.append(Problem(rel, 0, "", "encoding", "error", "not valid UTF-8"))
            continue
        for line, target in links(text):
            problem = _check_target(path.parent, root, target)
            if problem is not None:
                code, severity, message = problem
                problems.append(Problem(rel, line, "link", code, severity, message))


def _check_target(folder: Path, root: Path, target: str) -> tuple[str, Severity, str] | None:
    resolved = (folder / target).resolve()
    inside = resolved.is_relative_to(root)
    if not resolved.exists():
        where = "" if inside else " (outside the skill folder)"
        return "broken-link", "error", f"link {target!r} does not resolve{where}"
    if not inside:
        return "link-outside", "warning", f"link {target!r} {LEAVES_FOLDER}"
    return None


def links(text: str) -> list[tuple[int, str]]:
    """Relative link and image targets as CommonMark reads them, with their 1-based lines."""
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    found: list[tuple[int, str]] = []
    for line, raw in _destinations(tokens):
        target = _relative(raw)
        if target is not None:
            found.append((line, target))
    used = {target for _, target in found}
    for definition in env.get("references", {}).values():
        target = _relative(definition.get("href", ""))
        if target is not None and target not in used:
            found.append((definition["map"][0] + 1 if definition.get("map") else 0, target))
    return sorted(found)


def _destinations(tokens: Sequence[Token]) -> Iterator[tuple[int, str]]:
    """``(line, href)`` of every link and image in the inline content of ``tokens``."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 0
        for child in _flatten(token.children):
            if child.type in _BREAKS:
                line += 1
            elif child.type == "link_open":
                yield line, str(child.attrs.get("href", ""))
            elif child.type == "image":
                yield line, str(child.attrs.get("src", ""))


def _flatten(children: Sequence[Token]) -> Iterator[Token]:
    for child in children:
        yield child
        if child.children:  # an image's alt text is inline content of its own
            yield from _flatten(child.children)


def _relative(href: str) -> str | None:
    """The file part of a relative destination; None for URLs, anchors and empty links."""
    if not href or href.startswith(("#", "//")) or _URL_SCHEME.match(href):
        return None
    path = unquote(re.split(r"[?#]", href, maxsplit=1)[0])
    return path or None


@cache
def _parser() -> MarkdownIt:
    """One CommonMark parser per process, with GitHub's tables and footnotes."""
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)
