# bug: AP118 an async generator with an open file is abandoned by `break`; the file closes only when the GC finalizes it
"""Follow a log file and stop at the first error line."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path


async def follow(path: Path, poll: float = 0.2) -> AsyncIterator[str]:
    with path.open(encoding="utf-8") as fh:
        while True:
            line = fh.readline()
            if not line:
                await asyncio.sleep(poll)
                continue
            yield line.rstrip("\n")


async def wait_for_error(path: Path) -> str:
    async with asyncio.timeout(60):
        async for line in follow(path):
            if " ERROR " in line:
                break  # expect: AP118
    return line
