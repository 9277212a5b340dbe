# clean: outer asyncio.timeout plus an inner per-attempt timeout whose TimeoutError is caught outside the inner block
# near: AP103
"""Retry a flaky RPC: each attempt gets 1 s, the whole call gets 5 s."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Rpc(Protocol):
    async def call(self, method: str, payload: dict[str, object]) -> dict[str, object]: ...


async def call_with_retries(rpc: Rpc, method: str, payload: dict[str, object]) -> dict[str, object]:
    async with asyncio.timeout(5):
        attempt = 0
        while True:
            attempt += 1
            try:
                async with asyncio.timeout(1):
                    return await rpc.call(method, payload)
            except TimeoutError:
                log.warning("%s attempt %d timed out, retrying", method, attempt)
                await asyncio.sleep(min(0.1 * 2**attempt, 1.0))
