"""Validate a skill folder: every problem at once, each located as ``file:line: where``.

The SKILL.md rules are the union of the Agent Skills spec, ``agentskills validate``
(skills-ref, strictyaml) and skill-creator's ``quick_validate.py``, plus what neither checks
(value types, body size, links). A folder with a ``skill.yaml`` also gets the manifest checks:
schema, frontmatter drift, declared files, template variables. A folder with only SKILL.md
(any third-party skill) gets the SKILL.md and link checks and nothing that needs a manifest.

Folder name: the spec requires it to equal the skill's name. A *source checkout* (a folder
that also holds ``pyproject.toml``) may be cloned under any name, so there the mismatch is a
warning; an installed or packaged copy has no ``pyproject.toml`` and must match exactly.

A ``---`` anywhere inside the frontmatter is read correctly here (the block ends only at a
line that is exactly ``---``) but is an error all the same: ``agentskills validate`` and other
loaders split the file on the first ``---`` and would silently cut the value there.
"""

from __future__ import annotations

from pathlib import Path

from async_patterns.findings import Problem
from async_patterns.layout import MANIFEST_NAME
from async_patterns.validate.frontmatter import check_skill_md, estimate_tokens
from async_patterns.validate.links import check_links
from async_patterns.validate.manifest import check_declared_files, check_drift, check_manifest_file, validate_manifest
from async_patterns.validate.templates import check_templates

__all__ = ["estimate_tokens", "validate_manifest", "validate_skill"]


def validate_skill(skill_dir: Path) -> list[Problem]:
    """Every problem of the skill folder ``skill_dir``; an empty list means valid.

    File names in the problems are relative to ``skill_dir``.
    """
    problems: list[Problem] = []
    document = check_skill_md(skill_dir, problems)
    if (skill_dir / MANIFEST_NAME).is_file():
        checked = check_manifest_file(skill_dir / MANIFEST_NAME, problems)
        if checked is not None:
            manifest, loaded = checked
            check_drift(manifest, loaded, document, problems)
            check_declared_files(manifest, loaded, problems)
            check_templates(manifest, loaded, problems)
    check_links(skill_dir, problems)
    return problems
