# clean: one Semaphore created once per batch and shared by every per-item coroutine
# near: AP108
"""Fetch many URLs, at most 10 at a time, over one session."""

from __future__ import annotations

import asyncio

import aiohttp


async def fetch(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> bytes:
    async with sem:
        async with session.get(url) as resp:
            resp.raise_for_status()
            return await resp.read()


async def fetch_all(urls: list[str], concurrency: int = 10) -> list[bytes]:
    sem = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=30, connect=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        return await asyncio.gather(*(fetch(session, sem, u) for u in urls))


if __name__ == "__main__":
    import sys

    bodies = asyncio.run(fetch_all(sys.argv[1:]))
    print(sum(map(len, bodies)), "bytes")
