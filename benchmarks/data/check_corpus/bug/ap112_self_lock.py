# bug: AP112 await self._lock.acquire() with a plain release afterwards: an exception or cancellation leaves it locked
"""Token-bucket-ish rate limiter that refreshes an OAuth token under a lock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenCache:
    def __init__(self, fetch: Callable[[], Awaitable[tuple[str, float]]]) -> None:
        self._fetch = fetch
        self._lock = asyncio.Lock()
        self._token: str | None = None
        self._expires = 0.0

    async def token(self) -> str:
        if self._token is not None and time.monotonic() < self._expires - 30:
            return self._token
        await self._lock.acquire()  # expect: AP112
        if self._token is None or time.monotonic() >= self._expires - 30:
            token, ttl = await self._fetch()
            self._token, self._expires = token, time.monotonic() + ttl
        self._lock.release()
        return self._token
