# clean: blocking calls moved off the loop with asyncio.to_thread(time.sleep, …) and to_thread(requests-like calls)
"""Drive a slow serial-port device through a blocking SDK without stalling the loop."""

from __future__ import annotations

import asyncio
import time


class BlockingDevice:
    """Stand-in for a vendor SDK whose calls block."""

    def reset(self) -> None:
        time.sleep(0.2)

    def read_temperature(self) -> float:
        time.sleep(0.05)
        return 21.5


async def settle(seconds: float) -> None:
    # The vendor requires a wall-clock pause measured by its own thread.
    await asyncio.to_thread(time.sleep, seconds)


async def sample(device: BlockingDevice, count: int) -> list[float]:
    await asyncio.to_thread(device.reset)
    await settle(0.1)
    readings = []
    for _ in range(count):
        readings.append(await asyncio.to_thread(device.read_temperature))
        await asyncio.sleep(0.5)
    return readings
