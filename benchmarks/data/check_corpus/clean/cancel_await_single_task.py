# clean: task.cancel() then await the task, re-raising CancelledError when we are being cancelled ourselves
# near: AP117, AP101
"""A websocket listener with an explicit stop()."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)


class Listener:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.received: list[str] = []
        self._task: asyncio.Task[None] | None = None

    async def _listen(self) -> None:
        async for msg in self.ws:
            if msg.type is aiohttp.WSMsgType.TEXT:
                self.received.append(msg.data)

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
        log.info("listener stopped after %d messages", len(self.received))
