# bug: AP115 asyncio.wait() given a list of coroutines (TypeError on 3.11+)
"""Probe mirrors and use whichever answer arrives within the timeout."""

import asyncio

import aiohttp

MIRRORS = (
    "https://mirror-a.example.com/ping",
    "https://mirror-b.example.com/ping",
    "https://mirror-c.example.com/ping",
)


async def probe(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as resp:
        resp.raise_for_status()
        return url


async def reachable_mirrors() -> list[str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        done, pending = await asyncio.wait([probe(session, u) for u in MIRRORS], timeout=2)  # expect: AP115
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return [t.result() for t in done if not t.cancelled() and t.exception() is None]
