# clean: asyncio.timeout(None) rescheduled once the deadline is known, TimeoutError handled by the caller outside
# near: AP103
"""Wait for a lease whose length the server announces first."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


async def hold_lease(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> int:
    renewals = 0
    async with asyncio.timeout(None) as cm:
        header = await reader.readline()
        ttl = float(header.decode().split("=", 1)[1])
        cm.reschedule(asyncio.get_running_loop().time() + ttl)
        while await reader.readline():
            renewals += 1
            writer.write(b"ACK\n")
            await writer.drain()
    return renewals


async def run(host: str, port: int) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        return await hold_lease(reader, writer)
    except TimeoutError:
        log.info("lease expired")
        return -1
    finally:
        writer.close()
        await writer.wait_closed()
