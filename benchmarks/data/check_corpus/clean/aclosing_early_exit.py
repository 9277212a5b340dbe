# clean: contextlib.aclosing around a resource-holding async generator that is left early
# near: AP118
"""Find the first matching line in a large remote log, streaming it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import aiohttp


async def lines(session: aiohttp.ClientSession, url: str) -> AsyncIterator[str]:
    async with session.get(url) as resp:
        resp.raise_for_status()
        async for raw in resp.content:
            yield raw.decode(errors="replace").rstrip("\n")


async def first_error(session: aiohttp.ClientSession, url: str) -> str | None:
    async with contextlib.aclosing(lines(session, url)) as stream:
        async for line in stream:
            if "ERROR" in line:
                return line
    return None


async def count_until(session: aiohttp.ClientSession, url: str, marker: str) -> int:
    seen = 0
    async with contextlib.aclosing(lines(session, url)) as stream:
        async for line in stream:
            if marker in line:
                break
            seen += 1
    return seen
