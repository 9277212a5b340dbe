# clean: break in a for loop that sits wholly inside a finally block (leaves the inner loop, not the finally)
# near: AP114
"""Close every open channel on exit, stopping at the first one already closed by the peer."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Chan(Protocol):
    closed: bool

    async def close(self) -> None: ...


async def serve(channels: list[Chan], work: asyncio.Event) -> None:
    try:
        await work.wait()
    finally:
        for chan in channels:
            if chan.closed:
                log.debug("peer closed the rest already")
                break
            await chan.close()
    log.info("served")
