# clean: aiohttp response bodies read inside the async with block (return from inside it)
# near: AP111
"""Fetch a JSON document and its ETag, then revalidate it."""

from __future__ import annotations

from typing import Any

import aiohttp


async def fetch_with_etag(session: aiohttp.ClientSession, url: str) -> tuple[Any, str | None]:
    async with session.get(url) as resp:
        resp.raise_for_status()
        etag = resp.headers.get("ETag")
        body = await resp.json()
    return body, etag


async def revalidate(session: aiohttp.ClientSession, url: str, etag: str) -> Any | None:
    async with session.get(url, headers={"If-None-Match": etag}) as resp:
        if resp.status == 304:
            return None
        resp.raise_for_status()
        return await resp.json()


async def text_or_error(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as resp:
        text = await resp.text()
        if resp.status >= 400:
            return f"error {resp.status}: {text[:80]}"
        return text
