# bug: AP108 the Semaphore is created inside the per-item coroutine, so every call gets its own and nothing is limited
"""Fetch many API records 'at most ten at a time'."""

import asyncio
from typing import Any

import httpx


async def fetch_record(client: httpx.AsyncClient, record_id: int) -> dict[str, Any]:
    limit = asyncio.Semaphore(10)  # expect: AP108
    async with limit:
        resp = await client.get(f"/records/{record_id}")
        resp.raise_for_status()
        record: dict[str, Any] = resp.json()
        return record


async def fetch_records(record_ids: list[int]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url="https://records.example.com", timeout=10.0) as client:
        return await asyncio.gather(*(fetch_record(client, rid) for rid in record_ids))  # expect: AP108
