"""Check one source text: decode, parse once, run the selected rules, apply ``# noqa``.

``check_source`` never raises for a bad file: bytes that do not decode, a syntax error or a
crashing rule each become one located diagnostic finding (``AP0xx``). It raises
``UsageError`` only for bad arguments (an unknown code in select/ignore, a bad target version).
"""

from __future__ import annotations

import ast
import codecs
import gc
import re
import warnings
from functools import lru_cache

from async_patterns.errors import UsageError
from async_patterns.findings import Finding

from . import rules  # noqa: F401  (importing it registers every rule)
from .context import TOOL, Context
from .registry import CHECKERS, RULES
from .rules.diagnostics import CANNOT_DECODE, CANNOT_PARSE, INTERNAL_ERROR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from async_patterns.findings import Severity

__all__ = ["DEFAULT_TARGET", "check_source", "enabled_codes", "parse_target", "suppressed"]

DEFAULT_TARGET = "3.11"
_VERSION = re.compile(r"^(?:3\.(?P<minor>\d{1,2})(?:\.\d+)?|py3(?P<short>\d{1,2}))$")
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
_NOQA = re.compile(
    r"#\s*noqa(?P<colon>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Z]+[0-9]+)*)?)?", re.IGNORECASE
)
_BOM = b"\xef\xbb\xbf"


def check_source(
    source: str | bytes,
    filename: str,
    *,
    target_version: str = DEFAULT_TARGET,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
) -> list[Finding]:
    """Every finding of the selected rules in one module, sorted by (line, column, code).

    Args:
        source: the module's text, or its bytes (decoded as Python does: UTF-8 unless a
            BOM or PEP 263 coding cookie says otherwise).
        filename: the name findings carry.
        target_version: the Python version the code targets (``3.12`` or ``py312``);
            version-dependent rules (AP110, AP119) word or gate their findings by it.
        select: codes or code prefixes to run (empty: every rule).
        ignore: codes or code prefixes not to report; this also drops diagnostics.

    Raises:
        UsageError: an unknown code in ``select`` or ``ignore``, or a bad ``target_version``.
    """
    target = parse_target(target_version)
    codes, ignored = enabled_codes(tuple(select), tuple(ignore))
    text = _decode(source, filename)
    if isinstance(text, Finding):
        return [] if text.code in ignored else [text]
    # The tree holds no reference cycles; pausing the cyclic collector while it is built and
    # walked saves it from rescanning every node many times (3x faster on large files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_text(text, filename, target, codes, ignored)
    finally:
        if collecting:
            gc.enable()


def _check_text(
    text: str, filename: str, target: tuple[int, int], codes: tuple[str, ...], ignored: frozenset[str]
) -> list[Finding]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes etc. are not this checker's business
            tree = ast.parse(text, filename=filename)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes, on some versions
        message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        line = exc.lineno if isinstance(exc, SyntaxError) else None
        column = exc.offset if isinstance(exc, SyntaxError) else None
        if line is None:  # "source code string cannot contain null bytes" carries no location
            line, column = _position(text, text.find("\0"))
        problem = _diagnostic(filename, CANNOT_PARSE, f"cannot parse: {message}", line, column or 1)
        return [] if CANNOT_PARSE in ignored else [problem]
    except (RecursionError, MemoryError):
        problem = _diagnostic(filename, CANNOT_PARSE, "cannot parse: too deeply nested for the parser", 1, 1)
        return [] if CANNOT_PARSE in ignored else [problem]
    context = Context(tree, text, filename, target)
    found: list[Finding] = []
    for code in codes:
        try:
            found.extend(CHECKERS[code](context))
        except Exception as exc:  # a crashing rule must not hide the others' findings  # noqa: BLE001
            message = f"rule {code} crashed: {type(exc).__name__}: {exc}"
            if INTERNAL_ERROR not in ignored:
                found.append(_diagnostic(filename, INTERNAL_ERROR, " ".join(message.split()), 1, 1))
    return _finish(found, context)


