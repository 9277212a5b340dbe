# clean: cancel-then-gather shutdown of background tasks
# near: AP117, AP102
"""Supervisor that runs periodic jobs and shuts them down cleanly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[None]] = []

    def every(self, seconds: float, job: Callable[[], Awaitable[None]]) -> None:
        async def loop() -> None:
            while True:
                await job()
                await asyncio.sleep(seconds)

        self._tasks.append(asyncio.create_task(loop(), name=f"every-{seconds}s"))

    async def shutdown(self) -> None:
        for task in self._tasks:
            task.cancel()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for task, result in zip(self._tasks, results):
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("%s crashed: %r", task.get_name(), result)
        self._tasks.clear()
