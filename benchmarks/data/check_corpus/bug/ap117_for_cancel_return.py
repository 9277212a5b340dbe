# bug: AP117 workers are cancelled at shutdown and the coroutine returns without awaiting them
"""Fan a queue out to a fixed pool of workers and shut them down when it drains."""

import asyncio
import logging

log = logging.getLogger(__name__)


async def worker(name: str, queue: "asyncio.Queue[int]") -> None:
    while True:
        n = await queue.get()
        try:
            await asyncio.sleep(n / 1000)
            log.info("%s slept %d ms", name, n)
        finally:
            queue.task_done()


async def run_pool(jobs: list[int], size: int = 4) -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    tasks = [asyncio.create_task(worker(f"w{i}", queue)) for i in range(size)]
    await queue.join()
    for t in tasks:
        t.cancel()  # expect: AP117
    log.info("pool drained")
