# clean: httpx calls inside asyncio.timeout, TimeoutError caught outside (asyncio.timeout raises it)
# near: AP105, AP103
"""Collect metrics from several exporters within an overall budget."""

from __future__ import annotations

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


async def scrape(client: httpx.AsyncClient, targets: tuple[str, ...], budget: float = 2.0) -> dict[str, str]:
    collected: dict[str, str] = {}
    try:
        async with asyncio.timeout(budget):
            for target in targets:
                resp = await client.get(f"http://{target}/metrics")
                collected[target] = resp.text
    except TimeoutError:
        log.warning("scrape budget of %.1fs exceeded after %d targets", budget, len(collected))
    except httpx.TimeoutException:
        log.warning("a single exporter timed out")
    return collected
