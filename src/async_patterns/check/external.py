"""The project's gate set (ruff, flake8-async, mypy) run over the checked files, merged with the own rules.

The gates are the ones ``verify`` holds every generated scaffold to (``verify.gates``), run
once per invocation over all files, the three side by side. On code ``check`` did not write
it reports the async-correctness part of them: ruff's async-related rules (not its style
rules), flake8-async's ASYNC1-4 in asyncio mode, and mypy's async codes (a never-awaited
coroutine, a deprecated API). ``--select`` can name any other code of theirs to see it too.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from async_patterns.findings import Finding
from async_patterns.verify import gates

from .advice import advice_for

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

TOOLS = ("ruff", "flake8-async", "mypy")
# Two tools that report the same defect under different codes: the second is dropped on a line
# where the first is reported.
SAME_DEFECT = {"B012": "AP114", "ASYNC300": "RUF006", "unused-awaitable": "RUF006"}


def require_tools() -> None:
    """Raise ``ToolMissingError`` naming the first missing checker, with the install hint."""
    gates.require_tools()


def run_tools(files: Sequence[str], *, target_version: str, select: Collection[str] = ()) -> list[Finding]:
    """The gate set's findings over ``files``: each tool once, the three in parallel."""
    if not files:
        return []
    cache = _mypy_cache()
    runs: list[Callable[[], list[Finding]]] = [
        lambda: gates.ruff_check(files, python=target_version, select=_ruff_select(select)),
        lambda: gates.flake8_async(files, jobs="auto"),
        lambda: gates.mypy_strict(files, python=target_version, cache_dir=cache, missing_imports_ok=True),
    ]
    with ThreadPoolExecutor(max_workers=len(runs), thread_name_prefix="check") as pool:
        results = list(pool.map(lambda run: run(), runs))
    names = {str(Path(file).resolve()): file for file in files}  # ruff names files by absolute path
    found = [_named(f, names) for result in results for f in result]
    return [_with_advice(f) for f in found if f.tool != "mypy" or _wanted_mypy(f.code, select)]


def merge(own: Sequence[Finding], external: Sequence[Finding]) -> list[Finding]:
    """One sorted list: a defect two tools report on the same line appears once."""
    by_line = {(f.file, f.line, f.code) for f in [*own, *external]}
    unique: dict[tuple[str, int, int, str], Finding] = {}
    for finding in [*own, *external]:
        twin = SAME_DEFECT.get(finding.code)
        if twin is not None and (finding.file, finding.line, twin) in by_line:
            continue
        unique.setdefault((finding.file, finding.line, finding.column, finding.code), finding)
    deduplicated: dict[tuple[str, int, str], Finding] = {}
    for finding in unique.values():  # ruff and flake8-async both report ASYNC codes, at other columns
        deduplicated.setdefault((finding.file, finding.line, finding.code), finding)
    return sorted(deduplicated.values(), key=lambda f: (f.file, f.line, f.column, f.code))


def _named(finding: Finding, names: dict[str, str]) -> Finding:
    if not finding.file:
        return finding
    return replace(finding, file=names.get(str(Path(finding.file).resolve()), finding.file))


def _ruff_select(select: Collection[str]) -> tuple[str, ...]:
    """The async rules, plus any other ruff code the user selected by name."""
    extra = tuple(code for code in select if not code.startswith("AP") and code[:1].isupper())
    return (*gates.ASYNC_RUFF_SELECT, *extra)


def _wanted_mypy(code: str, select: Collection[str]) -> bool:
    return code in gates.ASYNC_MYPY_CODES or code in select or code == "tool-error"


def _with_advice(finding: Finding) -> Finding:
    why, fix = advice_for(finding.tool, finding.code)
    return replace(finding, why=finding.why or why, fix=finding.fix or fix)


def _mypy_cache() -> Path:
    """A cache kept between runs, as mypy keeps its own by default: a second check is fast."""
    from async_patterns.layout import cache_dir

    return cache_dir() / "mypy"
