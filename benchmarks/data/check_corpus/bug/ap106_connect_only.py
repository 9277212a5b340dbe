# bug: AP106 ClientTimeout(connect=5) only: no total, so a slow body can hang the scraper forever
"""Scrape product titles from a list of category pages, one page at a time."""

import asyncio
import re

import aiohttp

TITLE = re.compile(r"<h2 class=\"title\">([^<]+)</h2>")


async def titles(session: aiohttp.ClientSession, url: str) -> list[str]:
    async with session.get(url) as resp:
        resp.raise_for_status()
        html = await resp.text()
    return TITLE.findall(html)


async def scrape(pages: list[str]) -> dict[str, list[str]]:
    timeout = aiohttp.ClientTimeout(connect=5)  # expect: AP106
    found: dict[str, list[str]] = {}
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for url in pages:
            found[url] = await titles(session, url)
    return found


if __name__ == "__main__":
    result = asyncio.run(scrape(["https://shop.example.com/c/1", "https://shop.example.com/c/2"]))
    for page, names in result.items():
        print(page, len(names))
