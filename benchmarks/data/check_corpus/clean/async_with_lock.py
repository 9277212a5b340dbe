# clean: async with lock around a read-modify-write, the lock created once in __init__
# near: AP112, AP108
"""In-memory rate-limit counters shared by request handlers."""

from __future__ import annotations

import asyncio
import time


class SlidingWindow:
    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, list[float]] = {}
        self._lock = asyncio.Lock()

    async def allow(self, key: str) -> bool:
        now = time.monotonic()
        async with self._lock:
            hits = [t for t in self._hits.get(key, []) if now - t < self.window]
            allowed = len(hits) < self.limit
            if allowed:
                hits.append(now)
            self._hits[key] = hits
        return allowed

    async def reset(self, key: str) -> None:
        async with self._lock:
            self._hits.pop(key, None)
