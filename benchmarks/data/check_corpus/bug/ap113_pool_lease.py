# bug: AP113 a pool lease's __aexit__ returns the pool to a good state and returns True unconditionally
"""Lease a connection from a small pool for the duration of a block."""

from __future__ import annotations

import asyncio
from typing import Any


class Pool:
    def __init__(self, size: int) -> None:
        self._free: asyncio.Queue[int] = asyncio.Queue()
        for n in range(size):
            self._free.put_nowait(n)

    def lease(self) -> "Lease":
        return Lease(self)

    async def _take(self) -> int:
        return await self._free.get()

    def _give_back(self, conn: int) -> None:
        self._free.put_nowait(conn)


class Lease:
    def __init__(self, pool: Pool) -> None:
        self._pool = pool
        self._conn: int | None = None

    async def __aenter__(self) -> int:
        self._conn = await self._pool._take()
        return self._conn

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if self._conn is not None:
            self._pool._give_back(self._conn)
            self._conn = None
        return True  # expect: AP113
