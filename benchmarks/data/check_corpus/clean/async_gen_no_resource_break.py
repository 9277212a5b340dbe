# clean: break out of a pure in-memory async generator (no resource held, nothing to close)
# near: AP118
"""Stream numbers from a computation and stop at a threshold."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator


async def fibonacci(delay: float = 0.0) -> AsyncIterator[int]:
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
        await asyncio.sleep(delay)


async def first_above(limit: int) -> int:
    async for n in fibonacci():
        if n > limit:
            break
    return n


async def take(count: int) -> list[int]:
    out: list[int] = []
    async for n in fibonacci():
        out.append(n)
        if len(out) == count:
            return out
    return out


if __name__ == "__main__":
    print(asyncio.run(first_above(1000)), asyncio.run(take(10)))
