# clean: anyio.fail_after with TimeoutError caught outside the scope, and a CapacityLimiter shared by a task group
# near: AP103, AP108
"""Probe ports on localhost with anyio, bounded and with a deadline."""

from __future__ import annotations

import anyio


async def is_open(port: int, limiter: anyio.CapacityLimiter, results: dict[int, bool]) -> None:
    async with limiter:
        try:
            with anyio.fail_after(0.5):
                stream = await anyio.connect_tcp("127.0.0.1", port)
                await stream.aclose()
        except TimeoutError:
            results[port] = False
        except OSError:
            results[port] = False
        else:
            results[port] = True


async def scan(ports: range) -> list[int]:
    limiter = anyio.CapacityLimiter(50)
    results: dict[int, bool] = {}
    async with anyio.create_task_group() as tg:
        for port in ports:
            tg.start_soon(is_open, port, limiter, results)
    return sorted(p for p, ok in results.items() if ok)


if __name__ == "__main__":
    print(anyio.run(scan, range(8000, 8100)))
