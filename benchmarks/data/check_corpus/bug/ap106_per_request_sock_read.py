# bug: AP106 per-request timeout=aiohttp.ClientTimeout(sock_read=15): a server that trickles bytes never times out
"""Geocode addresses through a public geocoding API, one request per address."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

GEOCODE_URL = "https://geocode.example.org/search"


class Geocoder:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def locate(self, address: str) -> tuple[float, float] | None:
        params = {"q": address, "format": "json", "limit": "1"}
        async with self._session.get(
            GEOCODE_URL,
            params=params,
            timeout=aiohttp.ClientTimeout(sock_read=15),  # expect: AP106
        ) as resp:
            if resp.status != 200:
                log.warning("geocode %r: HTTP %d", address, resp.status)
                return None
            hits: list[dict[str, Any]] = await resp.json()
        if not hits:
            return None
        return float(hits[0]["lat"]), float(hits[0]["lon"])
