# clean: asyncio.timeout wrapping a TaskGroup, TimeoutError caught outside; except* for the workers' own errors
# near: AP104, AP103
"""Fetch shards of a result set in parallel, within one deadline."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)


async def shard(client: httpx.AsyncClient, n: int, out: dict[int, Any]) -> None:
    resp = await client.get(f"/shards/{n}")
    resp.raise_for_status()
    out[n] = resp.json()


async def all_shards(client: httpx.AsyncClient, count: int = 4, deadline: float = 10.0) -> dict[int, Any]:
    out: dict[int, Any] = {}
    try:
        async with asyncio.timeout(deadline):
            try:
                async with asyncio.TaskGroup() as tg:
                    for n in range(count):
                        tg.create_task(shard(client, n, out))
            except* httpx.HTTPStatusError as group:
                log.error("%d shards failed", len(group.exceptions))
                raise
    except TimeoutError:
        log.error("shards not complete after %.0fs (%d/%d)", deadline, len(out), count)
        raise
    return out