def parse_target(version: str) -> tuple[int, int]:
    """``"3.12"`` / ``"py312"`` -> ``(3, 12)``; raises UsageError for anything else or below 3.11."""
    match = _VERSION.match(str(version).strip())
    minor = int(match.group("minor") or match.group("short")) if match else 0
    if minor < 11:
        raise UsageError(
            f"target_version: expected a Python version 3.11 or newer such as '3.12' or 'py312', got {version!r}"
        )
    return (3, minor)


@lru_cache(maxsize=64)
def enabled_codes(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """(rule codes to run, every code not to report) for a select/ignore pair of codes or prefixes."""
    chosen = _expand("select", select) if select else frozenset(CHECKERS)
    ignored = _expand("ignore", ignore)
    return tuple(sorted(code for code in chosen - ignored if code in CHECKERS)), ignored


def _expand(argument: str, entries: Iterable[str]) -> frozenset[str]:
    codes: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str):
            raise UsageError(f"{argument}: expected rule codes such as 'AP101', got {entry!r}")
        prefix = entry.strip().upper()
        matched = {code for code in RULES if code.startswith(prefix)} if prefix else set()
        if not matched:
            raise UsageError(f"{argument}: unknown rule code {entry!r} (codes are AP000-AP009 and AP101-AP119)")
        codes |= matched
    return frozenset(codes)


def suppressed(line_text: str, code: str) -> bool:
    """Whether a ``# noqa`` comment on ``line_text`` covers ``code`` (bare ``# noqa`` covers all)."""
    for match in _NOQA.finditer(line_text):
        codes = match.group("codes")
        if codes is None:
            if match.group("colon") is None:
                return True  # a bare directive; a colon followed by no code is no directive at all (as in ruff)
            continue
        if code in {item.upper() for item in re.split(r"[,\s]+", codes) if item}:
            return True
    return False


def _finish(found: list[Finding], context: Context) -> list[Finding]:
    lines = context.lines
    kept: dict[tuple[int, int, str], Finding] = {}
    for finding in found:
        key = (finding.line, finding.column, finding.code)
        if key in kept:
            continue
        text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        if "#" in text and not RULES[finding.code].diagnostic and suppressed(text, finding.code):
            continue
        kept[key] = finding
    return [kept[key] for key in sorted(kept)]


def _decode(source: str | bytes, filename: str) -> str | Finding:
    if isinstance(source, str):
        return source
    data = bytes(source)
    encoding = "utf-8"
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    else:
        for number, first_line in enumerate(data.split(b"\n", 2)[:2], start=1):
            cookie = _COOKIE.match(first_line)
            if cookie is not None:
                encoding = cookie.group(1).decode("ascii")
                try:
                    codecs.lookup(encoding)
                except LookupError:
                    return _diagnostic(
                        filename, CANNOT_DECODE, f"unknown encoding in coding cookie: {encoding}", number, 1
                    )
                break
            if not _BLANK_OR_COMMENT.match(first_line):
                break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        byte = data[start : start + 1].hex()
        message = f"cannot decode as {encoding}: invalid byte 0x{byte} (Python would refuse to import this file)"
        return _diagnostic(filename, CANNOT_DECODE, message, line, column)


def _position(text: str, index: int) -> tuple[int, int]:
    if index < 0:
        return 1, 1
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _diagnostic(
    filename: str, code: str, message: str, line: int, column: int, severity: Severity | None = None
) -> Finding:
    rule = RULES[code]
    return Finding(
        file=filename,
        line=line,
        path="",
        code=code,
        severity=severity or rule.severity,
        message=message,
        column=column if line else 0,
        tool=TOOL,
        why=rule.why,
        fix=rule.fix,
    )


def diagnostic(filename: str, code: str, message: str, *, line: int = 1, column: int = 1) -> Finding:
    """A located AP0xx finding (for callers that read files: unreadable, too large…); line 0: a folder."""
    return _diagnostic(filename, code, message, line, column)
