# clean: gather(return_exceptions=True): CancelledError re-raised first, then isinstance(r, Exception)
# near: AP102
"""Refresh three caches; a cancelled refresh stops the whole refresh."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


async def refresh_users() -> int:
    await asyncio.sleep(0.01)
    return 120


async def refresh_orders() -> int:
    await asyncio.sleep(0.02)
    return 45


async def refresh_prices() -> int:
    await asyncio.sleep(0.01)
    return 980


async def refresh() -> dict[str, int]:
    names = ("users", "orders", "prices")
    results = await asyncio.gather(refresh_users(), refresh_orders(), refresh_prices(), return_exceptions=True)
    counts: dict[str, int] = {}
    for name, result in zip(names, results):
        if isinstance(result, asyncio.CancelledError):
            raise result
        if isinstance(result, Exception):
            log.warning("refresh of %s failed: %s", name, result)
        elif isinstance(result, BaseException):
            raise result
        else:
            counts[name] = result
    return counts
