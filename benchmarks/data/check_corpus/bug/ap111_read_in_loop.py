# bug: AP111 response.read() after the with block inside a download loop
"""Download a list of small assets into memory."""

import asyncio

import aiohttp


async def fetch_assets(urls: list[str]) -> dict[str, bytes]:
    assets: dict[str, bytes] = {}
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        for url in urls:
            async with http.get(url) as response:
                if response.status == 404:
                    continue
                response.raise_for_status()
            assets[url] = await response.read()  # expect: AP111
    return assets


if __name__ == "__main__":
    got = asyncio.run(fetch_assets(["https://cdn.example.com/logo.svg"]))
    print({k: len(v) for k, v in got.items()})
