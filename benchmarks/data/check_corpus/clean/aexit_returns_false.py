# clean: __aexit__ returning False (and another returning None) so exceptions propagate
# near: AP113
"""Async context managers for a message broker channel."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Protocol

log = logging.getLogger(__name__)


class Channel(Protocol):
    async def close(self) -> None: ...

    async def nack_all(self) -> None: ...


class ChannelScope:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def __aenter__(self) -> Channel:
        return self.channel

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if exc is not None:
            log.warning("nacking unprocessed messages after %r", exc)
            await self.channel.nack_all()
        await self.channel.close()
        return False


class Quiet:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc_info: object) -> None:
        log.debug("leaving quiet scope")
