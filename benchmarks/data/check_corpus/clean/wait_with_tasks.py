# clean: tasks (not coroutines) passed to asyncio.wait, pending ones cancelled and awaited
# near: AP115, AP117
"""Happy-eyeballs-style: race two resolvers, keep the first answer."""

from __future__ import annotations

import asyncio
import socket


async def resolve(host: str, family: socket.AddressFamily) -> str:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, 443, family=family, type=socket.SOCK_STREAM)
    return str(infos[0][4][0])


async def first_address(host: str, within: float = 2.0) -> str | None:
    tasks = {
        asyncio.create_task(resolve(host, socket.AF_INET6)),
        asyncio.create_task(resolve(host, socket.AF_INET)),
    }
    done, pending = await asyncio.wait(tasks, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if not task.cancelled() and task.exception() is None:
            return task.result()
    return None
