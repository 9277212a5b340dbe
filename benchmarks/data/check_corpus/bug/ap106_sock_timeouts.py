# bug: AP106 `from aiohttp import ClientTimeout` with sock_connect/sock_read only; no overall deadline
"""Download large log archives from a storage gateway."""

from __future__ import annotations

from pathlib import Path

from aiohttp import ClientSession, ClientTimeout

CHUNK = 1 << 16

GATEWAY_TIMEOUT = ClientTimeout(sock_connect=3, sock_read=30)  # expect: AP106


async def download(session: ClientSession, url: str, dest: Path) -> int:
    written = 0
    async with session.get(url) as resp:
        resp.raise_for_status()
        with dest.open("wb") as fh:
            async for chunk in resp.content.iter_chunked(CHUNK):
                fh.write(chunk)
                written += len(chunk)
    return written


async def download_archives(urls: list[str], folder: Path) -> int:
    total = 0
    async with ClientSession(timeout=GATEWAY_TIMEOUT) as session:
        for url in urls:
            total += await download(session, url, folder / url.rsplit("/", 1)[-1])
    return total
