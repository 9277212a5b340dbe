# bug: AP105 except asyncio.TimeoutError around httpx calls: httpx raises httpx.TimeoutException, not TimeoutError
"""Weather lookup with a short timeout and a cached fallback."""

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)

_cache: dict[str, dict[str, float]] = {}


async def current_weather(city: str) -> dict[str, float] | None:
    async with httpx.AsyncClient(base_url="https://api.weather.example", timeout=2.0) as client:
        try:
            resp = await client.get("/current", params={"q": city})
            resp.raise_for_status()
        except asyncio.TimeoutError:  # expect: AP105
            log.warning("weather API timed out for %s, using cache", city)
            return _cache.get(city)
    data = resp.json()
    _cache[city] = {"temp": float(data["temp"]), "wind": float(data["wind"])}
    return _cache[city]
