# bug: AP101 except asyncio.CancelledError logs and returns instead of re-raising
"""Queue consumer that writes events to a sink in batches."""

import asyncio
import logging
from typing import Protocol

logger = logging.getLogger("events.consumer")


class Sink(Protocol):
    async def write_many(self, rows: list[dict[str, str]]) -> None: ...


async def consume(queue: "asyncio.Queue[dict[str, str]]", sink: Sink, batch_size: int = 100) -> int:
    """Drain the queue into the sink; returns how many rows were written."""
    written = 0
    batch: list[dict[str, str]] = []
    try:
        while True:
            item = await queue.get()
            batch.append(item)
            queue.task_done()
            if len(batch) >= batch_size:
                await sink.write_many(batch)
                written += len(batch)
                batch.clear()
    except asyncio.CancelledError:  # expect: AP101
        logger.info("consumer stopping, flushing %d rows", len(batch))
        if batch:
            await sink.write_many(batch)
            written += len(batch)
    return written
