# clean: suppress(CancelledError) in a synchronous shutdown routine driving its own loop (no coroutine)
# near: AP101, AP109
"""Embed an asyncio service in a synchronous host application."""

from __future__ import annotations

import asyncio
import contextlib


async def service(ready: asyncio.Event) -> None:
    ready.set()
    await asyncio.Event().wait()


class EmbeddedService:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        ready = asyncio.Event()
        self.task = self.loop.create_task(service(ready))
        self.loop.run_until_complete(ready.wait())

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                self.loop.run_until_complete(self.task)
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()
