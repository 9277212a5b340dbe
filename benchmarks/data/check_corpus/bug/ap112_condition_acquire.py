# bug: AP112 `await cond.acquire()` on an asyncio.Condition, released by hand after wait_for
"""A bounded buffer where producers wait for space."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class BoundedBuffer(Generic[T]):
    def __init__(self, capacity: int) -> None:
        self._items: deque[T] = deque()
        self._capacity = capacity
        self._cond = asyncio.Condition()

    async def put(self, item: T) -> None:
        await self._cond.acquire()  # expect: AP112
        await self._cond.wait_for(lambda: len(self._items) < self._capacity)
        self._items.append(item)
        self._cond.notify_all()
        self._cond.release()

    async def get(self) -> T:
        async with self._cond:
            await self._cond.wait_for(lambda: bool(self._items))
            item = self._items.popleft()
            self._cond.notify_all()
            return item
