# bug: AP114 `continue` in finally inside an async for: errors and cancellation of each message are silently dropped
"""Relay messages from a subscription to a webhook."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx

log = logging.getLogger(__name__)


async def relay(messages: AsyncIterator[dict[str, str]], client: httpx.AsyncClient, hook: str) -> int:
    sent = 0
    async for message in messages:
        try:
            resp = await client.post(hook, json=message)
            resp.raise_for_status()
            sent += 1
        finally:
            log.debug("processed message %s", message.get("id"))
            continue  # expect: AP114
    return sent
