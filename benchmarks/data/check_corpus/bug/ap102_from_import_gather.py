# bug: AP102 gather imported by name; results filtered with isinstance(res, Exception)
"""Warm several caches at start-up; failures are logged, not fatal."""

import logging
from asyncio import gather

log = logging.getLogger("warmup")


async def warm_users(cache: dict[str, object]) -> int:
    cache["users"] = {"admin": 1}
    return 1


async def warm_products(cache: dict[str, object]) -> int:
    cache["products"] = {"sku-1": 10}
    return 1


async def warm_prices(cache: dict[str, object]) -> int:
    cache["prices"] = {"sku-1": 9.99}
    return 1


async def warm_all(cache: dict[str, object]) -> int:
    outcome = await gather(  # expect: AP102
        warm_users(cache),
        warm_products(cache),
        warm_prices(cache),
        return_exceptions=True,
    )
    warmed = 0
    for res in outcome:
        if isinstance(res, Exception):  # expect: AP102
            log.error("cache warm-up failed: %s", res)
            continue
        warmed += res
    return warmed
