"""The edit hook: after the agent edits a Python file that uses async, tell it what ``check`` finds there.

Claude Code runs it after an Edit, Write or MultiEdit (``PostToolUse``: the edit has already
happened, so nothing is held up). It runs ``check``'s own rules, in-process, on that one file,
and when they find something it answers with ``additionalContext`` listing each finding with
its fix, so the agent can correct the code in its next step. It answers nothing for a clean
file, a file that is not Python or does not use async, and it never blocks: malformed stdin,
a missing or oversized file and a syntax error are one line on stderr and exit 0.

Standard library only, like the other hooks, plus ``check``'s engine (itself stdlib only).
"""

# os.path on purpose: importing pathlib would slow the hook on every edit.
# ruff: noqa: PTH113, PTH120, PTH123, PTH202
from __future__ import annotations

import json
import os

from async_patterns.context_hook import asyncio_evidence
from async_patterns.errors import AsyncPatternsError, HookInputError
from async_patterns.hookio import json_object, read_stdin, tool_file_path, write_answer

HOOK_EVENT = "PostToolUse"
TOOLS = frozenset({"Edit", "Write", "MultiEdit"})
PYTHON_SUFFIXES = (".py", ".pyi")
MAX_FILE_BYTES = 1024 * 1024  # the own rules check ~100,000 lines/s: a bound well inside a second
MAX_SHOWN = 10
MAX_OUTPUT = 10_000


def edited_file(payload: dict[str, object]) -> str | None:
    """The Python file the tool wrote, absolute; None when the tool or the file is not ours.

    Raises:
        HookInputError: the payload has no usable ``tool_input.file_path``.
    """
    if payload.get("tool_name") not in TOOLS:
        return None
    path = tool_file_path(payload)
    return path if path.endswith(PYTHON_SUFFIXES) else None


def read_python(path: str) -> bytes:
    """The file's bytes, at most MAX_FILE_BYTES.

    Raises:
        OSError: missing, unreadable, not a regular file, or too large for a hook.
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file")
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise OSError(f"{path}: {size} bytes, too large for the edit hook; run: async-patterns check {path}")
    with open(path, "rb") as handle:
        return handle.read(MAX_FILE_BYTES)


def feedback(path: str, source: bytes) -> tuple[str | None, str | None]:
    """(stdout, stderr) for a file just edited."""
    from async_patterns.check import check_source

    if asyncio_evidence(source) is None:
        return None, None
    findings = check_source(source, path, target_version=_target(path))
    problems = [f for f in findings if f.code.startswith("AP0")]
    if problems:  # a syntax error or an undecodable file: the agent sees it from its own tools
        first = problems[0]
        return None, f"async-patterns check hook: {first.file}:{first.line}: {first.message}"
    if not findings:
        return None, None
    lines = [f"async-patterns check found {len(findings)} asyncio problem(s) in {path} (fix them now):"]
    for finding in findings[:MAX_SHOWN]:
        lines.append(f"- line {finding.line}: {finding.code} {finding.message}. Fix: {finding.fix}")
    if len(findings) > MAX_SHOWN:
        lines.append(f"- … and {len(findings) - MAX_SHOWN} more: run async-patterns check {path}")
    lines.append("Each rule is explained in the async-patterns skill's references/check-rules.md.")
    answer = {"hookSpecificOutput": {"hookEventName": HOOK_EVENT, "additionalContext": "\n".join(lines)}}
    return json.dumps(answer)[:MAX_OUTPUT], None


def _target(path: str) -> str:
    """The project's configured target version, else 3.11 (a broken configuration is not the edit's fault)."""
    from async_patterns.check.config import load_config

    try:
        return load_config(os.path.dirname(path) or ".").target_version or "3.11"
    except AsyncPatternsError:
        return "3.11"


def run(raw: bytes) -> tuple[str | None, str | None]:
    """(stdout, stderr line) for the stdin bytes ``raw``; never raises for any input."""
    try:
        path = edited_file(json_object(raw))
        if path is None:
            return None, None
        return feedback(path, read_python(path))
    except HookInputError as exc:
        return None, f"async-patterns check hook: {exc}"
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        return None, f"async-patterns check hook: {exc}"


def main() -> int:
    """Read the PostToolUse payload on stdin and answer; always exit 0."""
    try:
        raw = read_stdin()
    except (OSError, ValueError) as exc:
        return write_answer(None, f"async-patterns check hook: cannot read stdin ({exc})")
    return write_answer(*run(raw))
