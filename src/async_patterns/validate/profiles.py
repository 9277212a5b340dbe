"""Which frontmatter keys a skill may carry: the spec's six (``spec``), or those and Claude Code's (``claude-code``).

The ``spec`` profile is the Agent Skills specification as ``agentskills validate`` and uploads to
claude.ai enforce it: any other top-level key is an error. The ``claude-code`` profile is for
skills written for Claude Code alone. It also accepts the keys Claude Code documents for SKILL.md
(its skills documentation, "Frontmatter reference"), each with its type, and reads the
frontmatter as Claude Code does, with a full YAML parser: what only strictyaml refuses (flow
style, anchors) is then a warning that ``agentskills validate`` would reject the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from async_patterns.skill.schemaerrors import yaml_type

Profile = Literal["spec", "claude-code"]
PROFILES: tuple[Profile, ...] = ("spec", "claude-code")

# Claude Code's own keys and the YAML type each takes. A key not listed is an error in both profiles.
CLAUDE_CODE_KEYS: dict[str, str] = {
    "when_to_use": "string",
    "argument-hint": "string",
    "disable-model-invocation": "boolean",
    "user-invocable": "boolean",
    "model": "string",
    "effort": "string",
    "context": "string",
    "agent": "string",
    "hooks": "mapping",
    "paths": "string or list of strings",
    "shell": "string",
}

Report = Callable[..., None]


def extra_keys(profile: Profile) -> dict[str, str]:
    """The keys ``profile`` allows beyond the spec's six, with their types."""
    return CLAUDE_CODE_KEYS if profile == "claude-code" else {}


def unexpected_key_message(key: object, allowed: tuple[str, ...], profile: Profile) -> str:
    message = f"unexpected key; only {', '.join(allowed)} are allowed (put custom data under metadata)"
    if profile == "spec" and key in CLAUDE_CODE_KEYS:
        message += "; it is a Claude Code key: validate with --profile claude-code for skills meant only for it"
    return message


def check_extra_key(key: str, value: Any, line: int, report: Report) -> None:
    """One Claude Code key against its documented type."""
    kind = CLAUDE_CODE_KEYS[key]
    if kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "mapping":
        ok = isinstance(value, dict)
    elif kind == "string":
        ok = isinstance(value, str) and bool(value.strip())
    else:
        ok = (isinstance(value, str) and bool(value.strip())) or _strings(value)
    if ok:
        return
    if key == "argument-hint" and _strings(value):
        hint = "[" + ", ".join(value) + "]"
        report(
            line,
            key,
            "frontmatter-type",
            f"reads as a YAML list (the brackets start a flow sequence); quote it: {key}: {hint!r}",
            "warning",
            fix=f'{key}: "{hint}"',
        )
        return
    shown = "an empty string" if value == "" else yaml_type(value)
    article = "an" if kind[0] in "aeiou" else "a"
    report(line, key, "frontmatter-type", f"must be {article} {kind} (Claude Code), not {shown}")


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item.strip() for item in value)
