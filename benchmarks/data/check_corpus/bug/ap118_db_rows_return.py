# bug: AP118 an async generator holding a pooled connection is left with `return` mid-iteration, without aclosing
"""Search a large table row by row without loading it all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol


class Conn(Protocol):
    def cursor(self, sql: str, *args: Any) -> AsyncIterator[dict[str, Any]]: ...


class Pool(Protocol):
    def acquire(self) -> Any: ...


async def stream_rows(pool: Pool, table: str) -> AsyncIterator[dict[str, Any]]:
    async with pool.acquire() as conn:
        async for row in conn.cursor(f"SELECT * FROM {table}"):  # noqa: S608
            yield row


async def find_customer(pool: Pool, email: str) -> dict[str, Any] | None:
    async for row in stream_rows(pool, "customers"):
        if row["email"] == email:
            return row  # expect: AP118
    return None
