# clean: gather(return_exceptions=True) results filtered with isinstance(r, BaseException)
# near: AP102
"""Fetch several feeds; keep the ones that loaded."""

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)

FEEDS = ("https://news.example.com/rss", "https://blog.example.com/atom", "https://status.example.com/feed")


async def fetch(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as resp:
        resp.raise_for_status()
        return await resp.text()


async def load_feeds() -> dict[str, str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        results = await asyncio.gather(*(fetch(session, url) for url in FEEDS), return_exceptions=True)
    loaded: dict[str, str] = {}
    for url, result in zip(FEEDS, results):
        if isinstance(result, BaseException):
            log.warning("feed %s failed: %r", url, result)
            continue
        loaded[url] = result
    return loaded


if __name__ == "__main__":
    print(sorted(asyncio.run(load_feeds())))
