# bug: AP109 `aio.run()` in a nested async def used as a callback by an async scheduler
"""A tiny cron-like scheduler that runs async jobs on fixed intervals."""

from __future__ import annotations

import asyncio as aio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


async def every(seconds: float, job: Job) -> None:
    while True:
        await job()
        await aio.sleep(seconds)


async def cleanup_expired_sessions() -> None:
    log.info("expired sessions removed")


def schedule(jobs: dict[str, tuple[float, Job]]) -> list[Job]:
    wrapped: list[Job] = []
    for name, (_interval, job) in jobs.items():

        async def run_logged(job: Job = job, name: str = name) -> None:
            log.debug("running %s", name)
            aio.run(job())  # expect: AP109

        wrapped.append(run_logged)
    return wrapped


async def main() -> None:
    jobs = schedule({"cleanup": (60.0, cleanup_expired_sessions)})
    async with aio.TaskGroup() as tg:
        for job in jobs:
            tg.create_task(every(60.0, job))
