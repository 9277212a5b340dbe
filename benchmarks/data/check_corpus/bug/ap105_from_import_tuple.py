# bug: AP105 `from httpx import AsyncClient`; except (TimeoutError, ConnectError) retries never see a timeout
"""Retry a GET a few times on connection problems and timeouts."""

import asyncio
import random

from httpx import AsyncClient, ConnectError, Response


async def get_with_retry(client: AsyncClient, url: str, attempts: int = 4) -> Response:
    delay = 0.5
    for attempt in range(1, attempts + 1):
        try:
            return await client.get(url)
        except (TimeoutError, ConnectError):  # expect: AP105
            if attempt == attempts:
                raise
            await asyncio.sleep(delay + random.uniform(0, delay))
            delay *= 2
    raise AssertionError("unreachable")


async def main() -> None:
    async with AsyncClient(timeout=5.0) as client:
        resp = await get_with_retry(client, "https://example.com/status")
        print(resp.status_code)


if __name__ == "__main__":
    asyncio.run(main())
