# bug: AP103 except TimeoutError inside the async with asyncio.timeout() block never sees that block's expiry
"""Fetch a config document with a deadline, falling back to defaults."""

import asyncio
import json
import logging

import aiohttp

log = logging.getLogger(__name__)

DEFAULTS = {"feature_flags": {}, "refresh_seconds": 60}


async def load_remote_config(session: aiohttp.ClientSession, url: str) -> dict[str, object]:
    async with asyncio.timeout(2.5):
        try:
            async with session.get(url) as resp:
                resp.raise_for_status()
                text = await resp.text()
        except TimeoutError:  # expect: AP103
            log.warning("config server too slow, using defaults")
            return dict(DEFAULTS)
    config: dict[str, object] = json.loads(text)
    return {**DEFAULTS, **config}
