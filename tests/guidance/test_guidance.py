"""The guidance's shape: size budgets, tables of contents, links, declared references, seed defects.

The examples inside the guidance are checked by ``test_examples.py``; this module checks the
text around them and is fast (no external tools).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from async_patterns.skill.skillmd import split
from async_patterns.validate import estimate_tokens
from tests.guidance.blocks import GATE_SELECT, GUIDANCE_FILES, PYTHON_LANGUAGES, all_blocks, fences
from tests.paths import REPO

SKILL_MD = REPO / "SKILL.md"
REFERENCES = sorted((REPO / "references").glob("*.md"))
MAX_BODY_LINES = 250
MAX_BODY_TOKENS = 3000
MAX_DESCRIPTION = 600
TOC_THRESHOLD = 100  # lines; longer references open with a table of contents
_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{2,3}) (.+)$")

# Seed defects (async-correctness.md §6) that are text, not code a linter sees: (id, pattern).
# Each pattern is a claim or idiom of the seed that must not reappear in prose or good blocks.
SEED_TEXT_DEFECTS = (
    ("D7", r"prevents one failure from cancelling"),
    ("D7", r"any error cancels all"),
    ("D18", r"raises the first exception"),
    ("D22", r"every async function must handle errors"),
    ("D24", r"async programming in python 3\.13"),
    ("D1", r"vibekit"),
)
# Idioms of the seed that must not appear in any good block.
SEED_CODE_DEFECTS = (
    ("D6/D16/D22", r"asyncio\.wait_for\("),
    ("D6", r"asyncio\.TimeoutError"),
    ("D20", r"AsyncIterator\["),
    ("D2", r"async with aiohttp\.ClientSession\(\) as"),  # a session with no timeout, per call
    ("D10", r"(?m)^\s*print\("),
    ("D12", r"typing import .*\bSet\b"),
)


def _body() -> str:
    return split(SKILL_MD.read_text(encoding="utf-8")).body


def _prose(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^(```+|~~~+).*?^\1[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(match.group(2)) for line in _prose(path).splitlines() if (match := _HEADING.match(line))}


def test_skill_body_fits_line_budget() -> None:
    """SKILL.md's body, loaded on every activation, stays within 250 lines."""
    lines = _body().splitlines()
    assert len(lines) <= MAX_BODY_LINES, f"{len(lines)} lines"


def test_skill_body_fits_token_budget() -> None:
    """SKILL.md's body stays within 3,000 tokens by the package's documented estimate."""
    tokens = estimate_tokens(_body())
    assert tokens <= MAX_BODY_TOKENS, f"about {tokens} tokens"


def test_description_is_short_third_person_and_plain() -> None:
    """The description is at most 600 characters, has no angle brackets and no first or second person."""
    description = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))["description"]
    assert len(description) <= MAX_DESCRIPTION
    assert "<" not in description
    assert ">" not in description
    assert not re.search(r"\b(I|me|my|we|our|you|your)\b", description)
    for term in ("asyncio", "aiohttp", "httpx", "TaskGroup", "timeout", "retry", "never awaited"):
        assert term in description, term


@pytest.mark.parametrize("path", REFERENCES, ids=[p.name for p in REFERENCES])
def test_long_reference_opens_with_a_complete_table_of_contents(path: Path) -> None:
    """A reference of 100+ lines opens with a Contents list linking every section heading."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) < TOC_THRESHOLD:
        return
    assert lines[0].startswith("# ")
    assert "## Contents" in lines[:5], "the table of contents must come right after the title"
    start = lines.index("## Contents") + 1
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    entries = [line for line in lines[start:end] if line.startswith("- ")]
    listed = {target.lstrip("#") for target in _LINK.findall("\n".join(entries))}
    sections = {_slug(line[3:]) for line in lines[end:] if line.startswith("## ")}
    assert listed == sections


def test_every_reference_is_declared_and_linked_from_skill_md() -> None:
    """Each file in references/ is declared in skill.yaml and linked from SKILL.md, and vice versa."""
    manifest = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))
    declared = {entry["path"] for entry in manifest["references"]}
    on_disk = {f"references/{path.name}" for path in REFERENCES}
    linked = {target.split("#")[0] for target in _LINK.findall(_prose(SKILL_MD)) if target.startswith("references/")}
    assert declared == on_disk == linked
    assert all(entry["when"].strip() for entry in manifest["references"])


@pytest.mark.parametrize("path", GUIDANCE_FILES, ids=[p.name for p in GUIDANCE_FILES])
def test_relative_links_and_anchors_resolve(path: Path) -> None:
    """Every relative link in the guidance points to an existing file and, if given, heading."""
    for target in _LINK.findall(_prose(path)):
        if re.match(r"^[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        assert linked.is_file(), f"{path.name}: {target}"
        if anchor:
            assert anchor in _anchors(linked), f"{path.name}: no heading for #{anchor} in {linked.name}"


def test_skill_md_sends_agents_to_check() -> None:
    """SKILL.md tells agents to run ``check``, whose gate set is part of the one the examples pass."""
    from async_patterns.verify.gates import ASYNC_RUFF_SELECT

    assert "async-patterns check " in _body()
    assert set(ASYNC_RUFF_SELECT) <= {*GATE_SELECT.split(","), "ASYNC119"}


def test_every_python_fence_is_a_checked_block() -> None:
    """No Python code hides in an unlabelled or differently labelled fence the example test skips."""
    for path in GUIDANCE_FILES:
        for fence in fences(path):
            if fence.language in PYTHON_LANGUAGES:
                continue
            looks_like_python = re.search(r"^(import |from \w+ import |async def |def )", fence.text, re.MULTILINE)
            assert not looks_like_python, f"{path.name}:{fence.line}: label Python code as python"


@pytest.mark.parametrize(("defect", "pattern"), SEED_TEXT_DEFECTS)
def test_seed_text_defect_is_gone(defect: str, pattern: str) -> None:
    """A wrong claim of the seed appears nowhere in the guidance."""
    for path in GUIDANCE_FILES:
        assert not re.search(pattern, path.read_text(encoding="utf-8"), re.IGNORECASE), f"{defect} in {path.name}"


@pytest.mark.parametrize(("defect", "pattern"), SEED_CODE_DEFECTS)
def test_seed_code_defect_is_absent_from_good_blocks(defect: str, pattern: str) -> None:
    """An idiom of the seed's defects appears in no good example."""
    for block in all_blocks():
        if not block.bad:
            assert not re.search(pattern, block.code), f"{defect} in {block.id}"


def test_version_sensitive_apis_name_their_version() -> None:
    """Wherever the guidance mentions an API whose behaviour differs by version, the version is stated."""
    text = "\n".join(_prose(path) for path in GUIDANCE_FILES)
    for api, version in (("wait_for", "3.12"), ("as_completed", "3.13"), ("shutdown()", "3.13"), ("eager", "3.12")):
        for paragraph in text.split("\n\n"):
            if f"`{api}" in paragraph or f"`asyncio.{api}" in paragraph or f"`Queue.{api}" in paragraph:
                assert version in paragraph or "3.1" in paragraph, f"{api}: {paragraph[:80]!r}"
