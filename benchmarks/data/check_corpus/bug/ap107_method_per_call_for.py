# bug: AP107 a method opens a new ClientSession per call; the sync job awaits it once per record in a for loop
"""Sync local records to a CRM, one upsert per record."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

log = logging.getLogger(__name__)


@dataclass
class CRM:
    base_url: str
    token: str

    async def upsert(self, record: dict[str, Any]) -> int:
        headers = {"Authorization": f"Token {self.token}"}
        timeout = aiohttp.ClientTimeout(total=20)
        async with aiohttp.ClientSession(headers=headers, timeout=timeout) as http:  # expect: AP107
            async with http.put(f"{self.base_url}/contacts/{record['id']}", json=record) as resp:
                return resp.status


async def sync_all(crm: CRM, records: list[dict[str, Any]]) -> int:
    failures = 0
    for record in records:
        status = await crm.upsert(record)
        if status >= 400:
            failures += 1
            log.warning("record %s: HTTP %d", record["id"], status)
    return failures
