# clean: asyncio.timeout() with TimeoutError caught outside the block
# near: AP103
"""Ask a slow recommendation service, fall back to best sellers after 300 ms."""

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)

BEST_SELLERS = ["sku-1", "sku-2", "sku-3"]


async def recommendations(client: httpx.AsyncClient, user_id: int) -> list[str]:
    try:
        async with asyncio.timeout(0.3):
            resp = await client.get(f"/recommendations/{user_id}")
            resp.raise_for_status()
            items: list[str] = resp.json()["items"]
    except TimeoutError:
        log.info("recommendations slow for %d, using best sellers", user_id)
        return list(BEST_SELLERS)
    except httpx.HTTPError as exc:
        log.warning("recommendations failed: %s", exc)
        return list(BEST_SELLERS)
    return items
