# bug: AP113 a timing context manager logs failures and returns True so the caller never sees them
"""Log how long a block of async work took."""

from __future__ import annotations

import logging
import time
from types import TracebackType

log = logging.getLogger("timing")


class timed:  # noqa: N801 - used like a function
    def __init__(self, label: str) -> None:
        self.label = label
        self.started = 0.0

    async def __aenter__(self) -> timed:
        self.started = time.perf_counter()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        elapsed = time.perf_counter() - self.started
        if exc is not None:
            log.error("%s failed after %.3fs: %s", self.label, elapsed, exc)
        else:
            log.info("%s took %.3fs", self.label, elapsed)
        return True  # expect: AP113


async def refresh_cache() -> None:
    async with timed("cache refresh"):
        raise RuntimeError("backend unavailable")
