# bug: AP110 asyncio.get_event_loop().create_task(...) inside an async method of a connection manager
"""Keep a websocket connection alive with periodic pings."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)


class Connection:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, interval: float = 20.0) -> None:
        self.ws = ws
        self.interval = interval
        self._pinger: asyncio.Task[None] | None = None

    async def _ping_forever(self) -> None:
        while not self.ws.closed:
            await self.ws.ping()
            await asyncio.sleep(self.interval)

    async def start(self) -> None:
        self._pinger = asyncio.get_event_loop().create_task(self._ping_forever())  # expect: AP110
        log.debug("pinger started")

    async def close(self) -> None:
        if self._pinger is not None:
            self._pinger.cancel()
            try:
                await self._pinger
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise
        await self.ws.close()
