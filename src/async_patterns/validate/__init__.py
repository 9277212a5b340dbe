"""Validate a skill folder: every problem at once, each located as ``file:line: where``.

The SKILL.md rules are the union of the Agent Skills spec, ``agentskills validate``
(skills-ref, strictyaml) and skill-creator's ``quick_validate.py``, plus what neither checks
(value types, body size, links). A folder with a ``skill.yaml`` also gets the manifest checks:
schema, frontmatter drift, declared files, template variables. A folder with only SKILL.md
(any third-party skill) gets the SKILL.md and link checks and nothing that needs a manifest.

Folder name: the spec requires it to equal the skill's name. A *source checkout* (a folder
that also holds ``pyproject.toml``) may be cloned under any name, so there the mismatch is a
warning; an installed or packaged copy has no ``pyproject.toml`` and must match exactly.

Third-party skills are judged by the spec, not by this project's own bar: a body over 500
lines is a warning for them and an error only with a ``skill.yaml``; a link to a sibling skill
that exists is a warning. ``profile="claude-code"`` also accepts the frontmatter keys Claude Code
documents (see :mod:`async_patterns.validate.profiles`).

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
from async_patterns.validate.profiles import PROFILES, Profile
from async_patterns.validate.templates import check_templates

__all__ = ["PROFILES", "Profile", "estimate_tokens", "validate_manifest", "validate_skill"]


def validate_skill(skill_dir: Path, *, profile: Profile = "spec") -> list[Problem]:
    """Every problem of the skill folder ``skill_dir``; an empty list means valid.

    ``profile`` is ``"spec"`` (the six keys of the Agent Skills spec) or ``"claude-code"``
    (those and the keys Claude Code documents). File names in the problems are relative to
    ``skill_dir``.

    Raises:
        UsageError: ``profile`` is not one of :data:`PROFILES`.
    """
    if profile not in PROFILES:
        from async_patterns.errors import UsageError

        raise UsageError(f"--profile must be one of {', '.join(PROFILES)}, got {profile!r}")
    problems: list[Problem] = []
    has_manifest = (skill_dir / MANIFEST_NAME).is_file()
    document = check_skill_md(skill_dir, problems, profile=profile, strict_body=has_manifest)
    if has_manifest:
        checked = check_manifest_file(skill_dir / MANIFEST_NAME, problems)
        if checked is not None:
            manifest, loaded = checked
            check_drift(manifest, loaded, document, problems)
            check_declared_files(manifest, loaded, problems)
            check_templates(manifest, loaded, problems)
    check_links(skill_dir, problems)
    return problems
