# bug: AP111 a client method reads payload = await resp.json(content_type=None) after leaving self._session.request(...)
"""Client for an internal inventory service."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)


class InventoryClient:
    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base = base_url.rstrip("/")

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self._session.request(method, f"{self._base}{path}", **kwargs) as resp:
            log.debug("%s %s -> %d", method, path, resp.status)
            if resp.status == 204:
                return None
            resp.raise_for_status()
        payload = await resp.json(content_type=None)  # expect: AP111
        return payload

    async def stock(self, sku: str) -> int:
        data = await self._request("GET", f"/stock/{sku}")
        return int(data["quantity"])

    async def reserve(self, sku: str, quantity: int) -> None:
        await self._request("POST", f"/stock/{sku}/reservations", json={"quantity": quantity})
