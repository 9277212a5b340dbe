# bug: AP113 a transaction __aexit__ rolls back, then returns True, swallowing every error and cancellation
"""Async transaction helper for a DB-API-like driver."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Protocol

log = logging.getLogger(__name__)


class Connection(Protocol):
    async def execute(self, sql: str) -> None: ...


class Transaction:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def __aenter__(self) -> Connection:
        await self.conn.execute("BEGIN")
        return self.conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc_type is None:
            await self.conn.execute("COMMIT")
        else:
            log.warning("rolling back: %r", exc)
            await self.conn.execute("ROLLBACK")
        return True  # expect: AP113
