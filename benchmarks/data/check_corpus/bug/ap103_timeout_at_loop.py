# bug: AP103 asyncio.TimeoutError handled inside asyncio.timeout_at(deadline): the deadline escapes the loop instead
"""Collect sensor readings until a deadline, keeping what arrived in time."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Reading:
    sensor: str
    value: float


async def collect(queue: asyncio.Queue[Reading], seconds: float) -> list[Reading]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    readings: list[Reading] = []
    async with asyncio.timeout_at(deadline):
        while True:
            try:
                reading = await queue.get()
            except asyncio.TimeoutError:  # expect: AP103
                log.info("deadline reached with %d readings", len(readings))
                break
            readings.append(reading)
    return readings
