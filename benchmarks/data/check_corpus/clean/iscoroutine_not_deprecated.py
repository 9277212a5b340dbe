# clean: asyncio.iscoroutine / inspect.isawaitable (not deprecated) to accept coroutines or plain values
# near: AP119
"""Accept a callback result that may be a coroutine, an awaitable or a plain value."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any


async def resolve(value: Any) -> Any:
    if asyncio.iscoroutine(value):
        return await value
    if inspect.isawaitable(value):
        return await value
    return value


async def call_all(callbacks: list[Any], event: str) -> list[Any]:
    results = []
    for cb in callbacks:
        results.append(await resolve(cb(event)))
    return results


async def async_cb(event: str) -> str:
    return f"async:{event}"


def sync_cb(event: str) -> str:
    return f"sync:{event}"


if __name__ == "__main__":
    print(asyncio.run(call_all([async_cb, sync_cb], "deploy")))
