# bug: AP101 contextlib.suppress(CancelledError) around the sleep makes the poll loop uncancellable
"""Poll a status endpoint every few seconds and push changes to a callback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import aiohttp

log = logging.getLogger(__name__)


class StatusPoller:
    def __init__(self, session: aiohttp.ClientSession, url: str, interval: float = 5.0) -> None:
        self._session = session
        self._url = url
        self._interval = interval
        self._last: dict[str, object] | None = None

    async def _fetch(self) -> dict[str, object]:
        async with self._session.get(self._url) as resp:
            resp.raise_for_status()
            data: dict[str, object] = await resp.json()
            return data

    async def run(self, on_change: Callable[[dict[str, object]], Awaitable[None]]) -> None:
        while True:
            try:
                status = await self._fetch()
            except aiohttp.ClientError as exc:
                log.warning("poll failed: %s", exc)
            else:
                if status != self._last:
                    self._last = status
                    await on_change(status)
            with contextlib.suppress(asyncio.CancelledError):  # expect: AP101
                await asyncio.sleep(self._interval)
