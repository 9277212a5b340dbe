# bug: AP119 @asyncio.coroutine generator-based coroutine (removed in Python 3.11)
"""Legacy retry helper kept from an old code base."""

import asyncio
import logging

log = logging.getLogger(__name__)


@asyncio.coroutine  # expect: AP119
def retry(func, attempts=3, delay=0.5):
    for attempt in range(attempts):
        try:
            result = yield from func()
            return result
        except ConnectionError:
            log.warning("attempt %d failed", attempt + 1)
            yield from asyncio.sleep(delay)
    raise ConnectionError("all attempts failed")


async def flaky() -> str:
    await asyncio.sleep(0)
    return "ok"


async def main() -> None:
    print(await retry(flaky))


if __name__ == "__main__":
    asyncio.run(main())
