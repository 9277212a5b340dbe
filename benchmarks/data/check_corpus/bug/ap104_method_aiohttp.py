# bug: AP104 a crawler method catches aiohttp.ClientError around `async with aio.TaskGroup()`
"""Crawl one level of links from a seed page."""

import asyncio as aio
import re

import aiohttp

LINK = re.compile(r'href="(https?://[^"]+)"')


class Crawler:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.pages: dict[str, str] = {}
        self.errors = 0

    async def _get(self, url: str) -> None:
        async with self.session.get(url) as resp:
            self.pages[url] = await resp.text()

    async def crawl(self, seed: str, limit: int = 5) -> dict[str, str]:
        await self._get(seed)
        links = LINK.findall(self.pages[seed])[:limit]
        try:
            async with aio.TaskGroup() as group:
                for link in links:
                    group.create_task(self._get(link))
        except aiohttp.ClientError:  # expect: AP104
            self.errors += 1
        return self.pages
