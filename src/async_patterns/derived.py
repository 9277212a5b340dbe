"""Files generated from skill.yaml, which ``sync`` writes and ``validate`` checks for drift.

Keeping the list in one place means a new derived file (for example a compiled trigger
table) is regenerated and drift-checked by adding one entry here, with no change to the
commands.
"""

from __future__ import annotations

from pathlib import Path

from async_patterns.layout import SKILL_FILE, TABLE_NAME
from async_patterns.skill.manifest import Manifest
from async_patterns.skill.skillmd import sync_text
from async_patterns.triggers.vocabulary import table_text


def expected_files(manifest: Manifest) -> dict[Path, str]:
    """Each derived file's path and the exact text it should have."""
    skill_md = manifest.root / SKILL_FILE
    current = skill_md.read_text(encoding="utf-8") if skill_md.is_file() else ""
    return {skill_md: sync_text(current, manifest), manifest.root / TABLE_NAME: table_text(manifest)}


def outdated_files(manifest: Manifest) -> dict[Path, str]:
    """The derived files whose content differs from what ``sync`` would write."""
    outdated = {}
    for path, text in expected_files(manifest).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            outdated[path] = text
    return outdated
