"""Render findings as text, JSON or SARIF 2.1.0 (for code scanning uploads).

Findings of other tools (``tool`` is ``ruff``, ``mypy``…) render the same way; in SARIF
their rule entries are built from the code and the first message seen for it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .context import TOOL
from .registry import RULES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from async_patterns.findings import Finding

__all__ = ["INFORMATION_URI", "SARIF_SCHEMA", "format_json", "format_sarif", "format_text", "sarif_log", "summary"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/OWNER/async-patterns"
RULES_DOC = "references/check-rules.md"


def format_text(findings: Sequence[Finding], *, files_checked: int | None = None) -> str:
    """``path:line:col: CODE message`` per finding, its ``why:``/``fix:`` lines, then a summary line."""
    lines: list[str] = []
    for finding in findings:
        location = f"{finding.file}:{finding.line}:{finding.column}" if finding.line else finding.file
        prefix = "" if finding.severity == "error" else "warning: "
        suffix = f" [{finding.tool}]" if finding.tool and finding.tool != TOOL else ""
        lines.append(f"{location}: {finding.code} {prefix}{' '.join(finding.message.split())}{suffix}")
        if finding.why:
            lines.append(f"    why: {finding.why}")
        if finding.fix:
            lines.append(f"    fix: {finding.fix}")
    lines.append(summary(findings, files_checked=files_checked))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], *, files_checked: int | None = None) -> str:
    """One line: how many errors and warnings (and files checked, when known)."""
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = len(findings) - errors
    checked = f" in {files_checked} file{'s' if files_checked != 1 else ''}" if files_checked is not None else ""
    if not findings:
        return f"No problems found{checked}."
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    return f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({', '.join(parts)}){checked}."


def format_json(findings: Sequence[Finding]) -> str:
    """A JSON list of findings, each as ``Finding.as_dict()`` (the shape every ``--format json`` prints)."""
    return json.dumps([finding.as_dict() for finding in findings], indent=2, ensure_ascii=False) + "\n"


def format_sarif(findings: Sequence[Finding], *, base: str | os.PathLike[str] | None = None) -> str:
    """A SARIF 2.1.0 log (JSON text) of ``findings``; file URIs are relative to ``base`` (default: cwd)."""
    return json.dumps(sarif_log(findings, base=base), indent=2, ensure_ascii=False) + "\n"


def sarif_log(findings: Sequence[Finding], *, base: str | os.PathLike[str] | None = None) -> dict[str, object]:
    """The SARIF 2.1.0 log of ``findings`` as a dict: one run, one rule entry per code."""
    root = str(Path(base).absolute() if base is not None else Path.cwd())
    rules: list[dict[str, object]] = []
    index: dict[str, int] = {}
    results: list[dict[str, object]] = []
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_rule_entry(finding))
        result: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": "error" if finding.severity == "error" else "warning",
            "message": {"text": " ".join(finding.message.split())},
            "locations": [{"physicalLocation": _physical_location(finding, root)}],
        }
        if finding.tool and finding.tool != TOOL:
            result["properties"] = {"tool": finding.tool}
        results.append(result)
    driver = {"name": TOOL, "informationUri": INFORMATION_URI, "rules": rules}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}


def _rule_entry(finding: Finding) -> dict[str, object]:
    rule = RULES.get(finding.code) if finding.tool in (TOOL, "") else None
    if rule is not None:
        return {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.summary} {rule.why}"},
            "help": {"text": f"{rule.fix} (see {RULES_DOC}#{rule.code.lower()}-{rule.name})"},
            "helpUri": f"{INFORMATION_URI}/blob/main/{RULES_DOC}#{rule.code.lower()}-{rule.name}",
            "defaultConfiguration": {"level": "error" if rule.severity == "error" else "warning"},
            "properties": {"versions": rule.versions},
        }
    text = " ".join(finding.message.split()) or finding.code
    return {
        "id": finding.code,
        "name": finding.code,
        "shortDescription": {"text": f"{finding.tool or 'external'} {finding.code}"},
        "fullDescription": {"text": finding.why or text},
        "help": {"text": finding.fix or text},
        "defaultConfiguration": {"level": "error" if finding.severity == "error" else "warning"},
        "properties": {"tool": finding.tool},
    }


def _physical_location(finding: Finding, root: str) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": _uri(finding.file, root)}}
    if finding.line > 0:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column > 0:
            region["startColumn"] = finding.column
        location["region"] = region
    return location


def _uri(file: str, root: str) -> str:
    """A relative, forward-slash, percent-encoded URI when ``file`` is under ``root``; else a file: URI."""
    try:
        relative = os.path.relpath(file, root)
    except ValueError:  # another drive on Windows
        relative = ".."
    if relative == ".." or relative.startswith(".." + os.sep):
        return Path(file).absolute().as_uri()
    return quote(relative.replace(os.sep, "/"))
