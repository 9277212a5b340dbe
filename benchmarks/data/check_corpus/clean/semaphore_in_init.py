# clean: a Semaphore created once in __init__ and used with async with in a method called per item
# near: AP108
"""API client with a built-in concurrency cap."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class CappedClient:
    def __init__(self, client: httpx.AsyncClient, max_concurrency: int = 5) -> None:
        self._client = client
        self._sem = asyncio.Semaphore(max_concurrency)

    async def get_item(self, item_id: str) -> dict[str, Any]:
        async with self._sem:
            resp = await self._client.get(f"/items/{item_id}")
        resp.raise_for_status()
        item: dict[str, Any] = resp.json()
        return item

    async def get_items(self, ids: list[str]) -> list[dict[str, Any]]:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(self.get_item(i)) for i in ids]
        return [t.result() for t in tasks]
