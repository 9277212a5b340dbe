# bug: AP107 a ClientSession is opened per call in fetch_json, which is awaited in a loop over pages
"""Page through a REST API's list endpoint."""

import asyncio
from typing import Any

import aiohttp

API = "https://api.example.com/v1/items"
TIMEOUT = aiohttp.ClientTimeout(total=15)


async def fetch_json(url: str, params: dict[str, str]) -> dict[str, Any]:
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:  # expect: AP107
        async with session.get(url, params=params) as resp:
            resp.raise_for_status()
            data: dict[str, Any] = await resp.json()
            return data


async def all_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        body = await fetch_json(API, {"page": str(page), "per_page": "100"})
        items.extend(body["items"])
        if not body.get("next"):
            return items
        page += 1


if __name__ == "__main__":
    print(len(asyncio.run(all_items())))
