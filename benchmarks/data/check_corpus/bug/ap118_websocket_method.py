# bug: AP118 a method iterates a websocket-owning async generator and returns from inside the async for
"""Subscribe to a price feed and wait for a threshold."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp


class PriceFeed:
    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url

    async def prices(self, symbol: str) -> AsyncIterator[float]:
        async with self.session.ws_connect(self.url) as ws:
            await ws.send_json({"subscribe": symbol})
            async for msg in ws:
                if msg.type is aiohttp.WSMsgType.TEXT:
                    yield float(json.loads(msg.data)["price"])

    async def wait_above(self, symbol: str, threshold: float) -> float:
        async for price in self.prices(symbol):
            if price >= threshold:
                return price  # expect: AP118
        raise ConnectionError("feed closed before the threshold was reached")
