# clean: asyncio.wait over a set of tasks kept on the instance, with FIRST_EXCEPTION
# near: AP115, AP117
"""Run a set of named services and stop all of them when one fails."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class ServiceSet:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[None]] = set()

    def add(self, name: str, run: Callable[[], Awaitable[None]]) -> None:
        async def wrapper() -> None:
            await run()

        self.tasks.add(asyncio.create_task(wrapper(), name=name))

    async def run_until_failure(self) -> None:
        done, pending = await asyncio.wait(self.tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        for task in done:
            if not task.cancelled() and (exc := task.exception()) is not None:
                log.error("%s failed: %r", task.get_name(), exc)
                raise exc
