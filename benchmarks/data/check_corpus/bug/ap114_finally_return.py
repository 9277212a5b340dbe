# bug: AP114 `return` inside finally of a coroutine discards any exception, including CancelledError
"""Measure the latency of one request, always returning a number."""

import asyncio
import time

import aiohttp


async def latency_ms(session: aiohttp.ClientSession, url: str) -> float:
    started = time.perf_counter()
    elapsed = float("nan")
    try:
        async with session.get(url) as resp:
            await resp.read()
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        return elapsed  # expect: AP114


async def main() -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        print(f"{await latency_ms(session, 'https://example.com'):.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
