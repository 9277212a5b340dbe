# clean: except BaseException for rollback, then a bare raise
# near: AP101
"""Apply a batch of writes atomically to a key/value store."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Store(Protocol):
    async def set(self, key: str, value: bytes | None) -> None: ...

    async def get(self, key: str) -> bytes | None: ...


async def apply_batch(store: Store, writes: dict[str, bytes]) -> None:
    previous: dict[str, bytes | None] = {}
    try:
        for key, value in writes.items():
            previous[key] = await store.get(key)
            await store.set(key, value)
    except BaseException:
        log.warning("rolling back %d writes", len(previous))
        for key, old in previous.items():
            await store.set(key, old)
        raise
