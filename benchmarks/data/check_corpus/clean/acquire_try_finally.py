# clean: await lock.acquire() followed immediately by try/finally release
# near: AP112
"""Exclusive access to a hardware resource with a wait timeout."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class Printer:
    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self.printed: list[str] = []

    async def print_label(self, text: str) -> None:
        await self._lock.acquire()
        try:
            await asyncio.sleep(0.05)
            self.printed.append(text)
        finally:
            self._lock.release()

    async def print_batch(self, labels: list[str], sem: asyncio.Semaphore) -> None:
        await sem.acquire()
        try:
            for label in labels:
                await self.print_label(label)
        finally:
            sem.release()
        log.info("printed %d labels", len(labels))
