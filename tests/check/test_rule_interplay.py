"""Rule cases a fixture cannot state: where two rules meet on the same code."""

from __future__ import annotations

from async_patterns.check import check_source

CANCEL_THEN_SUPPRESS = """\
import asyncio
from contextlib import suppress


async def work() -> None:
    await asyncio.sleep(10)


async def main() -> None:
    task = asyncio.create_task(work())
    await asyncio.sleep(1)
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task
"""


def test_cancel_then_suppressed_await_satisfies_ap117_and_keeps_the_ap101_warning() -> None:
    """``cancel()`` then ``with suppress(CancelledError): await task`` awaits the task (no AP117);
    AP101 still warns that the suppress also swallows a cancel() of main() arriving meanwhile."""
    found = [(f.code, f.line, f.severity) for f in check_source(CANCEL_THEN_SUPPRESS, "m.py")]
    assert found == [("AP101", 13, "warning")]
