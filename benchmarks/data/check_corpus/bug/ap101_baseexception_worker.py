# bug: AP101 except BaseException in a job runner swallows cancellation
"""Background job runner for a small task queue."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]


@dataclass
class Runner:
    jobs: asyncio.Queue[Job] = field(default_factory=asyncio.Queue)
    failures: int = 0
    done: int = 0

    async def _run_one(self, job: Job) -> None:
        started = time.monotonic()
        try:
            await job()
        except BaseException:  # expect: AP101
            self.failures += 1
            log.exception("job %r failed", job)
        else:
            self.done += 1
        finally:
            log.debug("job took %.3fs", time.monotonic() - started)

    async def serve(self) -> None:
        while True:
            job = await self.jobs.get()
            try:
                await self._run_one(job)
            finally:
                self.jobs.task_done()
