"""Text, JSON and SARIF 2.1.0 output, for this checker's findings and other tools'."""

from __future__ import annotations

import json
from pathlib import Path

from async_patterns.check import check_source
from async_patterns.check.report import format_json, format_sarif, format_text, sarif_log
from async_patterns.findings import Finding

SOURCE = """\
import asyncio

LOOP = asyncio.get_event_loop()


async def main() -> None:
    async with __import__("aiohttp").ClientSession():
        await asyncio.sleep(0)
"""
RUFF = Finding("src/app.py", 7, "", "ASYNC251", "error", "time.sleep in async function", 5, "ruff")
FOLDER = Finding("src/vendor", 0, "", "AP002", "error", "cannot list folder: Permission denied", 0, "async-patterns")


def ours(file: str = "src/app.py") -> list[Finding]:
    """This checker's findings for SOURCE: one error (AP110)."""
    return check_source(SOURCE, file)


def test_text_has_location_code_message_why_fix_and_summary() -> None:
    """Each finding is ``path:line:col: CODE message`` with indented why/fix lines; a summary ends it."""
    lines = format_text([*ours(), RUFF], files_checked=2).splitlines()
    assert lines[0] == f"src/app.py:3:8: AP110 {ours()[0].message}"
    assert lines[1].startswith("    why: ")
    assert lines[2].startswith("    fix: ")
    assert lines[3] == "src/app.py:7:5: ASYNC251 time.sleep in async function [ruff]"
    assert lines[-1] == "Found 2 problems (2 errors, 0 warnings) in 2 files."


def test_text_marks_warnings_and_says_when_nothing_was_found() -> None:
    """Warnings carry ``warning:``; an empty list prints a one-line all-clear."""
    warning = Finding("a.py", 1, "", "AP106", "warning", "no timeout", 1, "async-patterns")
    assert "a.py:1:1: AP106 warning: no timeout" in format_text([warning])
    assert format_text([], files_checked=1) == "No problems found in 1 file.\n"


def test_json_is_a_list_of_finding_dicts() -> None:
    """JSON output round-trips to the findings' ``as_dict()`` shape."""
    findings = [*ours(), RUFF]
    assert json.loads(format_json(findings)) == [f.as_dict() for f in findings]


def test_sarif_has_the_required_structure(tmp_path: Path) -> None:
    """The SARIF log has $schema, version 2.1.0, one run with a driver, rules and located results."""
    log = json.loads(format_sarif([*ours(str(tmp_path / "src" / "app.py")), RUFF], base=tmp_path))
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "async-patterns"
    assert driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["AP110", "ASYNC251"]
    for rule in driver["rules"]:
        assert set(rule) >= {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"}
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert driver["rules"][0]["name"] == "get-event-loop"
    first, second = run["results"]
    assert first["ruleId"] == "AP110"
    assert first["level"] == "error"
    assert first["message"]["text"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/app.py"
    assert location["region"] == {"startLine": 3, "startColumn": 8}
    assert second["ruleIndex"] == 1
    assert second["properties"] == {"tool": "ruff"}


def test_sarif_uris_are_relative_with_forward_slashes_and_escaped(tmp_path: Path) -> None:
    """A file under the base is a relative, percent-encoded URI; one outside it is a file: URI."""
    inside = Finding(str(tmp_path / "my dir" / "a.py"), 1, "", "AP110", "error", "m", 1, "async-patterns")
    outside = Finding("/elsewhere/b.py", 1, "", "AP110", "error", "m", 1, "async-patterns")
    results = sarif_log([inside, outside], base=tmp_path)["runs"][0]["results"]  # type: ignore[index]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["my%20dir/a.py", "file:///elsewhere/b.py"]


def test_sarif_omits_the_region_of_a_whole_folder_finding(tmp_path: Path) -> None:
    """A finding with line 0 (a folder) has no region, which SARIF requires to start at line 1."""
    [result] = sarif_log([FOLDER], base=tmp_path)["runs"][0]["results"]  # type: ignore[index]
    assert "region" not in result["locations"][0]["physicalLocation"]


def test_empty_sarif_is_still_a_valid_log() -> None:
    """No findings still give one run with a driver and an empty results list."""
    log = json.loads(format_sarif([]))
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
