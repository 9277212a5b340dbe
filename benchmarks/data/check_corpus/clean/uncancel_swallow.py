# clean: a CancelledError handled only when our own deadline caused it: uncancel() then convert, otherwise re-raise
# near: AP101
"""A hand-rolled per-attempt deadline that tells its own cancellation from the caller's."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class AttemptTimeout(Exception):
    pass


async def with_deadline(make: Callable[[], Awaitable[T]], seconds: float) -> T:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    fired = False

    def expire() -> None:
        nonlocal fired
        fired = True
        task.cancel()

    handle = loop.call_later(seconds, expire)
    try:
        return await make()
    except asyncio.CancelledError:
        if fired and task.uncancel() == 0:
            raise AttemptTimeout(f"no answer within {seconds}s") from None
        raise
    finally:
        handle.cancel()
