# bug: AP102 a comprehension keeps every result that is not an Exception, so CancelledError objects leak in
"""Load user profiles for a dashboard, skipping the ones that fail."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)


class ProfileLoader:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def _load(self, user_id: int) -> dict[str, Any]:
        resp = await self._client.get(f"/users/{user_id}")
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data

    async def load_team(self, team: tuple[int, int, int, int]) -> list[dict[str, Any]]:
        results = await asyncio.gather(*(self._load(uid) for uid in team), return_exceptions=True)  # expect: AP102
        failed = sum(1 for r in results if isinstance(r, Exception))
        if failed:
            log.warning("%d of %d profiles failed", failed, len(results))
        return [r for r in results if not isinstance(r, Exception)]  # expect: AP102
