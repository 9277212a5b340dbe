# clean: per-key locks kept in a shared dict (setdefault inside the per-item coroutine returns the shared lock)
# near: AP108
"""Cache with single-flight loading: concurrent misses for one key load it once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class SingleFlightCache(Generic[V]):
    def __init__(self, load: Callable[[str], Awaitable[V]]) -> None:
        self._load = load
        self._values: dict[str, V] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._loads = asyncio.Semaphore(8)

    async def get(self, key: str) -> V:
        if key in self._values:
            return self._values[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._values:
                async with self._loads:
                    self._values[key] = await self._load(key)
        self._locks.pop(key, None)
        return self._values[key]

    async def get_many(self, keys: tuple[str, ...]) -> list[V]:
        return list(await asyncio.gather(*(self.get(k) for k in keys)))
