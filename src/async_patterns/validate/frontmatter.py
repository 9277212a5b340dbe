"""SKILL.md: the frontmatter rules of the spec and its reference validators, and the body's size.

The body's 500 lines are the specification's recommendation: over them is a warning for any
skill, and an error for a skill with a ``skill.yaml`` (this project's own bar for the skills it
builds). ``allowed-tools`` as a YAML list, which Claude Code accepts, is a warning whose fix is
the spec's space-separated string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from async_patterns.errors import FrontmatterError, YamlLoadError
from async_patterns.findings import Problem, Severity
from async_patterns.layout import SKILL_FILE
from async_patterns.skill.schemaerrors import yaml_type
from async_patterns.skill.skillmd import DELIMITER, SPEC_KEYS, SkillDocument, split
from async_patterns.skill.yamlsafe import (
    decode_utf8,
    load_yaml,
    strictyaml_incompatibilities,
)
from async_patterns.validate.profiles import Profile, check_extra_key, extra_keys, unexpected_key_message

NAME_RULE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_NAME = 64
MAX_DESCRIPTION = 1024
MAX_COMPATIBILITY = 500
MAX_BODY_LINES = 500
MAX_BODY_TOKENS = 5000
RESERVED_WORDS = ("anthropic", "claude")

Report = Callable[..., None]


def estimate_tokens(text: str) -> int:
    """Token estimate for size budgets: the larger of chars/4 and words*4/3.

    Both are common rules of thumb for English prose and code with BPE tokenizers; taking
    the larger errs on the side of warning early. No tokenizer download is needed.
    """
    return max(len(text) // 4, len(text.split()) * 4 // 3)


def check_skill_md(
    skill_dir: Path, problems: list[Problem], *, profile: Profile = "spec", strict_body: bool = False
) -> SkillDocument | None:
    """SKILL.md's frontmatter under ``profile``, and its body (over 500 lines: an error if ``strict_body``)."""
    path = skill_dir / SKILL_FILE
    if not path.is_file():
        other = "; found skill.md, rename it to SKILL.md" if (skill_dir / "skill.md").is_file() else ""
        problems.append(Problem(SKILL_FILE, 0, "", "missing-skill-md", "error", f"no SKILL.md in the folder{other}"))
        return None
    try:
        document = split(decode_utf8(path.read_bytes()))
    except OSError as exc:
        problems.append(Problem(SKILL_FILE, 0, "", "unreadable", "error", f"cannot read: {exc.strerror or exc}"))
        return None
    except (YamlLoadError, FrontmatterError) as exc:
        problems.append(Problem(SKILL_FILE, exc.line, "", exc.code, "error", str(exc)))
        return None
    _check_frontmatter(skill_dir, document, problems, profile)
    _check_body(document, problems, strict=strict_body)
    return document


