# bug: AP108 gather(*(fetch(u) for u in urls)) over a caller-sized list with no concurrency limit
"""Download many pages concurrently and return their sizes."""

import asyncio

import aiohttp


async def fetch_size(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as resp:
        body = await resp.read()
        return len(body)


async def page_sizes(urls: list[str]) -> dict[str, int]:
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        sizes = await asyncio.gather(*(fetch_size(session, u) for u in urls))  # expect: AP108
    return dict(zip(urls, sizes))


if __name__ == "__main__":
    import sys

    for url, size in asyncio.run(page_sizes(sys.argv[1:])).items():
        print(f"{size:>10} {url}")
