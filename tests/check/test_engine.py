"""``check_source``: decoding, parsing, select/ignore, target version, ``# noqa``, order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from async_patterns.check import check_source
from async_patterns.check import engine as engine_module
from async_patterns.check.registry import CHECKERS
from async_patterns.errors import UsageError

SWALLOW = """\
import asyncio
import contextlib


async def main() -> None:
    with contextlib.suppress(asyncio.CancelledError):{comment}
        await asyncio.sleep(1)
"""
TWO_RULES = """\
import asyncio


async def main() -> None:
    loop = asyncio.get_event_loop(){comment}
    await asyncio.sleep(0)
    try:
        await asyncio.sleep(1)
    finally:
        return{comment}
"""


def codes(source: str | bytes, **options: object) -> list[tuple[str, int]]:
    """(code, line) of every finding, in the order check_source returns them."""
    return [(f.code, f.line) for f in check_source(source, "m.py", **options)]  # type: ignore[arg-type]


def test_finding_carries_location_advice_and_tool() -> None:
    """A rule finding has a 1-based line and column, the rule's why and fix, and tool async-patterns."""
    [finding] = check_source(SWALLOW.format(comment=""), "pkg/m.py")
    assert (finding.file, finding.line, finding.column, finding.code) == ("pkg/m.py", 6, 10, "AP101")
    assert finding.path == ""
    assert finding.severity == "error"
    assert finding.tool == "async-patterns"
    assert finding.why
    assert finding.fix


def test_bytes_and_text_give_the_same_findings() -> None:
    """Source given as UTF-8 bytes is checked exactly like the same text."""
    text = SWALLOW.format(comment="")
    assert check_source(text.encode(), "m.py") == check_source(text, "m.py")


def test_column_counts_characters_not_bytes() -> None:
    """Non-ASCII text before the node moves the column by characters, as editors count."""
    source = 'import asyncio\n\n\nasync def main() -> None:\n    é = "é"; loop = asyncio.get_event_loop()\n'
    [finding] = check_source(source, "m.py")
    assert (finding.code, finding.line, finding.column) == ("AP110", 5, 21)


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("", [("AP101", 6)]),
        ("  # noqa", []),
        ("  # noqa: AP101", []),
        ("  # NOQA:AP101", []),
        ("  # noqa: E501, AP101", []),
        ("  # noqa: AP102", [("AP101", 6)]),
        ("  # noqa:", [("AP101", 6)]),
        ("  # noqa: AP101 because the test wants it", []),
    ],
)
def test_noqa_suppresses_per_line_like_ruff(comment: str, expected: list[tuple[str, int]]) -> None:
    """A bare ``# noqa`` suppresses every code on its line; ``# noqa: CODES`` only those codes."""
    assert codes(SWALLOW.format(comment=comment)) == expected


def test_noqa_applies_to_its_own_line_only() -> None:
    """A ``# noqa`` on one line leaves findings on other lines alone."""
    source = TWO_RULES.replace("loop = asyncio.get_event_loop()", "loop = asyncio.get_event_loop()  # noqa: AP110")
    assert codes(source.format(comment="")) == [("AP114", 10)]


def test_findings_are_sorted_by_line_column_code() -> None:
    """Findings come back ordered by (line, column, code)."""
    assert codes(TWO_RULES.format(comment="")) == [("AP110", 5), ("AP114", 10)]


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), [("AP110", 5), ("AP114", 10)]),
        (("AP114",), (), [("AP114", 10)]),
        (("AP11",), ("AP110",), [("AP114", 10)]),
        ((), ("AP1",), []),
        (("ap110",), (), [("AP110", 5)]),
    ],
)
def test_select_and_ignore_take_codes_and_prefixes(
    select: tuple[str, ...], ignore: tuple[str, ...], expected: list[tuple[str, int]]
) -> None:
    """``select`` keeps only the named codes or prefixes; ``ignore`` drops codes or prefixes."""
    assert codes(TWO_RULES.format(comment=""), select=select, ignore=ignore) == expected


