"""Links in SKILL.md and the references: every relative link resolves inside the skill folder."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from async_patterns.findings import Problem
from async_patterns.layout import SKILL_FILE
from async_patterns.skill.files import skill_files

_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FENCE = re.compile(r"^\s*(```|~~~)")


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
        for line_number, target in _links(text):
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(root):
                message = f"link {target!r} leaves the skill folder"
                problems.append(Problem(rel, line_number, "link", "link-outside", "error", message))
            elif not resolved.exists():
                problems.append(
                    Problem(rel, line_number, "link", "broken-link", "error", f"link {target!r} does not resolve")
                )


def _links(text: str) -> list[tuple[int, str]]:
    """Relative link targets (inline and reference definitions) outside code, with their lines."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening is not None and (fence is None or opening.group(1) == fence):
            fence = None if fence else opening.group(1)
            continue
        if fence is not None:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        targets = [match.group(1) for match in _INLINE_LINK.finditer(prose)]
        targets += [match.group(1) for match in _REFERENCE_DEFINITION.finditer(prose)]
        found.extend((number, target) for target in _relative_targets(targets))
    return found


def _relative_targets(targets: Iterable[str]) -> Iterable[str]:
    for raw in targets:
        target = unquote(raw.removeprefix("<").removesuffix(">").split("#", 1)[0])
        if target and not _URL_SCHEME.match(target):
            yield target
