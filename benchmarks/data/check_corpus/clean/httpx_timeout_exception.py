# clean: httpx handler catching httpx.TimeoutException (and HTTPStatusError) around AsyncClient calls
# near: AP105
"""Fetch exchange rates with one retry on timeout."""

from __future__ import annotations

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


async def rates(client: httpx.AsyncClient, base: str = "EUR") -> dict[str, float]:
    for attempt in (1, 2):
        try:
            resp = await client.get("/latest", params={"base": base})
            resp.raise_for_status()
        except httpx.TimeoutException:
            log.warning("rates timed out (attempt %d)", attempt)
            if attempt == 2:
                raise
            await asyncio.sleep(1)
            continue
        except httpx.HTTPStatusError as exc:
            log.error("rates API said %d", exc.response.status_code)
            raise
        return {k: float(v) for k, v in resp.json()["rates"].items()}
    raise AssertionError("unreachable")


async def main() -> None:
    async with httpx.AsyncClient(base_url="https://rates.example.com", timeout=5.0) as client:
        print(await rates(client))


if __name__ == "__main__":
    asyncio.run(main())
