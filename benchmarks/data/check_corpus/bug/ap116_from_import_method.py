# bug: AP116 `from signal import signal, SIGTERM` used in a service class that runs on asyncio
"""Service wrapper with start/stop for a queue consumer."""

from __future__ import annotations

import asyncio
import logging
from signal import SIGTERM, signal
from types import FrameType

log = logging.getLogger(__name__)


class Service:
    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def _on_term(self, signum: int, frame: FrameType | None) -> None:
        log.info("SIGTERM received")
        self._stopping = True
        for task in self._tasks:
            task.cancel()

    async def _consume(self) -> None:
        while not self._stopping:
            await asyncio.sleep(0.5)

    async def run(self) -> None:
        signal(SIGTERM, self._on_term)  # expect: AP116
        self._tasks = [asyncio.create_task(self._consume()) for _ in range(3)]
        await asyncio.gather(*self._tasks, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(Service().run())
