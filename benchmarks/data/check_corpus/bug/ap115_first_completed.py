# bug: AP115 asyncio.wait([self.reader(), self.heartbeat()], return_when=FIRST_COMPLETED) with coroutine objects
"""Session that stops when either the reader or the heartbeat ends."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class Session:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader_stream = reader
        self.writer = writer

    async def reader(self) -> None:
        while line := await self.reader_stream.readline():
            log.debug("got %r", line)

    async def heartbeat(self) -> None:
        while True:
            self.writer.write(b"PING\n")
            await self.writer.drain()
            await asyncio.sleep(15)

    async def run(self) -> None:
        done, pending = await asyncio.wait(  # expect: AP115
            [self.reader(), self.heartbeat()], return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        self.writer.close()
        await self.writer.wait_closed()