def _check_frontmatter(skill_dir: Path, document: SkillDocument, problems: list[Problem], profile: Profile) -> None:
    def report(line: int, where: str, code: str, message: str, severity: Severity = "error", fix: str = "") -> None:
        problems.append(Problem(SKILL_FILE, line, where, code, severity, message, fix=fix))

    for number, line in enumerate(document.frontmatter.splitlines(), start=2):
        if DELIMITER in line:
            report(
                number,
                "frontmatter",
                "frontmatter-dashes",
                "'---' inside the frontmatter: agentskills validate and other loaders split on it and cut the block here",
            )
    for number, what in strictyaml_incompatibilities(document.frontmatter):
        report(
            number + 1,
            "frontmatter",
            "frontmatter-strictyaml",
            f"{what} is refused by agentskills validate (strictyaml)",
            "warning" if profile == "claude-code" else "error",
        )
    try:
        loaded = load_yaml(document.frontmatter)
    except YamlLoadError as exc:
        report(exc.line + 1 if exc.line else 1, "frontmatter", exc.code, str(exc))
        return
    data = loaded.data
    if not isinstance(data, dict):
        kind = yaml_type(data) if data is not None else "empty"
        report(
            2, "frontmatter", "frontmatter-mapping", f"frontmatter must be a YAML mapping of the spec keys, not {kind}"
        )
        return

    def line_of(*path: Any) -> int:
        return loaded.line_of(path) + 1  # +1: the opening delimiter line

    extra = extra_keys(profile)
    allowed = (*SPEC_KEYS, *extra)
    for key in data:
        if key in extra:
            check_extra_key(key, data[key], line_of(key), report)
        elif key not in SPEC_KEYS:
            report(line_of(key), str(key), "frontmatter-key", unexpected_key_message(key, allowed, profile))
    for key in ("name", "description"):
        if key not in data:
            report(1, key, "frontmatter-required", f"missing required key {key!r}")
    if "name" in data:
        _check_name(skill_dir, data["name"], line_of("name"), report)
    if "description" in data:
        _check_description(data["description"], line_of("description"), report)
    for key in ("license", "compatibility"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            report(line_of(key), key, "frontmatter-type", f"must be a non-empty string, not {_kind(data[key])}")
    if "allowed-tools" in data:
        _check_allowed_tools(data["allowed-tools"], line_of("allowed-tools"), report)
    compatibility = data.get("compatibility")
    if isinstance(compatibility, str) and len(compatibility) > MAX_COMPATIBILITY:
        message = f"{len(compatibility)} characters; the limit is {MAX_COMPATIBILITY}"
        report(line_of("compatibility"), "compatibility", "compatibility-length", message)
    if "metadata" in data:
        _check_metadata(data["metadata"], line_of, report)


def _kind(value: object) -> str:
    return "an empty string" if value == "" else yaml_type(value)


def _check_name(skill_dir: Path, name: object, line: int, report: Report) -> None:
    if not isinstance(name, str) or not name:
        report(line, "name", "name-format", f"must be a non-empty string, not {_kind(name)}")
        return
    if len(name) > MAX_NAME:
        report(line, "name", "name-format", f"{len(name)} characters; the limit is {MAX_NAME}")
    if not NAME_RULE.match(name):
        report(
            line,
            "name",
            "name-format",
            f"{name!r}: use lowercase ASCII letters, digits and single hyphens, not at either end",
        )
    for word in RESERVED_WORDS:
        if word in name:
            message = f"contains the reserved word {word!r}; uploads to claude.ai and the Skills API refuse it"
            report(line, "name", "name-reserved", message, "warning")
    folder = skill_dir.resolve().name
    if folder != name:
        checkout = (skill_dir / "pyproject.toml").is_file()
        severity = "warning" if checkout else "error"
        note = " (a source checkout may use any folder name; installed copies must match)" if checkout else ""
        report(line, "name", "name-folder", f"folder {folder!r} does not match the skill name {name!r}{note}", severity)


def _check_description(description: object, line: int, report: Report) -> None:
    if not isinstance(description, str) or not description.strip():
        report(line, "description", "description-empty", f"must be a non-empty string, not {_kind(description)}")
        return
    if len(description) > MAX_DESCRIPTION:
        message = f"{len(description)} characters; the limit is {MAX_DESCRIPTION}"
        report(line, "description", "description-length", message)
    if "<" in description or ">" in description:
        message = "must not contain '<' or '>' (refused by skill-creator and uploads)"
        report(line, "description", "description-angle", message)


def _check_allowed_tools(tools: object, line: int, report: Report) -> None:
    if isinstance(tools, str) and tools.strip():
        return
    if isinstance(tools, list) and tools and all(isinstance(tool, str) and tool.strip() for tool in tools):
        fix = f"allowed-tools: {' '.join(tools)}"
        message = f"a YAML list; the spec defines one space-separated string (Claude Code reads both): {fix}"
        report(line, "allowed-tools", "allowed-tools-list", message, "warning", fix=fix)
        return
    report(line, "allowed-tools", "frontmatter-type", f"must be a non-empty string, not {_kind(tools)}")


def _check_metadata(metadata: object, line_of: Callable[..., int], report: Report) -> None:
    if not isinstance(metadata, dict):
        message = f"must be a mapping of string keys to string values, not {_kind(metadata)}"
        report(line_of("metadata"), "metadata", "metadata-type", message)
        return
    for key, value in metadata.items():
        where = f"metadata.{key}"
        if not isinstance(key, str):
            report(
                line_of("metadata", key),
                where,
                "metadata-type",
                f"keys must be strings; quote it (got {yaml_type(key)})",
            )
        if not isinstance(value, str):
            message = f"values must be strings; quote it (got {yaml_type(value)})"
            report(line_of("metadata", key), where, "metadata-type", message)


def _check_body(document: SkillDocument, problems: list[Problem], *, strict: bool) -> None:
    lines = len(document.body.splitlines())
    if lines > MAX_BODY_LINES:
        message = f"body is {lines} lines; keep it to {MAX_BODY_LINES} and move depth to references/"
        severity: Severity = "error" if strict else "warning"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-lines", severity, message))
    tokens = estimate_tokens(document.body)
    if tokens > MAX_BODY_TOKENS:
        message = f"body is about {tokens:,} tokens (estimate); keep it under {MAX_BODY_TOKENS:,}"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-tokens", "warning", message))