@pytest.mark.parametrize(("argument", "value"), [("select", ["AP999"]), ("ignore", ["E501"]), ("select", [""])])
def test_unknown_code_is_a_usage_error_naming_the_argument(argument: str, value: list[str]) -> None:
    """An unknown code in select or ignore raises UsageError whose message starts with the argument."""
    with pytest.raises(UsageError, match=rf"^{argument}: unknown rule code"):
        check_source("x = 1\n", "m.py", **{argument: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13", "3.14", "py312", " 3.12 ", "3.12.4"])
def test_target_version_accepts_dotted_and_ruff_spellings(version: str) -> None:
    """Target versions are written ``3.12``, ``3.12.4`` or ``py312``."""
    assert check_source("x = 1\n", "m.py", target_version=version) == []


@pytest.mark.parametrize("version", ["3.10", "2.7", "latest", "", "py39", "4.0"])
def test_bad_target_version_is_a_usage_error(version: str) -> None:
    """A version that is not 3.11 or newer raises UsageError naming target_version."""
    with pytest.raises(UsageError, match=r"^target_version:"):
        check_source("x = 1\n", "m.py", target_version=version)


def test_target_version_changes_version_aware_findings() -> None:
    """AP119 reports a child watcher from target 3.12 (deprecated) and as removed from 3.14."""
    source = "import asyncio\n\nasyncio.get_child_watcher()\n"
    assert check_source(source, "m.py", target_version="3.11") == []
    [deprecated] = check_source(source, "m.py", target_version="3.12")
    [removed] = check_source(source, "m.py", target_version="3.14")
    assert (deprecated.severity, removed.severity) == ("warning", "error")
    assert "deprecated since 3.12" in deprecated.message
    assert "removed in 3.14" in removed.message


def test_get_event_loop_message_follows_the_target_version() -> None:
    """AP110's message names what the target version does with get_event_loop()."""
    source = "import asyncio\n\nLOOP = asyncio.get_event_loop()\n"
    [old] = check_source(source, "m.py", target_version="3.12")
    [new] = check_source(source, "m.py", target_version="3.14")
    assert "DeprecationWarning on 3.12" in old.message
    assert "RuntimeError on 3.14" in new.message


def test_syntax_error_is_one_located_finding() -> None:
    """A file that does not parse gives one AP000 finding at the parser's line and column."""
    [finding] = check_source("x = 1\ndef broken(:\n", "m.py")
    assert (finding.code, finding.line, finding.severity) == ("AP000", 2, "error")
    assert finding.column >= 1
    assert finding.message.startswith("cannot parse:")


def test_null_byte_is_a_parse_finding_not_an_exception() -> None:
    """A NUL byte (ValueError on 3.11, SyntaxError later) is reported as AP000 on its line."""
    [finding] = check_source("x = 1\ny = '\0'\n", "m.py")
    assert (finding.code, finding.line) == ("AP000", 2)


def test_invalid_utf8_is_one_located_finding() -> None:
    """Bytes that are not UTF-8 give one AP001 finding at the line and column of the first bad byte."""
    [finding] = check_source(b"x = 1\ny = '\xff'\n", "m.py")
    assert (finding.code, finding.line, finding.column) == ("AP001", 2, 6)
    assert "0xff" in finding.message


def test_coding_cookie_is_honoured() -> None:
    """A PEP 263 coding comment decodes the file as Python would."""
    source = "# -*- coding: latin-1 -*-\nimport asyncio\n\nLOOP = asyncio.get_event_loop()  # caf\xe9\n"
    assert codes(source.encode("latin-1")) == [("AP110", 4)]


def test_unknown_coding_cookie_is_reported() -> None:
    """A coding comment naming no known codec is an AP001 finding on that line."""
    assert codes(b"#!/usr/bin/env python\n# coding: klingon\nx = 1\n") == [("AP001", 2)]


def test_utf8_bom_is_accepted() -> None:
    """A UTF-8 byte-order mark is skipped, as Python does."""
    assert codes(b"\xef\xbb\xbfx = 1\n") == []


def test_ignore_drops_diagnostics_but_select_does_not() -> None:
    """Diagnostics are reported whatever ``select`` says, and dropped by ``ignore``."""
    assert codes("def broken(:\n", select=["AP101"]) == [("AP000", 1)]
    assert codes("def broken(:\n", ignore=["AP000"]) == []


def test_diagnostics_cannot_be_silenced_by_noqa() -> None:
    """A ``# noqa`` comment does not hide a syntax error."""
    assert codes("def broken(:  # noqa\n") == [("AP000", 1)]


def test_deeply_nested_code_does_not_crash() -> None:
    """Pathologically nested expressions give findings or AP000, never an exception."""
    source = "x = " + "(" * 150 + "1" + ")" * 150 + "\n" + "y = " + "-" * 5000 + "1\n"
    assert {code for code, _ in codes(source)} <= {"AP000"}


def test_a_crashing_rule_is_reported_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that raises becomes one AP009 finding; the other rules' findings are kept."""

    def explode(_: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setitem(CHECKERS, "AP110", explode)
    engine_module.enabled_codes.cache_clear()
    found = codes(TWO_RULES.format(comment=""))
    assert ("AP114", 10) in found
    assert ("AP009", 1) in found
    [crash] = [f for f in check_source(TWO_RULES.format(comment=""), "m.py") if f.code == "AP009"]
    assert "AP110" in crash.message
    assert "boom" in crash.message


def test_empty_and_comment_only_sources_are_clean() -> None:
    """An empty module or one with only comments has no findings."""
    assert codes("") == []
    assert codes(b"") == []
    assert codes("# just a comment\n") == []


def test_the_standard_librarys_asyncio_package_is_clean() -> None:
    """asyncio's own source (about 14,000 lines) gives no finding and no crash: a precision floor."""
    root = Path(asyncio.__file__).parent
    found = [f for path in sorted(root.glob("*.py")) for f in check_source(path.read_bytes(), path.name)]
    assert [f.format() for f in found] == []
