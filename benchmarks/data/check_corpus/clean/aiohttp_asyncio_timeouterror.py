# clean: except asyncio.TimeoutError around an aiohttp request (aiohttp does raise TimeoutError subclasses)
# near: AP105, AP106
"""Fetch a thumbnail with a total deadline, returning a placeholder on timeout."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)

PLACEHOLDER = b"\x89PNG\r\n\x1a\n"


async def thumbnail(session: aiohttp.ClientSession, url: str) -> bytes:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=3)) as resp:
            resp.raise_for_status()
            return await resp.read()
    except asyncio.TimeoutError:
        log.info("thumbnail %s timed out", url)
        return PLACEHOLDER
    except aiohttp.ClientResponseError as exc:
        log.info("thumbnail %s: HTTP %d", url, exc.status)
        return PLACEHOLDER


async def thumbnails(session: aiohttp.ClientSession, urls: list[str]) -> list[bytes]:
    return [await thumbnail(session, u) for u in urls]
