"""references/check-rules.md: one section per rule, whose bad block the rule reports and good block it accepts.

A block right after an ``<!-- example: bad … -->`` marker is *bad*; a block without marker is
*good*. The gates of the rest of the guidance (ruff, flake8-async, mypy) are checked by the
guidance tests; this module checks what ``check`` itself says about each block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from async_patterns.check import RULES, check_source
from async_patterns.check.registry import CHECKERS
from tests.paths import REPO

DOC = REPO / "references" / "check-rules.md"
_SECTION = re.compile(r"^## (AP\d{3}) ([a-z0-9-]+)$")
_MARKER = re.compile(r"^<!--\s*example:\s*(?P<body>[^>]*?)\s*-->$")


@dataclass(frozen=True)
class DocBlock:
    """One python block of the page, with the rule section it belongs to."""

    code: str
    line: int
    bad: bool
    source: str
    marker: str


def doc_blocks(path: Path = DOC) -> list[DocBlock]:
    """Every python block under an ``## APxxx name`` heading."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[DocBlock] = []
    code = ""
    index = 0
    while index < len(lines):
        heading = _SECTION.match(lines[index])
        if heading:
            code = heading.group(1)
        elif lines[index].startswith("## "):
            code = ""
        if lines[index] == "```python" and code:
            end = lines.index("```", index + 1)
            marker = _MARKER.match(lines[index - 1])
            body = marker.group("body") if marker else ""
            source = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(DocBlock(code, index + 1, body.startswith("bad"), source, body))
            index = end
        index += 1
    return found


BLOCKS = doc_blocks()
BAD = [block for block in BLOCKS if block.bad]
GOOD = [block for block in BLOCKS if not block.bad]


def _id(block: DocBlock) -> str:
    return f"{block.code}:{block.line}"


def test_every_rule_has_a_section_with_its_name_versions_and_both_blocks() -> None:
    """Each rule has ``## APxxx name``, an ``Applies to:`` line, a bad block and a good block."""
    text = DOC.read_text(encoding="utf-8")
    for code in CHECKERS:
        assert f"\n## {code} {RULES[code].name}\n" in text, code
        section = text.split(f"\n## {code} ", 1)[1].split("\n## ", 1)[0]
        assert "\nApplies to: " in section, code
        assert "\nAlready covered: " in section, code
        assert any(b.code == code for b in BAD), code
        assert any(b.code == code for b in GOOD), code


def test_contents_lists_every_section() -> None:
    """The table of contents links every ``##`` heading."""
    text = DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    for heading in headings:
        if heading != "Contents":
            slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
            assert f"](#{slug})" in text, heading


@pytest.mark.parametrize("block", BAD, ids=[_id(b) for b in BAD])
def test_bad_block_is_reported_by_its_rule(block: DocBlock) -> None:
    """A bad block is reported by the rule of its section, and its marker names that code."""
    codes = {f.code for f in check_source(block.source, f"{block.code}.py")}
    assert block.code in codes
    assert codes <= set(block.marker.split()[1:])


@pytest.mark.parametrize("block", GOOD, ids=[_id(b) for b in GOOD])
def test_good_block_is_clean(block: DocBlock) -> None:
    """A good block gives no finding at all."""
    assert check_source(block.source, f"{block.code}.py") == []
