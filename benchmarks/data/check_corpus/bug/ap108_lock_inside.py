# bug: AP108 asyncio.Lock() created inside the per-item coroutine guards nothing: each call locks its own lock
"""Increment per-page view counters stored in a shared dict-like store."""

from __future__ import annotations

import asyncio
from typing import Protocol


class Store(Protocol):
    async def get(self, key: str) -> int: ...

    async def set(self, key: str, value: int) -> None: ...


async def record_view(store: Store, page: str) -> None:
    lock = asyncio.Lock()  # expect: AP108
    async with lock:
        current = await store.get(page)
        await store.set(page, current + 1)


async def record_views(store: Store, pages: tuple[str, str, str]) -> None:
    await asyncio.gather(*(record_view(store, p) for p in pages))
