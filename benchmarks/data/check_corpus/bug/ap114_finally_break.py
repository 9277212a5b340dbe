# bug: AP114 `break` in a finally block of a worker loop eats the exception (and a cancellation) that was propagating
"""A worker that stops after the queue's sentinel or a stop flag."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)

SENTINEL = None


async def worker(name: str, queue: asyncio.Queue[str | None], stop: asyncio.Event) -> int:
    handled = 0
    while True:
        item = await queue.get()
        try:
            if item is SENTINEL:
                return handled
            await asyncio.sleep(0.01)
            log.info("%s handled %s", name, item)
            handled += 1
        finally:
            queue.task_done()
            if stop.is_set():
                break  # expect: AP114
    return handled
