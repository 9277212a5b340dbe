# clean: module-level ClientTimeout and headers constants; the session itself is created inside the running loop
# near: AP107, AP106
"""Small helper module for calling an internal API."""

from __future__ import annotations

from typing import Any

import aiohttp

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=15, connect=3)
DEFAULT_HEADERS = {"User-Agent": "inventory-sync/2.1", "Accept": "application/json"}


def make_session(token: str) -> aiohttp.ClientSession:
    """Call from inside a coroutine; the caller owns and closes the session."""
    headers = {**DEFAULT_HEADERS, "Authorization": f"Bearer {token}"}
    return aiohttp.ClientSession(timeout=DEFAULT_TIMEOUT, headers=headers)


async def get(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as resp:
        resp.raise_for_status()
        return await resp.json()


async def run(token: str, urls: list[str]) -> list[Any]:
    async with make_session(token) as session:
        return [await get(session, url) for url in urls]
