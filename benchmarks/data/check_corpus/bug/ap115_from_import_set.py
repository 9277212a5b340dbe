# bug: AP115 `from asyncio import wait`; a set comprehension of coroutines passed to wait()
"""Check which database replicas respond, with a timeout."""

from __future__ import annotations

from asyncio import gather, open_connection, wait


async def check(host: str, port: int = 5432) -> str:
    _, writer = await open_connection(host, port)
    writer.close()
    await writer.wait_closed()
    return host


async def live_replicas(hosts: tuple[str, ...]) -> set[str]:
    done, pending = await wait({check(h) for h in hosts}, timeout=3.0)  # expect: AP115
    for task in pending:
        task.cancel()
    await gather(*pending, return_exceptions=True)
    live: set[str] = set()
    for task in done:
        if task.exception() is None:
            live.add(task.result())
    return live
