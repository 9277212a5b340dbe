# bug: AP101 CancelledError imported by name and swallowed in a tuple handler that returns None
"""Fetch the price of a ticker from a quotes API, returning None when unavailable."""

from asyncio import CancelledError, timeout

import httpx

QUOTES_URL = "https://quotes.example.com/v1/price"


async def fetch_price(client: httpx.AsyncClient, ticker: str) -> float | None:
    try:
        async with timeout(3):
            resp = await client.get(QUOTES_URL, params={"symbol": ticker})
        resp.raise_for_status()
        return float(resp.json()["price"])
    except (CancelledError, httpx.HTTPError, KeyError, ValueError):  # expect: AP101
        return None
    except TimeoutError:
        return None


async def fetch_prices(client: httpx.AsyncClient, tickers: list[str]) -> dict[str, float]:
    prices: dict[str, float] = {}
    for ticker in tickers:
        price = await fetch_price(client, ticker)
        if price is not None:
            prices[ticker] = price
    return prices
