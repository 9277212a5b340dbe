# bug: AP104 except KeyError around a TaskGroup nested inside another try; the ExceptionGroup escapes it
"""Enrich orders with customer and inventory data before invoicing."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

CUSTOMERS: dict[int, dict[str, Any]] = {1: {"name": "Ada"}}
STOCK: dict[str, int] = {"sku-1": 3}


async def customer(order: dict[str, Any]) -> dict[str, Any]:
    await asyncio.sleep(0)
    return CUSTOMERS[order["customer_id"]]


async def stock(order: dict[str, Any]) -> int:
    await asyncio.sleep(0)
    return STOCK[order["sku"]]


async def enrich(order: dict[str, Any]) -> dict[str, Any] | None:
    try:
        log.debug("enriching order %s", order.get("id"))
        try:
            async with asyncio.TaskGroup() as tg:
                c = tg.create_task(customer(order))
                s = tg.create_task(stock(order))
        except KeyError as missing:  # expect: AP104
            log.warning("order %s references unknown %s", order.get("id"), missing)
            return None
        return {**order, "customer": c.result(), "in_stock": s.result()}
    finally:
        log.debug("done with order %s", order.get("id"))
