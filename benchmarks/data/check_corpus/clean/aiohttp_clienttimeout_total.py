# clean: aiohttp.ClientTimeout(total=…, connect=…, sock_read=…) passed to ClientSession
# near: AP106, AP108
"""Check a list of sites for broken links on their home page."""

import asyncio
import re

import aiohttp

HREF = re.compile(r'href="(https?://[^"#]+)"')
TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5, sock_read=10)


async def status(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> tuple[str, int]:
    async with sem:
        try:
            async with session.head(url, allow_redirects=True) as resp:
                return url, resp.status
        except (aiohttp.ClientError, TimeoutError):
            return url, 0


async def broken_links(home: str) -> list[str]:
    sem = asyncio.Semaphore(8)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        async with session.get(home) as resp:
            html = await resp.text()
        links = sorted(set(HREF.findall(html)))
        results = await asyncio.gather(*(status(session, sem, link) for link in links))
    return [url for url, code in results if code == 0 or code >= 400]


if __name__ == "__main__":
    print("\n".join(asyncio.run(broken_links("https://example.com"))))
