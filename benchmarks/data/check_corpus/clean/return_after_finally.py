# clean: cleanup awaited in finally, the result returned after the try statement
# near: AP114
"""Run a SQL script over a connection and report how many statements ran."""

from __future__ import annotations

from typing import Protocol


class Conn(Protocol):
    async def execute(self, sql: str) -> None: ...

    async def close(self) -> None: ...


async def run_script(conn: Conn, script: str) -> int:
    statements = [s.strip() for s in script.split(";") if s.strip()]
    executed = 0
    try:
        for statement in statements:
            await conn.execute(statement)
            executed += 1
    finally:
        await conn.close()
    return executed


async def run_scripts(conn_factory: type[Conn], scripts: list[str]) -> list[int]:
    counts = []
    for script in scripts:
        counts.append(await run_script(conn_factory(), script))
    return counts
