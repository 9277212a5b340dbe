"""Speed: the rules (one parse, one index pass, per-rule lookups) check at least 20,000 lines a second."""

from __future__ import annotations

import time
from pathlib import Path

from async_patterns.check import check_source
from tests.check.test_fixtures import NEGATIVE, POSITIVE

MIN_LINES_PER_SECOND = 20_000


def corpus() -> list[tuple[str, str]]:
    """(name, source) pairs: every fixture, repeated to about 20,000 lines."""
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in (*POSITIVE, *NEGATIVE)]
    lines = sum(text.count("\n") for _, text in sources)
    return sources * max(1, 20_000 // lines)


def test_checks_at_least_20000_lines_per_second() -> None:
    """The best of three runs over ~20,000 lines of fixtures stays above 20,000 lines/s."""
    sources = corpus()
    lines = sum(text.count("\n") for _, text in sources)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for name, text in sources:
            check_source(text, name)
        best = min(best, time.perf_counter() - start)
    assert lines / best >= MIN_LINES_PER_SECOND, f"{lines / best:,.0f} lines/s"


def test_large_generated_module_is_linear(tmp_path: Path) -> None:
    """A 50,000-line module of many small coroutines is checked in well under the budget."""
    chunk = "async def f{n}(x: int) -> int:\n    await g(x)\n    return x\n\n\n"
    text = "import asyncio\n\n\n" + "".join(chunk.format(n=n) for n in range(10_000))
    start = time.perf_counter()
    assert check_source(text, "big.py") == []
    assert time.perf_counter() - start < text.count("\n") / MIN_LINES_PER_SECOND
