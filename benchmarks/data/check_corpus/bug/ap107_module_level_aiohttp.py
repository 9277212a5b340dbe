# bug: AP107 a module-level aiohttp.ClientSession, created at import time outside any event loop and never closed
"""Helpers for a Discord-style webhook notifier."""

import logging

import aiohttp

log = logging.getLogger(__name__)

WEBHOOK = "https://chat.example.com/api/webhooks/123/abc"

session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))  # expect: AP107


async def notify(text: str, *, username: str = "deploy-bot") -> bool:
    payload = {"content": text[:2000], "username": username}
    async with session.post(WEBHOOK, json=payload) as resp:
        if resp.status >= 400:
            log.warning("webhook refused message: HTTP %d", resp.status)
            return False
    return True


async def notify_deploy(service: str, version: str) -> bool:
    return await notify(f"Deployed **{service}** {version}")


async def notify_failure(service: str, error: str) -> bool:
    return await notify(f"Deploy of **{service}** failed: `{error}`")
