# bug: AP117 main() cancels the heartbeat task in finally and exits without awaiting it
"""Leader-election client: hold a lease while doing work."""

import asyncio
import logging

log = logging.getLogger("leader")


async def keep_lease(name: str, ttl: float) -> None:
    while True:
        log.debug("renewing lease for %s", name)
        await asyncio.sleep(ttl / 3)


async def do_work() -> None:
    for step in range(5):
        await asyncio.sleep(0.2)
        log.info("step %d done", step)


async def main() -> None:
    heartbeat = asyncio.create_task(keep_lease("reports", ttl=9.0))
    try:
        await do_work()
    finally:
        heartbeat.cancel()  # expect: AP117


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
