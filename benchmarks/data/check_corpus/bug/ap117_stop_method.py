# bug: AP117 stop() cancels the background task and returns at once; its finally runs after the caller moved on
"""Periodic metrics flusher with start/stop."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Backend(Protocol):
    async def send(self, metrics: dict[str, float]) -> None: ...


class Flusher:
    def __init__(self, backend: Backend, interval: float = 10.0) -> None:
        self.backend = backend
        self.interval = interval
        self.buffer: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.interval)
                await self._flush()
        finally:
            await self._flush()

    async def _flush(self) -> None:
        if self.buffer:
            batch, self.buffer = self.buffer, {}
            await self.backend.send(batch)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()  # expect: AP117
            self._task = None
        log.info("flusher stopped")
