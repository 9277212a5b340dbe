# bug: AP110 the program starts with asyncio.get_event_loop().run_until_complete(main()) (deprecated; errors on 3.14)
# target: 3.14
"""Worker entry point: consume jobs until interrupted."""

import asyncio
import logging

log = logging.getLogger("worker")


async def handle(job: str) -> None:
    await asyncio.sleep(0.05)
    log.info("handled %s", job)


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for n in range(10):
        queue.put_nowait(f"job-{n}")
    while not queue.empty():
        await handle(await queue.get())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    loop = asyncio.get_event_loop()  # expect: AP110
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
