# bug: AP102 isinstance(result, (OSError, Exception)) tuple still misses CancelledError among gather results
"""Push a notification to a handful of channels; report which ones failed."""

from __future__ import annotations

import asyncio
import dataclasses


@dataclasses.dataclass
class Notification:
    title: str
    body: str


async def send_email(n: Notification) -> str:
    await asyncio.sleep(0.01)
    return "email"


async def send_slack(n: Notification) -> str:
    await asyncio.sleep(0.01)
    return "slack"


async def send_sms(n: Notification) -> str:
    await asyncio.sleep(0.01)
    return "sms"


async def broadcast(n: Notification) -> tuple[list[str], list[str]]:
    channels = ("email", "slack", "sms")
    results = await asyncio.gather(send_email(n), send_slack(n), send_sms(n), return_exceptions=True)  # expect: AP102
    delivered: list[str] = []
    failed: list[str] = []
    for channel, result in zip(channels, results):
        if isinstance(result, (OSError, Exception)):  # expect: AP102
            failed.append(channel)
        else:
            delivered.append(result)
    return delivered, failed
