# bug: AP118 a paginating async generator owns a ClientSession; the consumer breaks out early without aclosing
"""Iterate over all events of an audit-log API lazily."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp


async def audit_events(base: str, token: str) -> AsyncIterator[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=30)) as session:
        url: str | None = f"{base}/audit/events"
        while url:
            async with session.get(url) as resp:
                resp.raise_for_status()
                page = await resp.json()
            for event in page["events"]:
                yield event
            url = page.get("next")


async def first_login_failure(base: str, token: str) -> dict[str, Any] | None:
    found = None
    async for event in audit_events(base, token):
        if event["type"] == "login.failed":
            found = event
            break  # expect: AP118
    return found


if __name__ == "__main__":
    print(asyncio.run(first_login_failure("https://audit.example.com", "t0k3n")))
